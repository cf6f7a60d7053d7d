//! Asking before a destructive action, with or without a script. The
//! action's form posts as usual; without `confirm=1` among its fields the
//! handler answers with a page that asks, holding the same fields, whose
//! button posts them again with `confirm=1`. With the script, the browser's
//! own dialog asks first and adds `confirm=1` itself (one round trip).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::guard::CurrentUser;
use super::layout::{Frame, html};

use crate::error::AppError;
use crate::i18n::Message;

/// Whether the form says the user has already said yes.
pub fn confirmed(body: &[u8]) -> bool {
    form_urlencoded::parse(body).any(|(k, v)| k == "confirm" && v == "1")
}

#[derive(Template)]
#[template(path = "admin/confirm.html")]
struct ConfirmPage {
    frame: Frame,
    question: String,
    yes: String,
    action: String,
    fields: Vec<(String, String)>,
    back: String,
}

/// The page that asks `question` before posting `body` to `action` again
/// (its button says the catalog's `yes`); "no" goes `back`.
pub fn ask(
    user: &CurrentUser,
    section: &'static str,
    action: &str,
    body: &[u8],
    question: Message,
    yes: &str,
    back: &str,
) -> Result<HttpResponse, AppError> {
    let page = ConfirmPage {
        frame: Frame::new(user, section),
        question: question.say(user.lang),
        yes: user.t(yes),
        action: action.to_owned(),
        fields: form_urlencoded::parse(body)
            .filter(|(k, _)| k != "confirm")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        back: back.to_owned(),
    };
    Ok(html(StatusCode::OK, page.render()?))
}
