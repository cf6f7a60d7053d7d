//! Two article states compared field by field, for the revision compare
//! page and the conflict view: each change in its sentence (`text_diff`),
//! the body's text and markup apart, and the body's two renderings side by
//! side with the changed blocks marked.

use serde_json::Value;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::domain::ArticleState;
use crate::error::AppError;
use crate::render::{self, blocks::Blocks};
use crate::text_diff::{self, Passage};

/// A field that differs.
pub struct FieldDiff {
    /// The field's name in `ArticleState` (`title`, `body`…).
    pub field: String,
    /// The catalog key of the field's name.
    pub label: &'static str,
    /// Its text's changes (for the body: the text between the tags).
    pub text: Vec<Passage>,
    /// The body's changed tags and attributes.
    pub markup: Vec<Passage>,
    /// The body as the page shows it, before and after.
    pub rendered: Option<(Vec<RenderedBlock>, Vec<RenderedBlock>)>,
}

/// A block of a rendered body (sanitised HTML), marked when the other side
/// does not have it.
pub struct RenderedBlock {
    pub html: String,
    pub changed: bool,
}

/// The catalog key naming a field of `ArticleState`.
fn label(field: &str) -> &'static str {
    match field {
        "slug" => "diff-field-slug",
        "title" => "diff-field-title",
        "status" => "diff-field-status",
        "date" => "diff-field-date",
        "updated" => "diff-field-updated",
        "author" => "diff-field-author",
        "headimg" => "diff-field-headimg",
        "thumbnail" => "diff-field-thumbnail",
        "comments" => "diff-field-comments",
        "permalink" => "diff-field-permalink",
        "excerpt" => "diff-field-excerpt",
        "tags" => "diff-field-tags",
        "categories" => "diff-field-categories",
        "body" => "diff-field-body",
        "extra" => "diff-field-extra",
        _ => "diff-field-front-matter",
    }
}

fn field_texts(state: &ArticleState) -> Vec<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::to_value(state) else {
        return Vec::new();
    };
    map.into_iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => serde_json::to_string_pretty(&other).unwrap_or_default(),
            };
            (k, text)
        })
        .collect()
}

/// The fields in which `left` and `right` differ. Made on a blocking
/// thread: a body's comparison and renderings are the cost.
pub async fn compare(left: ArticleState, right: ArticleState) -> Result<Vec<FieldDiff>, AppError> {
    actix_web::web::block(move || compare_blocking(&left, &right))
        .await
        .map_err(AppError::from)
}

/// [`compare`], on the caller's thread (`bench_diff` times it).
pub fn compare_blocking(left: &ArticleState, right: &ArticleState) -> Vec<FieldDiff> {
    let rights = field_texts(right);
    field_texts(left)
        .into_iter()
        .zip(rights)
        .filter(|((_, l), (_, r))| l != r)
        .map(|((field, l), (_, r))| {
            if field == "body" {
                let diff = text_diff::body(&l, &r);
                FieldDiff {
                    label: label(&field),
                    field,
                    text: diff.text,
                    markup: diff.markup,
                    rendered: Some(side_by_side(&l, &r)),
                }
            } else {
                FieldDiff {
                    label: label(&field),
                    field,
                    text: text_diff::text(&l, &r),
                    markup: Vec::new(),
                    rendered: None,
                }
            }
        })
        .collect()
}

/// Both bodies rendered block by block, the blocks one side lacks marked.
fn side_by_side(left: &str, right: &str) -> (Vec<RenderedBlock>, Vec<RenderedBlock>) {
    let (l, r) = (Blocks::split(left), Blocks::split(right));
    let sources = |b: &Blocks<'_>| -> Vec<String> {
        b.blocks()
            .iter()
            .map(|x| b.source_of(x).to_owned())
            .collect()
    };
    let (ls, rs) = (sources(&l), sources(&r));
    let show = |source: &str, changed: bool| RenderedBlock {
        html: render::render(source, None).html,
        changed,
    };
    let (mut left_out, mut right_out) = (Vec::new(), Vec::new());
    for op in capture_diff_slices(Algorithm::Myers, &ls, &rs) {
        let (old, new) = (op.old_range(), op.new_range());
        let changed = !matches!(op, DiffOp::Equal { .. });
        left_out.extend(ls[old].iter().map(|s| show(s, changed)));
        right_out.extend(rs[new].iter().map(|s| show(s, changed)));
    }
    (left_out, right_out)
}
