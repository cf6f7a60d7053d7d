//! The editor's desk (issue 15): each user's language and time zone, and
//! the message an action leaves for the next page.

use scraper::Selector;

use crate::app::{TestApp, select_texts};

const SEED_A: &str = "000_94ec247d2f0d791e";

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

#[tokio::test]
async fn a_schedule_is_read_in_the_users_zone_and_a_bad_one_keeps_the_form() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    s.post(
        "/admin/account/preferences",
        &[("lang", ""), ("time_zone", "Asia/Shanghai")],
    )
    .await;
    let id = app.article_id(SEED_A).await;
    let path = format!("/admin/articles/{id}/schedule");

    for (typed, why) in [
        ("2026-13-01T08:00", "无法识别的日期和时间"),
        ("2020-01-01T08:00", "这个时间已经过去"),
    ] {
        let r = s.post(&path, &[("at", typed)]).await;
        assert_eq!(r.status(), 422, "{typed}");
        let html = scraper::Html::parse_document(&r.text().await.unwrap());
        assert!(
            select_texts(&html, "#error-at")[0].starts_with(why),
            "{typed}"
        );
        let picker = html
            .select(&Selector::parse("#field-at").unwrap())
            .next()
            .unwrap();
        assert_eq!(picker.value().attr("value"), Some(typed), "kept");
        assert_eq!(picker.value().attr("aria-invalid"), Some("true"));
    }

    // 08:00 in Beijing, a year from now, is 00:00 UTC.
    let year = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        + 1;
    let r = s
        .post(&path, &[("at", &format!("{year}-12-05T08:00"))])
        .await;
    assert_eq!(r.status(), 303);
    let at: i64 = sqlx::query_scalar("SELECT scheduled_at FROM articles WHERE id = ?1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let utc = chrono::NaiveDate::from_ymd_opt(year, 12, 5)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    assert_eq!(at, utc.timestamp());
    let page = s.html(&format!("/admin/articles/{id}")).await;
    assert_eq!(
        flash(&page),
        [format!(
            "已定时：将于 {year}-12-05 08:00 (北京时间 UTC+8) 发布。"
        )]
    );
    assert_eq!(
        select_texts(&page, "#publishes-at"),
        [format!("将于 {year}-12-05 08:00 (北京时间 UTC+8) 发布")]
    );
    let status = page
        .select(&Selector::parse("#current-status").unwrap())
        .next()
        .unwrap();
    assert_eq!(status.value().attr("data-status"), Some("scheduled"));
    assert_eq!(status.text().collect::<String>(), "定时发布");
    // The picker offers the time again, in the zone.
    assert_eq!(
        page.select(&Selector::parse("#field-at").unwrap())
            .next()
            .and_then(|p| p.value().attr("value")),
        Some(format!("{year}-12-05T08:00").as_str())
    );
}

#[tokio::test]
async fn every_publishing_step_says_what_it_did() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let editor = format!("/admin/articles/{id}");
    for (step, said) in [
        ("unpublish", "已下线：读者将看不到这篇文章。"),
        ("publish", "已发布：读者现在可以看到这篇文章。"),
        ("republish", "已重新发布，更新时间为现在。"),
    ] {
        let r = s.post(&format!("{editor}/{step}"), &[]).await;
        assert_eq!(r.status(), 303, "{step}");
        assert_eq!(flash(&s.html(&editor).await), [said], "{step}");
    }
    let form = s.edit_form(id).await;
    s.save(id, &form, &[("title", "新标题")]).await;
    let page = s.html(&editor).await;
    let said = flash(&page);
    assert!(said[0].starts_with("已保存（版本"), "{said:?}");
    // An untouched date is kept to the second (the picker shows seconds).
    let before = app.db.article(SEED_A).await;
    s.save(id, &s.edit_form(id).await, &[]).await;
    assert_eq!(app.db.article(SEED_A).await.row.date, before.row.date);
    let r = s.post(&format!("{editor}/revisions/1/restore"), &[]).await;
    assert_eq!(r.status(), 303);
    let version = app.db.article(SEED_A).await.row.version;
    assert_eq!(
        flash(&s.html(&editor).await),
        [format!("已恢复版本 1，保存为版本 {version}。")]
    );
    s.save(id, &s.edit_form(id).await, &[("title", "新标题")])
        .await;
    s.post(&format!("{editor}/delete"), &[]).await;
    assert_eq!(
        flash(&s.html("/admin/articles").await),
        ["“新标题”已移到回收站。"]
    );
}

#[tokio::test]
async fn a_bulk_action_says_how_many_it_changed_and_how_many_it_did_not() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let ids = app.seed_ids().await;
    s.post(&format!("/admin/articles/{}/unpublish", ids[0]), &[])
        .await;
    let (a, b) = (ids[0].to_string(), ids[1].to_string());
    let publish = [
        ("action", "publish"),
        ("id", a.as_str()),
        ("id", b.as_str()),
    ];
    assert_eq!(s.post("/admin/articles/bulk", &publish).await.status(), 303);
    let page = s.html("/admin/articles").await;
    assert_eq!(
        flash(&page),
        ["已发布：1 篇文章；另有 1 篇无需更改或已不存在。"]
    );
    assert_eq!(
        page.select(&Selector::parse("#flash.warning").unwrap())
            .count(),
        1,
        "a partial result is a warning"
    );

    // Moving to the trash asks first (the script asks in a dialog and
    // sends confirm=1; without it, a page asks).
    let trash = [("action", "delete"), ("id", a.as_str()), ("id", b.as_str())];
    let asked = s.post("/admin/articles/bulk", &trash).await;
    let (question, answer) = s.answer_yes(asked).await;
    assert_eq!(question, "把 2 篇文章移到回收站？");
    assert_eq!(answer.status(), 303);
    assert_eq!(
        flash(&s.html("/admin/articles?trash=1").await),
        ["已移到回收站：2 篇文章。"]
    );
}

/// The rows of the revisions page: version, then who made it.
fn makers(html: &scraper::Html) -> Vec<(String, String)> {
    html.select(&Selector::parse("#revisions tr[data-version]").unwrap())
        .map(|tr| {
            let cells: Vec<String> = tr
                .select(&Selector::parse("td").unwrap())
                .map(|td| td.text().collect::<String>().trim().to_owned())
                .collect();
            (
                tr.value().attr("data-version").unwrap().to_owned(),
                cells[4].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn each_version_shows_who_made_it() {
    let app = TestApp::spawn().await;
    let id = app.article_id(SEED_A).await;
    let editor = app.login("editor").await;
    editor
        .save(id, &editor.edit_form(id).await, &[("title", "编辑改的")])
        .await;
    let admin = app.login("admin").await;
    admin
        .save(id, &admin.edit_form(id).await, &[("title", "管理员改的")])
        .await;
    let html = admin.html(&format!("/admin/articles/{id}/revisions")).await;
    assert_eq!(
        makers(&html),
        [
            ("3".to_owned(), "admin@folio.test".to_owned()),
            ("2".to_owned(), "editor@folio.test".to_owned()),
            ("1".to_owned(), "导入或定时发布".to_owned()),
        ]
    );
}

#[tokio::test]
async fn revisions_kept_before_0011_are_stamped_with_their_own_maker() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let pool = folio::db::connect(&url).await.unwrap();
    folio::db::MIGRATOR.run_to(10, &pool).await.unwrap();
    // As folio wrote them before: each revision (the state a save
    // replaced) stamped with the user and time of that save.
    for sql in [
        "INSERT INTO users (id, email, display_name, role, password_hash, created_at, updated_at) \
         VALUES (7, 'e@folio.test', 'e', 'editor', 'x', 0, 0), (8, 'a@folio.test', 'a', 'admin', 'x', 0, 0)",
        "UPDATE articles SET version = 3, created_at = 100 WHERE id = 1",
        "INSERT INTO article_revisions (article_id, version, snapshot, saved_by, saved_at) \
         VALUES (1, 1, '{}', 7, 200), (1, 2, '{}', 8, 300)",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .unwrap();
    }
    folio::db::migrate(&pool).await.unwrap();
    let revisions: Vec<(i64, Option<i64>, i64)> = sqlx::query_as(
        "SELECT version, saved_by, saved_at FROM article_revisions WHERE article_id = 1 ORDER BY version",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(revisions, [(1, None, 100), (2, Some(7), 200)]);
    let current: (Option<i64>,) = sqlx::query_as("SELECT modified_by FROM articles WHERE id = 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(current, (Some(8),));
}

#[tokio::test]
async fn a_trashed_article_opens_from_the_trash_and_comes_back() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let page = format!("/admin/articles/{id}");
    s.post(&format!("{page}/delete"), &[("confirm", "1")]).await;
    let trash = s.html("/admin/articles?trash=1").await;
    let link = trash
        .select(&Selector::parse("#articles a.title").unwrap())
        .next()
        .and_then(|a| a.value().attr("href"))
        .unwrap()
        .to_owned();
    assert_eq!(link, page);
    let html = s.html(&link).await;
    assert!(select_texts(&html, "#in-trash")[0].starts_with("这篇文章在回收站中"));
    let r = s.post(&format!("{page}/restore"), &[]).await;
    assert_eq!(r.status(), 303);
    let html = s.html(&page).await;
    assert_eq!(flash(&html).len(), 1);
    assert_eq!(select_texts(&html, "#save").len(), 1, "the editor again");
    // Authors have no trash: theirs answers as a missing page.
    let author = app.login("author").await;
    assert_eq!(
        author.post(&format!("{page}/restore"), &[]).await.status(),
        403
    );
}

#[tokio::test]
async fn a_scheduled_article_shows_only_what_it_can_do() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let page = format!("/admin/articles/{id}");
    let options = |html: &scraper::Html| -> Vec<String> {
        html.select(&Selector::parse("select[name=status] option").unwrap())
            .filter_map(|o| o.value().attr("value").map(str::to_owned))
            .collect()
    };
    let html = s.html(&page).await;
    assert_eq!(options(&html), ["draft", "published", "unpublished"]);
    assert!(
        select_texts(&html, "#publish").is_empty(),
        "published already"
    );
    assert_eq!(select_texts(&html, "#republish").len(), 1);

    let year = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        + 1;
    s.post(
        &format!("{page}/schedule"),
        &[("at", &format!("{year}-01-01T08:00"))],
    )
    .await;
    let html = s.html(&page).await;
    assert_eq!(
        options(&html),
        ["draft", "published", "unpublished", "scheduled"]
    );
    assert!(
        select_texts(&html, "#republish").is_empty(),
        "not public: nothing to republish"
    );
    assert!(
        !select_texts(&html, "#publishing span.muted")
            .iter()
            .any(|t| t.starts_with("发布于")),
        "no 'published at' beside a schedule"
    );
    assert_eq!(select_texts(&html, "#publish"), ["立即发布"]);
}

/// Where `path` on the public site sends a reader: the 301's target, and
/// the heading of the page it leads to.
async fn follow(app: &TestApp, path: &str) -> (String, String) {
    let c = app.client();
    let r = c.get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(r.status(), 301, "{path}");
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let page = c.get(format!("{}{to}", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200, "{to}");
    let html = scraper::Html::parse_document(&page.text().await.unwrap());
    (to, select_texts(&html, "h1").concat())
}

#[tokio::test]
async fn renamed_moved_and_merged_tags_and_categories_answer_their_old_urls_with_301() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let a = app.article_id(SEED_A).await.to_string();
    for (action, value) in [("add_tags", "旧标签"), ("set_category", "旧频道 > 子类")] {
        s.post(
            "/admin/articles/bulk",
            &[("action", action), ("value", value), ("id", a.as_str())],
        )
        .await;
    }
    let tag: i64 = sqlx::query_scalar("SELECT id FROM tags WHERE name = '旧标签'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    s.post(&format!("/admin/tags/{tag}/rename"), &[("name", "新标签")])
        .await;
    let old_tag = format!("/tags/{}", crate::url_enc("旧标签"));
    assert_eq!(
        follow(&app, &old_tag).await,
        (
            format!("/tags/{}", crate::url_enc("新标签")),
            "标签：新标签".to_owned()
        )
    );
    // Merged away: both old addresses lead to the tag that took it in.
    let t = tag.to_string();
    s.post(
        "/admin/tags/merge",
        &[("name", "合并标签"), ("id", t.as_str()), ("confirm", "1")],
    )
    .await;
    for old in [
        old_tag.clone(),
        format!("/tags/{}", crate::url_enc("新标签")),
    ] {
        assert_eq!(follow(&app, &old).await.1, "标签：合并标签", "{old}");
    }
    let feed = app
        .client()
        .get(format!("{}{old_tag}/feed.xml", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), 301, "the feed follows too");

    // A category renamed: it and the one under it.
    let channel: i64 = sqlx::query_scalar("SELECT id FROM categories WHERE name = '旧频道'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    s.post(
        &format!("/admin/categories/{channel}/rename"),
        &[("name", "新频道")],
    )
    .await;
    let (to, heading) = follow(&app, &format!("/categories/{}", crate::url_enc("旧频道"))).await;
    assert_eq!(
        (to.as_str(), heading.as_str()),
        (
            format!("/categories/{}", crate::url_enc("新频道")).as_str(),
            "分类：新频道"
        )
    );
    let (to, heading) = follow(
        &app,
        &format!(
            "/categories/{}/{}",
            crate::url_enc("旧频道"),
            crate::url_enc("子类")
        ),
    )
    .await;
    assert_eq!(
        to,
        format!(
            "/categories/{}/{}",
            crate::url_enc("新频道"),
            crate::url_enc("子类")
        )
    );
    assert_eq!(heading, "分类：新频道 › 子类");
    // A path that never was stays a 404.
    let never = app
        .client()
        .get(format!(
            "{}/categories/{}",
            app.base,
            crate::url_enc("从来没有")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(never.status(), 404);
}

#[tokio::test]
async fn the_password_and_new_user_forms_show_their_errors_beside_the_field() {
    let app = TestApp::spawn().await;
    let s = app.login("admin").await;
    let r = s
        .post(
            "/admin/account/password",
            &[
                ("current", crate::app::PASSWORD),
                ("new", "blue-kettle-morning-7"),
                ("confirm", "other"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = scraper::Html::parse_document(&r.text().await.unwrap());
    assert_eq!(
        select_texts(&html, "#error-confirm"),
        ["两次输入的新密码不一致"]
    );
    assert_eq!(
        html.select(&Selector::parse("#confirm[aria-invalid=true]").unwrap())
            .count(),
        1
    );

    let r = s
        .post(
            "/admin/users",
            &[
                ("email", "not an email"),
                ("role", "editor"),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = scraper::Html::parse_document(&r.text().await.unwrap());
    assert_eq!(select_texts(&html, "#error-email").len(), 1);
    assert_eq!(
        html.select(&Selector::parse("#email").unwrap())
            .next()
            .and_then(|e| e.value().attr("value")),
        Some("not an email"),
        "what was typed is kept"
    );
    let r = s
        .post(
            "/admin/users",
            &[
                ("email", "new@folio.test"),
                ("role", "editor"),
                ("password", "password1234"),
            ],
        )
        .await;
    let html = scraper::Html::parse_document(&r.text().await.unwrap());
    assert!(select_texts(&html, "#error-password")[0].starts_with("这个密码太容易被猜到"));
}
