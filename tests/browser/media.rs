//! The media library in a browser (issue 17): upload by the page's form,
//! find the image by its file name, see it unused, delete it.

use crate::harness::{browser, serve, serve_with};
use crate::image_server::serve_images;

#[tokio::test]
async fn an_editor_uploads_finds_and_deletes_an_unused_image() {
    let Some(b) = browser("an_editor_uploads_finds_and_deletes_an_unused_image").await else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    b.click("header nav a[href='/admin/media']").await;
    assert_eq!(b.text("h1").await.split_whitespace().next(), Some("媒体库"));

    let file = server.dir.path().join("风景.jpg");
    let img = image::RgbImage::from_fn(800, 500, |x, _| image::Rgb([(x % 256) as u8, 90, 160]));
    img.save(&file).unwrap();
    b.wait("#media-upload input[type=file]")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    b.click("#media-upload button[type=submit]").await;
    b.text_until("#flash", |t| t.contains("已上传 1 张图片"))
        .await;
    assert_eq!(b.texts("#media-grid li .name").await, ["风景.jpg"]);

    b.fill("#media-search", "风景").await;
    b.click("#media-unused").await;
    b.click("form.filters button[type=submit]").await;
    b.wait_path("unused=1").await;
    assert_eq!(b.text("#media-grid li .badge").await, "未使用");
    b.click("#media-grid li a").await;
    assert_eq!(b.text("#media-uses").await, "没有文章使用这张图片。");
    b.click("#media-delete").await;
    b.client.accept_alert().await.unwrap();
    b.text_until("#flash", |t| t.contains("已删除")).await;
    assert_eq!(b.text("#total").await, "0");
}

#[tokio::test]
async fn an_editor_brings_a_scraped_posts_images_home_and_reads_the_report() {
    let Some(b) =
        browser("an_editor_brings_a_scraped_posts_images_home_and_reads_the_report").await
    else {
        return;
    };
    let images = serve_images().await;
    let server = serve_with(&[("FOLIO_MEDIA_FETCH_ALLOW", "127.0.0.1")]).await;
    // The seed as scraped, its image on a site of our own.
    let (id, body): (i64, String) =
        sqlx::query_as("SELECT id, body FROM articles WHERE slug = '001_536809ad39583f54'")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    let scraped = body.replace(
        "https://image.yunyingpai.com/wp/2021/12/",
        &format!("{images}/good/"),
    );
    sqlx::query("UPDATE articles SET body = ?1, headimg = NULL, thumbnail = NULL WHERE id = ?2")
        .bind(&scraped)
        .bind(id)
        .execute(&server.pool)
        .await
        .unwrap();

    b.login(&server, "editor").await;
    b.goto(&server, &format!("/admin/articles/{id}")).await;
    b.click("#fetch-images").await;
    b.wait_path("/admin/media/fetches/").await;
    let summary = b.text_until("#fetch-summary", |t| !t.is_empty()).await;
    assert!(summary.contains("下载 1 张"), "{summary}");
    assert_eq!(b.text("#fetch-items td").await, "已下载");
    let (after,): (String,) = sqlx::query_as("SELECT body FROM articles WHERE id = ?1")
        .bind(id)
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(after.contains(r#"data-origin-src=""#) && after.contains("/media/"));
}
