//! SQL fragments about the category tree, written once: a category and
//! everything under it, and a category's path up to the top. Macros that
//! expand to string literals, so the statements using them stay
//! `&'static str` where they were (`concat!`).

/// `sub(id)`: the categories `$start` selects and every category under
/// them, as an entry of a `WITH RECURSIVE` list.
macro_rules! subtree {
    ($start:literal) => {
        concat!(
            "sub(id) AS (",
            $start,
            " UNION SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)"
        )
    };
}

/// `up(id, parent, name, slug, depth)`: the category whose id is `$start`
/// (an SQL expression) and its ancestors, depth 0 at itself, as an entry of
/// a `WITH RECURSIVE` list. Bounded at 64 steps, so a cycle cannot loop.
macro_rules! path_up {
    ($start:literal) => {
        concat!(
            "up(id, parent, name, slug, depth) AS ( \
               SELECT c.id, c.parent_id, c.name, c.slug, 0 FROM categories c WHERE c.id = ",
            $start,
            " UNION ALL SELECT p.id, p.parent_id, p.name, p.slug, up.depth + 1 \
               FROM categories p JOIN up ON p.id = up.parent WHERE up.depth < 64)"
        )
    };
}

pub(crate) use {path_up, subtree};
