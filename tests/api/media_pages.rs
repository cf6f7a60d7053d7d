//! The media pages' paths for the page checks (markup, accessibility),
//! with the rows they need. Shared by the API and browser tests.

/// An image and a finished run of bringing images home, for the media
/// pages (rows only: the pages are checked, not the files).
pub async fn media_pages(pool: &sqlx::SqlitePool) -> Vec<String> {
    let hash = "ab".repeat(32);
    sqlx::query(
        "INSERT OR IGNORE INTO media (hash, mime, bytes, width, height, file_name, original_url, created_at, derived) \
         VALUES (?1, 'image/png', 100, 10, 10, '图.png', 'https://e.example/图.png', 0, '')",
    )
    .bind(&hash)
    .execute(pool)
    .await
    .unwrap();
    let report = serde_json::json!({
        "articles": 1, "rewritten": 0, "fetched": 0, "had": 0, "failed": 1,
        "items": [{"article": "x", "url": "https://e.example/a.png", "outcome": "failed", "media": null,
                   "code": "http_status", "status": 404, "reason": "the server answered 404"}]
    });
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO media_fetch_runs (started_at, finished_at, report) VALUES (0, 1, ?1) RETURNING id",
    )
    .bind(report.to_string())
    .fetch_one(pool)
    .await
    .unwrap();
    vec![
        "/admin/media".to_owned(),
        "/admin/media?unused=1&q=%E5%9B%BE".to_owned(),
        format!("/admin/media/{hash}"),
        format!("/admin/media/fetches/{run}"),
    ]
}
