//! Telling a person what their action did: a message the action leaves
//! with the session, in the same transaction as the change (so it exists
//! exactly when the change does), shown once by the next page and read
//! out by screen readers (`role="status"`).

use actix_web::HttpRequest;
use actix_web::http::{Method, header};
use serde::{Deserialize, Serialize};

/// A message for the next page, already in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlashKind {
    /// It was done.
    Done,
    /// It was done in part, or nothing needed doing.
    Warning,
}

impl FlashKind {
    /// The class the stylesheet colours it by.
    pub fn as_str(self) -> &'static str {
        match self {
            FlashKind::Done => "done",
            FlashKind::Warning => "warning",
        }
    }
}

impl Flash {
    pub fn done(text: String) -> Flash {
        Flash {
            kind: FlashKind::Done,
            text,
        }
    }

    pub fn warning(text: String) -> Flash {
        Flash {
            kind: FlashKind::Warning,
            text,
        }
    }

    /// As the session stores it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(raw: &str) -> Option<Flash> {
        serde_json::from_str(raw).ok()
    }
}

/// Whether the request loads a page a person will see, which is where a
/// waiting message is shown (and so used up): a GET navigation, not a
/// script's fetch or an image.
pub fn shows_a_page(req: &HttpRequest) -> bool {
    if req.method() != Method::GET {
        return false;
    }
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    match header("sec-fetch-mode") {
        "" => header(header::ACCEPT.as_str()).contains("text/html"),
        mode => mode == "navigate",
    }
}
