//! The editor's desk (issue 15): each user's language and time zone, and
//! the message an action leaves for the next page.

use scraper::Selector;

use crate::app::{TestApp, select_texts};

fn flash(html: &scraper::Html) -> Vec<String> {
    select_texts(html, "#flash")
}

#[tokio::test]
async fn a_user_chooses_language_and_zone_and_is_told_once() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;

    let account = s.html("/admin/account").await;
    let zones = account
        .select(&Selector::parse("#time-zone option").unwrap())
        .count();
    assert!(zones > 400, "every IANA zone is offered: {zones}");
    assert_eq!(
        select_texts(&account, "#time-zone option[selected]"),
        ["UTC"],
        "FOLIO_TIMEZONE until the user chooses"
    );

    let r = s
        .post(
            "/admin/account/preferences",
            &[("lang", "en"), ("time_zone", "Asia/Shanghai")],
        )
        .await;
    assert_eq!(r.status(), 303);
    // Told in the language just chosen, once.
    let page = s.html("/admin/account").await;
    assert_eq!(
        flash(&page),
        ["Saved: times are shown in Beijing time (Asia/Shanghai)."]
    );
    assert_eq!(
        select_texts(&page, "#time-zone option[selected]"),
        ["Beijing time (Asia/Shanghai)"]
    );
    assert!(flash(&s.html("/admin/account").await).is_empty());

    // The choice beats the browser's Accept-Language (none sent here, so
    // FOLIO_ADMIN_LANG would be Chinese), and times carry the zone.
    let tokens = s.html("/admin/tokens").await;
    assert_eq!(select_texts(&tokens, "h1"), ["API tokens"]);
    s.post(
        "/admin/tokens",
        &[("name", "nightly"), ("password", crate::app::PASSWORD)],
    )
    .await;
    let tokens = s.html("/admin/tokens").await;
    let created = select_texts(&tokens, "#tokens tr[data-name=nightly] td:nth-child(3)");
    assert!(created[0].ends_with("(Beijing time UTC+8)"), "{created:?}");

    // Back to the browser's language.
    s.post(
        "/admin/account/preferences",
        &[("lang", ""), ("time_zone", "Asia/Shanghai")],
    )
    .await;
    let page = s.html("/admin/account").await;
    assert_eq!(
        flash(&page),
        ["已保存：时间按 北京时间 (Asia/Shanghai) 显示。"]
    );
    assert_eq!(page.root_element().value().attr("lang"), Some("zh-CN"));

    let bad = s
        .post(
            "/admin/account/preferences",
            &[("lang", "fr"), ("time_zone", "Mars/Olympus")],
        )
        .await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn the_browsers_zone_is_proposed_until_the_user_answers() {
    let app = TestApp::spawn_with(&[("FOLIO_TIMEZONE", "Europe/Vienna")]).await;
    let s = app.login("editor").await;
    let page = s.html("/admin/articles").await;
    let proposal = select_texts(&page, "#zone-proposal > span");
    assert_eq!(proposal, ["时间按 Europe/Vienna 显示。"]);
    // Without a script the default can be kept; the script offers the
    // browser's zone in the hidden button.
    assert_eq!(
        page.select(&Selector::parse("#zone-keep").unwrap())
            .next()
            .and_then(|b| b.value().attr("value")),
        Some("Europe/Vienna")
    );

    let r = s
        .client
        .post(format!("{}/admin/account/zone", app.base))
        .header("referer", format!("{}/admin/articles?page=2", app.base))
        .form(&[("csrf", s.csrf.as_str()), ("time_zone", "Asia/Taipei")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        "/admin/articles?page=2",
        "back where the answer was given"
    );
    let page = s.html("/admin/articles").await;
    assert!(select_texts(&page, "#zone-proposal > span").is_empty());
    assert_eq!(flash(&page), ["时区已设为 台北时间 (Asia/Taipei)。"]);
    let dates = select_texts(&page, "#articles td.date");
    assert!(
        dates.iter().all(|d| d.ends_with("(台北时间 UTC+8)")),
        "{dates:?}"
    );
}

#[tokio::test]
async fn error_messages_follow_accept_language_and_codes_stay_english() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let create = |accept: Option<&'static str>| {
        let mut r = app
            .api(reqwest::Method::POST, &token, "/admin/api/articles")
            .json(&serde_json::json!({ "title": " ", "slug": "x", "body": "b" }));
        if let Some(a) = accept {
            r = r.header("accept-language", a);
        }
        r
    };
    let body = |r: reqwest::Response| async move {
        assert_eq!(r.status(), 422);
        r.json::<serde_json::Value>().await.unwrap()["error"].clone()
    };
    let zh = body(create(None).send().await.unwrap()).await;
    assert_eq!(zh["code"], "invalid");
    assert_eq!(zh["message"], "title：标题不能为空");
    let en = body(create(Some("en-US,en;q=0.9")).send().await.unwrap()).await;
    assert_eq!(en["code"], "invalid");
    assert_eq!(en["message"], "title: the title is empty");

    // The public API too, by the client's header, else FOLIO_SITE_LANG.
    let missing = |accept: &'static str| {
        app.client()
            .get(format!("{}/api/articles/no-such-article", app.base))
            .header("accept-language", accept)
            .send()
    };
    let r = missing("en").await.unwrap();
    assert_eq!(r.status(), 404);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        (e["error"]["code"].as_str(), e["error"]["message"].as_str()),
        (Some("not_found"), Some("not found"))
    );
    let e: serde_json::Value = missing("zh-CN").await.unwrap().json().await.unwrap();
    assert_eq!(e["error"]["message"], "找不到该页面或对象");
}
