//! The admin's article pages over real HTTP: roles on every route, the
//! list and its search, saving with conflict detection, revisions, bulk
//! actions, publishing and the scheduler.

use crate::app::{PASSWORD, TestApp, select_texts};

const SEED_A: &str = "000_94ec247d2f0d791e";

async fn status_of(app: &TestApp, id: i64) -> (String, i64, Option<i64>) {
    sqlx::query_as("SELECT status, date, updated FROM articles WHERE id = ?1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Every admin route × every role: allowed (2xx/3xx) or refused (403);
/// anonymous visitors go to the login page. A route added without a rule
/// shows up here.
#[tokio::test]
async fn every_route_checks_the_role_on_the_server() {
    let app = TestApp::spawn().await;
    let id = app.seed_ids().await[0];
    let get_routes = [
        ("/admin", [true, true, true]),
        ("/admin/articles", [true, true, true]),
        ("/admin/articles?trash=1", [true, true, true]),
        ("/admin/articles/new", [true, true, true]),
        (&*format!("/admin/articles/{id}"), [true, true, false]),
        (
            &*format!("/admin/articles/{id}/revisions"),
            [true, true, false],
        ),
    ];
    let post_routes = [
        (
            format!("/admin/articles/{id}/unpublish"),
            [true, true, false],
        ),
        (format!("/admin/articles/{id}/publish"), [true, true, false]),
        (
            format!("/admin/articles/{id}/republish"),
            [true, true, false],
        ),
        (
            format!("/admin/articles/{id}/schedule"),
            [true, true, false],
        ),
        ("/admin/articles/bulk".to_owned(), [true, true, false]),
        (
            "/admin/articles/trash/empty".to_owned(),
            [true, true, false],
        ),
        ("/admin/tags/merge".to_owned(), [true, true, false]),
        ("/admin/tags/1/rename".to_owned(), [true, true, false]),
        ("/admin/categories/1/rename".to_owned(), [true, true, false]),
        ("/admin/categories/1/move".to_owned(), [true, true, false]),
        ("/admin/categories/1/merge".to_owned(), [true, true, false]),
        ("/admin/users".to_owned(), [true, false, false]),
        ("/admin/users/4/role".to_owned(), [true, false, false]),
        ("/admin/users/4/enable".to_owned(), [true, false, false]),
        ("/admin/users/4/password".to_owned(), [true, false, false]),
        ("/admin/tokens".to_owned(), [true, true, true]),
        (format!("/admin/articles/{id}/delete"), [true, true, false]),
    ];
    // An article the user may not edit answers as a missing one (no id
    // enumeration); a page or action the role may not use, 403.
    let article_path = format!("/admin/articles/{id}");
    let refused = |path: &str| -> u16 {
        let steps = ["/publish", "/unpublish", "/republish", "/schedule"];
        if path.starts_with(&article_path) && !steps.iter().any(|s| path.ends_with(s)) {
            404
        } else {
            403
        }
    };
    let anonymous = app.client();
    for (i, role) in ["admin", "editor", "author"].into_iter().enumerate() {
        let s = app.login(role).await;
        for (path, allowed) in &get_routes {
            let r = s.get(path).await;
            let a = anonymous
                .get(format!("{}{path}", app.base))
                .send()
                .await
                .unwrap();
            assert_eq!(a.status(), 303, "anonymous GET {path}");
            let expected = if allowed[i] { 200 } else { refused(path) };
            assert_eq!(r.status(), expected, "{role} GET {path}");
        }
        for (path, allowed) in &post_routes {
            let fields: &[(&str, &str)] = match path.as_str() {
                p if p.ends_with("/schedule") => &[("at", "2030-01-01 08:00")],
                "/admin/articles/bulk" => &[("action", "publish"), ("id", "1")],
                "/admin/tags/merge" => &[("name", "合并"), ("id", "999")],
                "/admin/tags/1/rename" | "/admin/categories/1/rename" => &[("name", "新名字")],
                "/admin/categories/1/move" => &[("parent", "")],
                "/admin/categories/1/merge" => &[("into", "1")],
                "/admin/users" => &[
                    ("email", "matrix@folio.test"),
                    ("role", "author"),
                    ("password", ""),
                ],
                "/admin/users/4/role" => &[("role", "author")],
                "/admin/tokens" => &[("name", "matrix"), ("password", PASSWORD)],
                _ => &[],
            };
            let a = anonymous
                .post(format!("{}{path}", app.base))
                .form(fields)
                .send()
                .await
                .unwrap();
            assert_eq!(a.status(), 303, "anonymous POST {path}");
            // Said yes already, as the script does: the confirmation
            // page has its own test.
            let mut fields = fields.to_vec();
            fields.push(("confirm", "1"));
            let r = s.post(path, &fields).await;
            let ok = r.status().is_redirection() || r.status().is_success();
            assert_eq!(ok, allowed[i], "{role} POST {path}: {}", r.status());
            if !allowed[i] {
                assert_eq!(r.status(), refused(path), "{role} POST {path}");
            }
            if path.ends_with("/delete") && allowed[i] {
                s.post(
                    "/admin/articles/bulk",
                    &[("action", "restore"), ("id", &id.to_string())],
                )
                .await;
            }
        }
    }
}

#[tokio::test]
async fn searching_the_list_for_a_chinese_word_finds_both_seeds() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let html = s.html("/admin/articles?q=%E9%87%91%E8%9E%8D").await;
    let slugs = select_texts(&html, "#articles tbody tr[data-id] .muted");
    assert_eq!(slugs.len(), 2, "{slugs:?}");
    let html = s
        .html("/admin/articles?q=%E9%87%91%E8%9E%8D&status=draft")
        .await;
    assert!(select_texts(&html, "#articles tbody tr[data-id]").is_empty());
    let html = s
        .html("/admin/articles?q=%E5%86%8D%E6%80%9D%E8%80%83")
        .await;
    assert_eq!(
        select_texts(&html, "#articles tbody tr[data-id] .muted"),
        [SEED_A]
    );
}

#[tokio::test]
async fn a_save_makes_a_revision_and_a_slug_change_leaves_a_redirect() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let form = s.edit_form(id).await;
    let body_before = app.db.article(SEED_A).await.row.body;
    let r = s
        .save(
            id,
            &form,
            &[
                ("title", "新标题"),
                ("slug", "new-slug"),
                ("tags", "金融, 科技"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let a = app.db.article("new-slug").await;
    assert_eq!(a.row.title, "新标题");
    assert_eq!(a.tags, ["金融", "科技"]);
    assert_eq!(
        a.row.body, body_before,
        "an untouched body is saved byte for byte"
    );
    assert_eq!(a.row.version, 2);
    assert_eq!(app.db.count("article_revisions").await, 1);
    let redirect: i64 =
        sqlx::query_scalar("SELECT article_id FROM slug_redirects WHERE old_slug = ?1")
            .bind(SEED_A)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(redirect, id);
    // The new title is searchable at once.
    let html = s
        .html("/admin/articles?q=%E6%96%B0%E6%A0%87%E9%A2%98")
        .await;
    assert_eq!(
        select_texts(&html, "#articles tbody tr[data-id] .muted"),
        ["new-slug"]
    );
}

#[tokio::test]
async fn a_stale_save_of_the_same_field_is_refused_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let first = app.login("editor").await;
    let second = app.login("admin").await;
    let id = app.article_id(SEED_A).await;
    let form_1 = first.edit_form(id).await;
    let form_2 = second.edit_form(id).await;
    assert_eq!(
        first
            .save(id, &form_1, &[("body", "first editor's body")])
            .await
            .status(),
        303
    );
    let r = second
        .save(id, &form_2, &[("body", "second editor's body")])
        .await;
    assert_eq!(r.status(), 409);
    let html = scraper::Html::parse_document(&r.text().await.unwrap());
    assert_eq!(
        select_texts(&html, "#body"),
        ["second editor's body"],
        "the typed text is kept"
    );
    assert!(select_texts(&html, "#conflict").concat().contains("body"));
    assert_eq!(
        app.db.article(SEED_A).await.row.body,
        "first editor's body",
        "nothing overwritten"
    );
    // Saving the conflict page again is a deliberate choice.
    let version = html
        .select(&scraper::Selector::parse("input[name=version]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    assert_eq!(version, "2");
    let r = second
        .save(
            id,
            &form_2,
            &[("body", "second editor's body"), ("version", &version)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.db.article(SEED_A).await.row.body,
        "second editor's body"
    );
}

#[tokio::test]
async fn stale_saves_of_different_fields_merge_without_a_false_alarm() {
    let app = TestApp::spawn().await;
    let first = app.login("editor").await;
    let second = app.login("admin").await;
    let id = app.article_id(SEED_A).await;
    let form_1 = first.edit_form(id).await;
    let form_2 = second.edit_form(id).await;
    assert_eq!(
        first
            .save(id, &form_1, &[("tags", "区块链")])
            .await
            .status(),
        303
    );
    assert_eq!(
        second
            .post(&format!("/admin/articles/{id}/unpublish"), &[])
            .await
            .status(),
        303
    );
    let r = second.save(id, &form_2, &[("title", "只改标题")]).await;
    assert_eq!(r.status(), 303, "no conflict: different fields");
    let a = app.db.article(SEED_A).await;
    assert_eq!(a.row.title, "只改标题");
    assert_eq!(a.tags, ["区块链"], "the other editor's tags are kept");
    assert_eq!(a.row.status.as_str(), "unpublished", "and the unpublish");
}

#[tokio::test]
async fn revisions_are_listed_compared_and_restored_as_a_new_revision() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let original = app.db.article(SEED_A).await;
    let form = s.edit_form(id).await;
    s.save(id, &form, &[("title", "v2"), ("tags", "a, b")])
        .await;
    let form = s.edit_form(id).await;
    s.save(id, &form, &[("title", "v3"), ("slug", "v3-slug")])
        .await;
    let html = s.html(&format!("/admin/articles/{id}/revisions")).await;
    assert_eq!(select_texts(&html, "#revisions tr[data-version]").len(), 3);
    let html = s
        .html(&format!(
            "/admin/articles/{id}/revisions/compare?from=1&to=3"
        ))
        .await;
    let fields: Vec<String> = html
        .select(&scraper::Selector::parse("section.field-diff").unwrap())
        .filter_map(|e| e.value().attr("data-field").map(str::to_owned))
        .collect();
    assert!(
        fields.contains(&"title".to_owned())
            && fields.contains(&"slug".to_owned())
            && fields.contains(&"tags".to_owned()),
        "{fields:?}"
    );
    let r = s
        .post(&format!("/admin/articles/{id}/revisions/1/restore"), &[])
        .await;
    assert_eq!(r.status(), 303);
    let restored = app.db.article(SEED_A).await;
    assert_eq!(restored.row.title, original.row.title);
    assert_eq!(restored.tags, original.tags, "tags come back");
    assert_eq!(restored.row.slug, SEED_A, "the slug comes back");
    assert_eq!(restored.row.version, 4);
    assert_eq!(
        app.db.count("article_revisions").await,
        3,
        "the restore made a revision too"
    );
}

#[tokio::test]
async fn bulk_actions_tag_untag_categorise_publish_and_trash_the_selected_rows() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let ids: Vec<String> = app.seed_ids().await.iter().map(i64::to_string).collect();
    let both = |action: &'static str, value: &'static str| {
        let mut f = vec![("action", action), ("value", value)];
        f.extend(ids.iter().map(|i| ("id", i.as_str())));
        f
    };
    assert_eq!(
        s.post("/admin/articles/bulk", &both("add_tags", "金融, Fintech"))
            .await
            .status(),
        303
    );
    let html = s.html("/admin/articles?tag=fintech").await;
    assert_eq!(select_texts(&html, "#articles tbody tr[data-id]").len(), 2);
    // The tag list offered for completion knows the new tags at once.
    let offered: Vec<String> = html
        .select(&scraper::Selector::parse("#tag-names option").unwrap())
        .map(|o| o.value().attr("value").unwrap().to_owned())
        .collect();
    assert!(offered.contains(&"Fintech".to_owned()), "{offered:?}");
    s.post("/admin/articles/bulk", &both("remove_tags", "fintech"))
        .await;
    let a = app.db.article(SEED_A).await;
    assert_eq!(a.tags, ["金融"]);
    s.post("/admin/articles/bulk", &both("set_category", "科技 > 金融"))
        .await;
    assert_eq!(
        app.db.article(SEED_A).await.categories,
        [vec!["科技".to_owned(), "金融".to_owned()]]
    );
    // Filtering by it keeps it chosen in the filter form.
    let leaf: i64 = sqlx::query_scalar("SELECT id FROM categories WHERE name = '金融'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let html = s.html(&format!("/admin/articles?category={leaf}")).await;
    assert_eq!(
        select_texts(&html, "select[name=category] option[selected]"),
        ["科技 > 金融"]
    );
    assert_eq!(select_texts(&html, "#articles tbody tr[data-id]").len(), 2);
    s.post("/admin/articles/bulk", &both("unpublish", "")).await;
    let html = s.html("/admin/articles?status=unpublished").await;
    assert_eq!(select_texts(&html, "#articles tbody tr[data-id]").len(), 2);
    let mut trash = both("delete", "");
    trash.push(("confirm", "1"));
    s.post("/admin/articles/bulk", &trash).await;
    assert!(
        select_texts(
            &s.html("/admin/articles").await,
            "#articles tbody tr[data-id]"
        )
        .is_empty()
    );
    let restore = vec![("action", "restore"), ("id", ids[0].as_str())];
    s.post("/admin/articles/bulk", &restore).await;
    assert_eq!(
        select_texts(
            &s.html("/admin/articles").await,
            "#articles tbody tr[data-id]"
        )
        .len(),
        1
    );
    // Without a script: a page asks first, naming how many.
    let asked = s.post("/admin/articles/trash/empty", &[]).await;
    assert_eq!(app.db.count("articles").await, 2, "nothing deleted yet");
    let (question, answer) = s.answer_yes(asked).await;
    assert_eq!(question, "永久删除回收站中的 1 篇文章？此操作无法撤销。");
    assert_eq!(answer.status(), 303);
    assert_eq!(app.db.count("articles").await, 1);
}

#[tokio::test]
async fn publish_unpublish_republish_keep_the_date_and_set_updated() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let (_, date, updated) = status_of(&app, id).await;
    assert_eq!(updated, None);
    s.post(&format!("/admin/articles/{id}/unpublish"), &[])
        .await;
    assert_eq!(status_of(&app, id).await.0, "unpublished");
    s.post(&format!("/admin/articles/{id}/republish"), &[])
        .await;
    let (status, date_after, updated) = status_of(&app, id).await;
    assert_eq!(status, "published");
    assert_eq!(date_after, date, "the original date stays");
    assert!(updated.unwrap() > date);
    let html = s
        .html("/admin/articles?q=%E5%86%8D%E6%80%9D%E8%80%83")
        .await;
    assert_eq!(
        select_texts(&html, "#articles tbody tr[data-id] .updated").len(),
        1
    );
    assert!(!select_texts(&html, "#articles tbody tr[data-id] .updated")[0].is_empty());
}

#[tokio::test]
async fn the_scheduler_publishes_due_articles_and_flags_late_ones() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    // Scheduled for the next hour (the picker's value, in the editor's
    // zone: FOLIO_TIMEZONE, UTC here)…
    let next_hour = (chrono::Utc::now() + chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let r = s
        .post(
            &format!("/admin/articles/{id}/schedule"),
            &[("at", &next_hour)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(status_of(&app, id).await.0, "scheduled");
    // …and then the server was "down" for two hours.
    sqlx::query("UPDATE articles SET scheduled_at = scheduled_at - 7200 WHERE id = ?1")
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let published = folio::scheduler::run_once(&app.db.pool).await.unwrap();
    assert_eq!(published, [id]);
    let (status, late): (String, bool) =
        sqlx::query_as("SELECT status, published_late FROM articles WHERE id = ?1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), late), ("published", true));
}

#[tokio::test]
async fn authors_create_and_edit_only_their_own_drafts() {
    let app = TestApp::spawn().await;
    let s = app.login("author").await;
    let article = |status| {
        [
            ("title", "作者草稿"),
            ("slug", "author-draft"),
            ("body", "<p>正文</p>"),
            ("status", status),
        ]
    };
    // An author cannot publish: refused, as the API refuses it (one rule).
    let r = s.post("/admin/articles", &article("published")).await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        app.db.count("articles WHERE slug = 'author-draft'").await,
        0
    );
    let r = s.post("/admin/articles", &article("draft")).await;
    assert_eq!(r.status(), 303);
    let mine = app.db.article("author-draft").await;
    assert_eq!(mine.row.status.as_str(), "draft");
    let html = s.html("/admin/articles").await;
    assert_eq!(
        select_texts(&html, "#articles tbody tr[data-id] .muted").concat(),
        "author-draftauthor@folio.test"
    );
    assert_eq!(
        s.get(&format!("/admin/articles/{}", mine.row.id))
            .await
            .status(),
        200
    );
    assert_eq!(
        s.post(&format!("/admin/articles/{}/publish", mine.row.id), &[])
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn invalid_input_names_the_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let form = s.edit_form(id).await;
    for (field, value) in [
        ("title", " "),
        ("date", "not a date"),
        ("extra", "[1,2]"),
        ("slug", ""),
    ] {
        let r = s.save(id, &form, &[(field, value)]).await;
        assert_eq!(r.status(), 422, "{field}");
        let html = scraper::Html::parse_document(&r.text().await.unwrap());
        // Next to its field, which keeps what was typed and is marked.
        let message = select_texts(&html, &format!("#error-{field}")).concat();
        assert!(!message.is_empty(), "{field}");
        assert_eq!(
            select_texts(&html, "#form-error li").concat(),
            message,
            "and in the summary at the top"
        );
        let input = html
            .select(&scraper::Selector::parse(&format!("#{field}")).unwrap())
            .next()
            .unwrap();
        assert_eq!(input.value().attr("aria-invalid"), Some("true"), "{field}");
        let kept = match input.value().name() {
            "textarea" => input.text().collect::<String>(),
            _ => input.value().attr("value").unwrap_or_default().to_owned(),
        };
        assert_eq!(kept.trim(), value.trim(), "{field}");
    }
    assert_eq!(app.db.article(SEED_A).await.row.version, 1);
}

#[tokio::test]
async fn following_next_links_visits_every_article_once_in_date_order() {
    let app = TestApp::spawn().await;
    let dir = app.db.folder("many");
    let posts: Vec<(String, Vec<u8>)> = (0..120)
        .map(|i| {
            // Pairs share a date, so the id breaks the tie.
            let body = format!(
                "---\ntitle: 第{i}篇\ndate: 2020-01-{:02} 08:00:00\n---\n<p>{i}</p>\n",
                1 + i / 2 % 28
            );
            (format!("p{i:03}.md"), body.into_bytes())
        })
        .collect();
    let files: Vec<(&str, &[u8])> = posts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let paths = crate::helpers::write_files(&dir, &files);
    app.db.import(&paths, crate::helpers::options()).await;
    let s = app.login("editor").await;
    let mut seen = Vec::new();
    let mut next = Some("/admin/articles".to_owned());
    while let Some(path) = next.take() {
        let html = s.html(&path).await;
        for row in html.select(&scraper::Selector::parse("#articles tbody tr[data-id]").unwrap()) {
            seen.push(row.value().attr("data-id").unwrap().parse::<i64>().unwrap());
        }
        next = html
            .select(&scraper::Selector::parse("#pager a[rel=next]").unwrap())
            .next()
            .map(|a| a.value().attr("href").unwrap().to_owned());
        if let Some(n) = &next {
            assert!(n.contains("after="), "{n}");
        }
    }
    let expected: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM articles ORDER BY date DESC, id DESC")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(seen, expected);
    // Page numbers still jump (OFFSET) to the same rows.
    let html = s.html("/admin/articles?page=3").await;
    let third: Vec<i64> = html
        .select(&scraper::Selector::parse("#articles tbody tr[data-id]").unwrap())
        .map(|r| r.value().attr("data-id").unwrap().parse().unwrap())
        .collect();
    assert_eq!(third, expected[100..]);
}

#[tokio::test]
async fn the_dashboard_counts_by_status_and_lists_scheduled_posts_and_failed_imports() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    s.post(
        &format!("/admin/articles/{id}/schedule"),
        &[("at", "2099-01-01 08:00")],
    )
    .await;
    let dir = app.db.folder("bad");
    let paths = crate::helpers::write_files(&dir, &[("bad.md", b"---\ntitle: [x\n---\n")]);
    app.db.import(&paths, crate::helpers::options()).await;
    // A dry run that finds a problem did its job: not a failed import.
    let mut dry = crate::helpers::options();
    dry.dry_run = true;
    app.db.import(&paths, dry).await;
    let html = s.html("/admin").await;
    let counts: Vec<(String, String)> = html
        .select(&scraper::Selector::parse("#counts a").unwrap())
        .map(|a| {
            let status = a.value().attr("data-status").unwrap().to_owned();
            let n = a
                .select(&scraper::Selector::parse(".n").unwrap())
                .next()
                .unwrap()
                .text()
                .collect::<String>();
            (status, n)
        })
        .collect();
    for expected in [
        ("published", "1"),
        ("scheduled", "1"),
        ("draft", "0"),
        ("trash", "0"),
    ] {
        assert!(
            counts.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {counts:?}"
        );
    }
    assert_eq!(select_texts(&html, "#scheduled tr td a").len(), 1);
    assert_eq!(
        select_texts(&html, "#failed-imports tr[data-run] td:first-child").len(),
        1
    );
    // A sentence, and a link to the report.
    assert_eq!(
        select_texts(&html, "#failed-imports tr[data-run] td:last-child"),
        ["共 1 个文件：0 个已导入，1 个失败"]
    );
    let link = html
        .select(&scraper::Selector::parse("#failed-imports tr[data-run] a").unwrap())
        .next()
        .and_then(|a| a.value().attr("href"))
        .unwrap()
        .to_owned();
    assert_eq!(s.get(&link).await.status(), 200);
}
