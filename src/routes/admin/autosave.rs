//! The editor's autosave slot (`db::autosaves`): the form as it is, sent
//! after every 30 s of typing, offered back when the editor opens again.
//! One slot per user and article; not a revision.

use actix_web::{HttpResponse, delete, put, web};
use chrono::Utc;
use serde_json::{Map, Value};
use sqlx::SqlitePool;

use super::access::editable;
use super::guard::CurrentUser;
use crate::db;
use crate::error::AppError;
use crate::i18n::Message;
use crate::local_time;

/// How often the editor autosaves while the editor types (`editor.js`
/// reads it from the page).
pub const AUTOSAVE_SECS: u64 = 30;

/// The fields of an autosaved form, all strings, as the page reads them.
fn fields(form: Map<String, Value>) -> Result<String, AppError> {
    if form.values().any(|v| !v.is_string()) {
        return Err(AppError::invalid(
            "fields",
            Message::new("error-autosave-fields"),
        ));
    }
    Ok(Value::Object(form).to_string())
}

/// Replaces the user's slot for article `article` (0: a new article); says
/// when, in the user's zone, for the editor's status line.
#[put("/autosave/{article}")]
pub async fn put_autosave(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    article: web::Path<i64>,
    form: web::Json<Map<String, Value>>,
) -> Result<HttpResponse, AppError> {
    let article = *article;
    let fields = fields(form.into_inner())?;
    let now = Utc::now();
    let mut tx = db::begin_write(&pool).await?;
    if article != 0 {
        editable(&mut tx, &user, article).await?;
    }
    db::autosaves::put(&mut tx, user.id, article, &fields, now).await?;
    tx.commit().await?;
    let said = Message::new("editor-autosaved")
        .with("time", local_time::show(user.lang, user.zone, now))
        .say(user.lang);
    Ok(HttpResponse::Ok().json(serde_json::json!({ "message": said })))
}

#[delete("/autosave/{article}")]
pub async fn discard_autosave(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    article: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    db::autosaves::clear(&mut conn, user.id, *article).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The slot offered back in the editor: when it was saved (shown) and its
/// fields (JSON, with no `<`, to sit in the page).
pub struct AutosaveOffer {
    pub shown: String,
    pub fields: String,
}

pub async fn offer(
    conn: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    article: i64,
) -> Result<Option<AutosaveOffer>, AppError> {
    Ok(db::autosaves::get(conn, user.id, article)
        .await?
        .map(|a| AutosaveOffer {
            shown: local_time::show(user.lang, user.zone, db::from_unix(a.saved_at)),
            fields: a.fields.replace('<', "\\u003c"),
        }))
}
