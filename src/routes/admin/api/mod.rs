//! `/admin/api`: the JSON API for machines, beside the pages (SPEC's
//! admin API). `articles` (list, create, read, update, delete, publishing
//! steps), `import` (`POST /admin/api/import` and a run's status), `media`
//! (upload, the library, bringing images home and its runs), and
//! `openapi` (the document, collected by utoipa from the scope `startup`
//! registers, and the scope's 404/405). The export's download lives with
//! the export page (`export`).

pub mod articles;
pub mod import;
pub mod media;
pub mod openapi;

/// A JSON number as an integer, as JSON Schema counts them: `3` or `3.0`
/// (some clients write every number as a float).
pub fn whole(n: &serde_json::Number) -> Option<i64> {
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    })
}

/// A list of integers, each as [`whole`] reads it.
pub fn whole_numbers<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    use serde::Deserialize;
    Vec::<serde_json::Number>::deserialize(d)?
        .iter()
        .map(|n| {
            whole(n).ok_or_else(|| serde::de::Error::custom(format!("{n} is not a whole number")))
        })
        .collect()
}
