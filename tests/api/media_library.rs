//! The media library page (issue 17): upload by form, search, the unused
//! filter, where an image is used, and deleting only what nothing uses.

use reqwest::multipart::{Form, Part};

use crate::app::{Session, TestApp, select_texts};
use crate::media::{jpeg, png, upload, when_made};

/// Posts the library's upload form with these files.
async fn upload_form(s: &Session, files: Vec<(&str, Vec<u8>)>) -> reqwest::Response {
    let mut form = Form::new().text("csrf", s.csrf.clone());
    for (name, bytes) in files {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
    }
    s.client
        .post(format!("{}/admin/media", s.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn shown(html: &scraper::Html) -> Vec<String> {
    select_texts(html, "#media-grid li .name")
}

#[tokio::test]
async fn images_uploaded_by_form_are_listed_searched_and_filtered() {
    let app = TestApp::spawn().await;
    let author = app.login("author").await;
    let r = upload_form(
        &author,
        vec![
            ("封面.png", png(40, 30)),
            ("photo.jpg", jpeg(64, 48)),
            (
                "page.jpg",
                b"<!DOCTYPE html><html><body>no</body></html>".to_vec(),
            ),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let page = author.html("/admin/media").await;
    let flash = select_texts(&page, "#flash").concat();
    assert!(
        flash.contains("已上传 2 张图片") && flash.contains("page.jpg") && flash.contains("HTML"),
        "{flash}"
    );
    assert_eq!(shown(&page), ["photo.jpg", "封面.png"], "newest first");
    assert_eq!(select_texts(&page, "#total").concat(), "2");

    // Used by an article: found by its title, and no longer unused.
    let token = app.token_for(2).await;
    let hash: String = sqlx::query_scalar("SELECT hash FROM media WHERE file_name = 'photo.jpg'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let body = format!(r#"<p><img src="/media/{hash}.jpg"></p>"#);
    let r = app
        .api_create_article(
            &token,
            &serde_json::json!({ "title": "数字科技的图", "slug": "pic", "body": body }),
        )
        .await;
    assert_eq!(r.status(), 201);
    let by_article = author.html("/admin/media?q=数字科技").await;
    assert_eq!(shown(&by_article), ["photo.jpg"]);
    let by_name = author.html("/admin/media?q=封面").await;
    assert_eq!(shown(&by_name), ["封面.png"]);
    let unused = author.html("/admin/media?unused=1").await;
    assert_eq!(shown(&unused), ["封面.png"]);

    // The same for machines.
    let listed = app
        .api_get_json(&token, "/admin/api/media?q=%E6%95%B0%E5%AD%97")
        .await;
    assert_eq!(listed["total"], 1, "{listed}");
    assert_eq!(listed["media"][0]["file_name"], "photo.jpg");
    assert_eq!(listed["media"][0]["uses"], 1);
    assert_eq!(listed["media"][0]["url"], format!("/media/{hash}.jpg"));

    for bad in ["per_page=0", "per_page=201", "page=0"] {
        let r = app
            .api(
                reqwest::Method::GET,
                &token,
                &format!("/admin/api/media?{bad}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{bad}");
    }

    // The image's page says where it is used, and offers no delete.
    let item = author.html(&format!("/admin/media/{hash}")).await;
    assert_eq!(
        select_texts(&item, "#media-uses a").concat(),
        "数字科技的图"
    );
    assert!(select_texts(&item, "#media-delete").is_empty());
    // Its copies are made in the background, and the page lists them.
    when_made(&app, &format!("/media/{hash}-64.webp")).await;
    let item = author.html(&format!("/admin/media/{hash}")).await;
    assert!(item.html().contains(&format!("/media/{hash}-64.webp")));
}

#[tokio::test]
async fn only_images_no_article_uses_are_deleted_and_only_by_editors() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let (_, kept) = upload(&app, &token, "a.jpg", jpeg(700, 500)).await;
    let hash = kept["hash"].as_str().unwrap().to_owned();
    let copy = format!("/media/{hash}-480.jpg");
    when_made(&app, &copy).await;

    let author = app.login("author").await;
    let r = author
        .post(&format!("/admin/media/{hash}/delete"), &[("confirm", "1")])
        .await;
    assert_eq!(r.status(), 403, "authors upload, editors delete");

    let editor = app.login("editor").await;
    // In use: refused, nothing removed.
    let body = format!(r#"<img src="/media/{hash}.jpg">"#);
    let made: serde_json::Value = app
        .api_create_article(
            &token,
            &serde_json::json!({ "title": "t", "slug": "t", "body": body }),
        )
        .await
        .json()
        .await
        .unwrap();
    let r = editor
        .post(&format!("/admin/media/{hash}/delete"), &[("confirm", "1")])
        .await;
    assert_eq!(r.status(), 303);
    let flash = select_texts(
        &editor.html(&format!("/admin/media/{hash}")).await,
        "#flash",
    )
    .concat();
    assert!(flash.contains("正被文章使用"), "{flash}");
    assert_eq!(app.visit(&copy).await.status(), 200);

    // Unused again: asked first, then gone with its copies.
    let r = app
        .api_update_article(
            &token,
            made["id"].as_i64().unwrap(),
            &serde_json::json!({ "version": made["version"], "body": "<p>无图</p>" }),
        )
        .await;
    assert_eq!(r.status(), 200);
    let asked = editor
        .post(&format!("/admin/media/{hash}/delete"), &[])
        .await;
    let (question, done) = editor.answer_yes(asked).await;
    assert!(question.contains("a.jpg"), "{question}");
    assert_eq!(done.status(), 303);
    for path in [format!("/media/{hash}.jpg"), copy] {
        assert_eq!(app.visit(&path).await.status(), 404, "{path}");
    }
    let files = std::fs::read_dir(app.media_dir()).unwrap().count();
    assert_eq!(
        files, 0,
        "the original and its copies removed from the store"
    );
}
