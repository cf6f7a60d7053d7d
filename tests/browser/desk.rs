//! The editor's desk in a Chinese browser (issue 15): the account's time
//! zone, a schedule read in it and kept when refused, what each action
//! says, the passages search shows, and a renamed tag's old address.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveTime, Utc};
use chrono_tz::Asia::Shanghai;

use crate::harness::{browser, serve};

#[tokio::test]
async fn an_editor_in_beijing_schedules_searches_and_renames_in_chinese() {
    let Some(b) = browser("an_editor_in_beijing_schedules_searches_and_renames_in_chinese").await
    else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;

    // The zone: Beijing, chosen on the account page.
    b.goto(&server, "/admin/account").await;
    b.wait("#time-zone")
        .await
        .select_by_value("Asia/Shanghai")
        .await
        .unwrap();
    b.click("#save-preferences").await;
    b.text_until("#flash", |t| {
        t == "已保存：时间按 北京时间 (Asia/Shanghai) 显示。"
    })
    .await;

    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    let editor = format!("/admin/articles/{id}");
    let pick = |value: String| {
        let b = &b;
        async move {
            let picker = b.wait("#field-at").await;
            b.client
                .execute(
                    "arguments[0].value = arguments[1];",
                    vec![serde_json::to_value(&picker).unwrap(), value.into()],
                )
                .await
                .unwrap();
            b.click("#schedule").await;
        }
    };

    // A schedule in the past: the picker's `min` stops it in the browser…
    b.goto(&server, &editor).await;
    pick("2020-01-01T08:00".into()).await;
    let invalid = b
        .client
        .execute(
            "return document.querySelector('#field-at').matches(':invalid');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(invalid, serde_json::Value::Bool(true));
    assert_eq!(b.path().await, editor, "still on the form");
    // …and where a browser does not check, the server refuses it beside
    // the picker, the text kept.
    b.client
        .execute(
            "document.querySelector('#field-at').removeAttribute('min');",
            vec![],
        )
        .await
        .unwrap();
    pick("2020-01-01T08:00".into()).await;
    b.text_until("#error-at", |t| t.starts_with("这个时间已经过去"))
        .await;
    assert_eq!(b.value("#field-at").await, "2020-01-01T08:00");

    // Tomorrow 08:00 in Beijing is 00:00 UTC.
    let tomorrow = Utc::now().with_timezone(&Shanghai).date_naive() + Days::days(1);
    pick(format!("{tomorrow}T08:00")).await;
    b.text_until("#flash", |t| {
        t == format!("已定时：将于 {tomorrow} 08:00 (北京时间 UTC+8) 发布。")
    })
    .await;
    let at: i64 = sqlx::query_scalar("SELECT scheduled_at FROM articles WHERE id = ?1")
        .bind(id)
        .fetch_one(&server.pool)
        .await
        .unwrap();
    let midnight_utc = tomorrow.and_time(NaiveTime::MIN).and_utc();
    assert_eq!(at, midnight_utc.timestamp());
    assert_eq!(b.attr("#current-status", "data-status").await, "scheduled");

    // The time comes (it is set to a minute ago; "this morning in
    // Beijing" is still to come in UTC late in the day): the scheduler
    // publishes it, at that time.
    let due = Utc::now() - Days::seconds(60);
    sqlx::query("UPDATE articles SET scheduled_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(due.timestamp())
        .execute(&server.pool)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let status: String = sqlx::query_scalar("SELECT status FROM articles WHERE id = ?1")
            .bind(id)
            .fetch_one(&server.pool)
            .await
            .unwrap();
        if status == "published" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the scheduler never published it"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    b.goto(&server, &editor).await;
    let shown = due.with_timezone(&Shanghai).format("%Y-%m-%d %H:%M");
    b.text_until("#publishing", |t| {
        t.contains(&format!("发布于 {shown} (北京时间 UTC+8)"))
    })
    .await;

    // Search: the passage that matched, highlighted, for 2 and 1 characters.
    for q in ["金融", "融"] {
        b.goto(&server, "/admin/articles").await;
        b.fill("input[name=q]", q).await;
        b.click("#search-button").await;
        b.wait("#articles .passage mark").await;
        let marks = b.texts("#articles .passage mark").await;
        assert!(
            !marks.is_empty() && marks.iter().all(|m| m == q),
            "{q}: {marks:?}"
        );
    }

    // A tag renamed: the old public address leads to the new one.
    b.goto(&server, &editor).await;
    b.fill("#tag-input", "旧的标签,").await;
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存")).await;
    b.goto(&server, "/admin/tags?q=%E6%97%A7%E7%9A%84").await;
    b.fill("#tags tr[data-tag='旧的标签'] input[type=text]", "新的标签")
        .await;
    b.click("#tags tr[data-tag='旧的标签'] button[form^=rename]")
        .await;
    b.text_until("#flash", |t| t == "标签已重命名为“新的标签”。")
        .await;
    b.goto(&server, "/tags/%E6%97%A7%E7%9A%84%E6%A0%87%E7%AD%BE")
        .await;
    b.text_until("h1", |t| t == "标签：新的标签").await;
    assert_eq!(b.path().await, "/tags/%E6%96%B0%E7%9A%84%E6%A0%87%E7%AD%BE");
}

/// The screenshots in `docs/screenshots/`, remade by
/// `FOLIO_SCREENSHOTS=docs/screenshots cargo test --test browser screenshots -- --ignored`:
/// the dashboard, the list searched, the editor and a public article, in a
/// Chinese browser, 1280 pixels wide.
#[tokio::test]
#[ignore = "writes docs/screenshots when FOLIO_SCREENSHOTS names the folder"]
async fn screenshots() {
    let Some(folder) = std::env::var_os("FOLIO_SCREENSHOTS") else {
        eprintln!("FOLIO_SCREENSHOTS names no folder: nothing written");
        return;
    };
    let Some(b) = browser("screenshots").await else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, slug): (i64, String) = sqlx::query_as(
        "SELECT id, slug FROM articles WHERE status = 'published' ORDER BY id LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    let shots = [
        ("dashboard", "/admin".to_owned(), "main"),
        (
            "list",
            "/admin/articles?q=%E9%87%91%E8%9E%8D".to_owned(),
            "#articles",
        ),
        ("editor", format!("/admin/articles/{id}"), "#preview p"),
        ("public-article", format!("/articles/{slug}"), "article"),
    ];
    std::fs::create_dir_all(&folder).unwrap();
    for (name, path, ready) in shots {
        b.goto(&server, &path).await;
        b.wait(ready).await;
        // The message of the zone proposal and any message waiting: a
        // moment for the script to settle.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = b.client.screenshot().await.unwrap();
        std::fs::write(
            std::path::Path::new(&folder).join(format!("{name}.png")),
            png,
        )
        .unwrap();
    }
}
