//! The media library in a browser (issue 17): upload by the page's form,
//! find the image by its file name, see it unused, delete it.

use crate::harness::{browser, serve};

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
