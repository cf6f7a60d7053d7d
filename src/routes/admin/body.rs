//! The visual editor's server side: a body as its blocks (each with the
//! sanitised HTML the editor shows), and a body put back from the editor's
//! per-block edits (`render::blocks` keeps what was not changed byte for
//! byte). The editor page carries its body's blocks; these routes serve
//! switching between the source and the visual modes.

use actix_web::{HttpResponse, post, web};
use serde::{Deserialize, Serialize};

use super::guard::CurrentUser;
use crate::error::AppError;
use crate::i18n::Message;
use crate::render::{self, blocks};

/// A body as the visual editor loads it.
#[derive(Debug, Serialize)]
pub struct VisualBody {
    /// The body these blocks are of (after a conversion, the new body);
    /// not in the page, whose form holds it already.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Whether the visual editor may edit it (HTML only; see
    /// `Blocks::is_html`).
    pub visual: bool,
    /// Every block; their `html` only when the body is `visual`.
    pub blocks: Vec<VisualBlock>,
}

#[derive(Debug, Serialize)]
pub struct VisualBlock {
    /// The element's name (`p`, `h2`…), `#comment` or `#text`.
    pub tag: String,
    /// What the block shows: its source rendered and sanitised as the public
    /// page renders the body.
    pub html: String,
    /// Where the block starts and ends in the body, in UTF-16 code units
    /// (a JavaScript string's offsets): the cursor's block is kept when the
    /// editor switches modes, and the source's formatted view puts each
    /// block on a line.
    pub at: usize,
    pub end: usize,
}

impl VisualBody {
    /// Splits `body`. Made on a blocking thread: sanitising is the cost.
    pub async fn of(body: String) -> Result<VisualBody, AppError> {
        web::block(move || VisualBody::split(body))
            .await
            .map_err(AppError::from)
    }

    /// For the editor page: without the body.
    pub async fn for_page(body: String) -> Result<String, AppError> {
        let mut visual = VisualBody::of(body).await?;
        visual.body = None;
        Ok(visual.to_page_json())
    }

    fn split(body: String) -> VisualBody {
        let split = blocks::Blocks::split(&body);
        let visual = split.is_html();
        let mut offsets = Utf16Offsets::new(&body);
        let blocks = split
            .blocks()
            .iter()
            .map(|b| VisualBlock {
                tag: match &b.kind {
                    blocks::BlockKind::Element(name) => name.clone(),
                    blocks::BlockKind::Comment => "#comment".into(),
                    blocks::BlockKind::Text => "#text".into(),
                },
                html: if visual {
                    render::render(split.source_of(b), None).html
                } else {
                    String::new()
                },
                at: offsets.of(b.bytes.start),
                end: offsets.of(b.bytes.end),
            })
            .collect();
        VisualBody {
            visual,
            blocks,
            body: Some(body),
        }
    }

    /// As JSON to sit in the page (`<script type="application/json">`):
    /// no `<` in it, so no `</script>` can end it early.
    pub fn to_page_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }
}

/// Byte offsets → UTF-16 offsets, counted once along the body (asked in
/// increasing order).
struct Utf16Offsets<'a> {
    body: &'a str,
    byte: usize,
    units: usize,
}

impl<'a> Utf16Offsets<'a> {
    fn new(body: &'a str) -> Self {
        Utf16Offsets {
            body,
            byte: 0,
            units: 0,
        }
    }

    fn of(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.units) = (0, 0);
        }
        self.units += self.body[self.byte..byte].encode_utf16().count();
        self.byte = byte;
        self.units
    }
}

fn edits_refused(field: &'static str, detail: impl ToString) -> AppError {
    AppError::invalid(
        field,
        Message::new("error-visual-edits").with("detail", detail.to_string()),
    )
}

/// The form's body after the visual editor's edits (`blocks`, JSON), or as
/// it is when there are none.
pub fn apply_edits(body: &str, edits_json: &str) -> Result<String, AppError> {
    if edits_json.trim().is_empty() {
        return Ok(body.to_owned());
    }
    let edits: Vec<blocks::Edit> =
        serde_json::from_str(edits_json).map_err(|e| edits_refused("body", e))?;
    blocks::Blocks::split(body)
        .assemble(&edits)
        .map_err(|e| edits_refused("body", e))
}

#[derive(Deserialize)]
pub struct BlocksRequest {
    body: String,
    /// Markdown made HTML (the editor agreed), so the visual mode can edit it.
    #[serde(default)]
    convert: bool,
}

/// A body's blocks, for switching to the visual mode.
#[post("/body/blocks")]
pub async fn body_blocks(
    _user: CurrentUser,
    req: web::Json<BlocksRequest>,
) -> Result<HttpResponse, AppError> {
    let BlocksRequest { body, convert } = req.into_inner();
    let body = if convert {
        web::block(move || render::render(&body, None).html).await?
    } else {
        body
    };
    Ok(HttpResponse::Ok().json(VisualBody::of(body).await?))
}

#[derive(Deserialize)]
pub struct AssembleRequest {
    body: String,
    edits: Vec<blocks::Edit>,
}

/// The body the visual editor's edits make, and where each of its blocks
/// starts (UTF-16), for switching to the source mode.
#[post("/body/assemble")]
pub async fn assemble_body(
    _user: CurrentUser,
    req: web::Json<AssembleRequest>,
) -> Result<HttpResponse, AppError> {
    let AssembleRequest { body, edits } = req.into_inner();
    let (assembled, starts) = blocks::Blocks::split(&body)
        .assemble_marked(&edits)
        .map_err(|e| edits_refused("edits", e))?;
    let mut offsets = Utf16Offsets::new(&assembled);
    let at: Vec<usize> = starts.into_iter().map(|s| offsets.of(s)).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "body": assembled, "at": at })))
}
