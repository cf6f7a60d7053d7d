//! Whether the database file is sound: SQLite's own checks of its
//! b-trees, the foreign keys, and FTS5's check of the search index.
//! `folio serve` runs the quick one at start and will not serve a damaged
//! file; `folio doctor` runs them all.

use sqlx::SqliteConnection;

/// What a check found wrong, one line a problem (at most a hundred).
pub type Problems = Vec<String>;

/// `PRAGMA quick_check`: every b-tree page well formed, in O(N) without
/// the index-to-table cross-checks of `integrity_check`. A damaged file
/// may fail to be read at all; that is a problem too.
pub async fn quick(conn: &mut SqliteConnection) -> Problems {
    pragma_rows(conn, "PRAGMA quick_check(100)").await
}

/// Everything: `integrity_check` (indexes against their tables too), the
/// foreign keys, and FTS5's `integrity-check` of the search index (which
/// reads all of it: a minute at 100,000 posts).
pub async fn full(conn: &mut SqliteConnection) -> Problems {
    let mut problems = pragma_rows(conn, "PRAGMA integrity_check(100)").await;
    let dangling: Result<Vec<(String, i64)>, sqlx::Error> =
        sqlx::query_as("SELECT \"table\", coalesce(rowid, 0) FROM pragma_foreign_key_check")
            .fetch_all(&mut *conn)
            .await;
    match dangling {
        Ok(rows) => problems.extend(
            rows.into_iter()
                .take(100)
                .map(|(table, row)| format!("{table} row {row}: a foreign key points at nothing")),
        ),
        Err(e) => problems.push(format!("the foreign keys cannot be checked: {e}")),
    }
    if let Err(e) =
        sqlx::query("INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 0)")
            .execute(&mut *conn)
            .await
    {
        problems.push(format!("the search index: {e}"));
    }
    problems
}

async fn pragma_rows(conn: &mut SqliteConnection, pragma: &'static str) -> Problems {
    match sqlx::query_scalar::<_, String>(pragma)
        .fetch_all(conn)
        .await
    {
        Ok(rows) if rows == ["ok"] => Vec::new(),
        Ok(rows) => rows,
        Err(e) => vec![format!("the file cannot be read: {e}")],
    }
}
