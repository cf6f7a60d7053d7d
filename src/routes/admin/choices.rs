//! The choices the list's filters and the editor offer — every tag, every
//! category path, every author credit — rendered once per change of the
//! content (`db::content_generation`) rather than on every page view (at
//! 100,000 articles they were half of a list page's cost).

use std::sync::Arc;

use askama::Template;
use sqlx::SqliteConnection;

use super::per_generation::PerGeneration;
use crate::db;
use crate::db::{article_list, taxonomy};
use crate::error::AppError;

/// `<option>` lists, escaped, for `|safe` in the pages.
#[derive(Debug, Default)]
pub struct Choices {
    /// `<option value="name">` for each tag (a `<datalist>`'s content).
    pub tags: String,
    /// `<option value="id">path</option>` for each category, by path.
    pub categories: String,
    /// `<option value="path">path</option>` for each category, by path
    /// (the editor's category picker).
    pub category_paths: String,
    /// `<option>credit</option>` for each author credit.
    pub authors: String,
}

impl Choices {
    /// The category options with `id` selected.
    pub fn categories_selecting(&self, id: &str) -> String {
        select(
            &self.categories,
            &format!(
                "<option value=\"{}\">",
                html_escape::encode_double_quoted_attribute(id)
            ),
        )
    }

    /// The author options with `author` selected.
    pub fn authors_selecting(&self, author: &str) -> String {
        select(
            &self.authors,
            &format!(
                "<option value=\"{}\">",
                html_escape::encode_double_quoted_attribute(author)
            ),
        )
    }
}

/// Marks the option that starts with `opening` as selected.
fn select(options: &str, opening: &str) -> String {
    let selected = format!("{} selected>", opening.trim_end_matches('>'));
    options.replacen(opening, &selected, 1)
}

#[derive(Template)]
#[template(
    source = "{% for (value, label) in options %}<option value=\"{{ value }}\">{{ label }}</option>{% endfor %}",
    ext = "html"
)]
struct Options<'a> {
    options: &'a [(String, String)],
}

#[derive(Default)]
pub struct ChoicesCache(PerGeneration<Choices>);

impl ChoicesCache {
    /// The choices as the database stands.
    pub async fn get(&self, conn: &mut SqliteConnection) -> Result<Arc<Choices>, AppError> {
        let stamp = db::content_generation(conn).await?;
        self.0.get(stamp, || load(conn)).await
    }
}

async fn load(conn: &mut SqliteConnection) -> Result<Choices, AppError> {
    let render = |options: Vec<(String, String)>| Options { options: &options }.render();
    let tags = taxonomy::tag_names(conn).await?;
    let tree = taxonomy::category_tree(conn).await?;
    let mut categories: Vec<(String, String)> = tree
        .entries()
        .into_iter()
        .map(|(id, path)| (id.to_string(), path.join(" > ")))
        .collect();
    categories.sort_by(|a, b| a.1.cmp(&b.1));
    let paths: Vec<(String, String)> = categories
        .iter()
        .map(|(_, path)| (path.clone(), path.clone()))
        .collect();
    let authors = article_list::authors(conn).await?;
    Ok(Choices {
        tags: render(tags.into_iter().map(|t| (t.clone(), t)).collect())?,
        categories: render(categories)?,
        category_paths: render(paths)?,
        authors: render(authors.into_iter().map(|a| (a.clone(), a)).collect())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_option_is_marked_selected() {
        let options = Options {
            options: &[("1".into(), "a".into()), ("12".into(), "a > b".into())],
        }
        .render()
        .unwrap();
        let c = Choices {
            categories: options,
            ..Choices::default()
        };
        assert_eq!(
            c.categories_selecting("12"),
            "<option value=\"1\">a</option><option value=\"12\" selected>a &#62; b</option>"
        );
        assert_eq!(c.categories_selecting("3"), c.categories);
    }
}
