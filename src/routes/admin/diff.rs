//! Side-by-side differences of two article states, field by field, for the
//! revision compare page and the conflict view.

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::domain::ArticleState;

/// One line of one side of a diff.
pub struct Line {
    /// `same`, `del` (only on the left) or `ins` (only on the right).
    pub kind: &'static str,
    pub text: String,
}

/// A field that differs, with both sides' lines.
pub struct FieldDiff {
    pub field: String,
    pub left: Vec<Line>,
    pub right: Vec<Line>,
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

/// The fields in which `left` and `right` differ, with line diffs.
pub fn compare(left: &ArticleState, right: &ArticleState) -> Vec<FieldDiff> {
    let rights = field_texts(right);
    field_texts(left)
        .into_iter()
        .zip(rights)
        .filter(|((_, l), (_, r))| l != r)
        .map(|((field, l), (_, r))| {
            let diff = TextDiff::from_lines(&l, &r);
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for change in diff.iter_all_changes() {
                let text = change.value().trim_end_matches('\n').to_owned();
                match change.tag() {
                    ChangeTag::Equal => {
                        left.push(Line {
                            kind: "same",
                            text: text.clone(),
                        });
                        right.push(Line { kind: "same", text });
                    }
                    ChangeTag::Delete => left.push(Line { kind: "del", text }),
                    ChangeTag::Insert => right.push(Line { kind: "ins", text }),
                }
            }
            FieldDiff { field, left, right }
        })
        .collect()
}
