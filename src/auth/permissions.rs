//! What each role may do (SPEC: admin everything; editor all content,
//! import, publishing, export; author their own drafts only). Handlers ask
//! these questions; nothing else decides access.

use crate::domain::{ArticleStatus, Role};

/// Who owns an article and where it stands: what an access decision on
/// one article needs.
#[derive(Debug, Clone, Copy)]
pub struct ArticleAccess {
    pub owner_id: Option<i64>,
    pub status: ArticleStatus,
}

pub fn can_edit_all_content(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Editor)
}

pub fn can_publish(role: Role) -> bool {
    can_edit_all_content(role)
}

pub fn can_transfer(role: Role) -> bool {
    can_edit_all_content(role)
}

pub fn can_manage_taxonomy(role: Role) -> bool {
    can_edit_all_content(role)
}

pub fn can_manage_users(role: Role) -> bool {
    role == Role::Admin
}

pub fn can_read_audit(role: Role) -> bool {
    role == Role::Admin
}

/// Authors see and edit only their own drafts.
pub fn can_edit(role: Role, user_id: i64, article: ArticleAccess) -> bool {
    can_edit_all_content(role)
        || (article.owner_id == Some(user_id) && article.status == ArticleStatus::Draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_edit_only_their_own_drafts() {
        let own_draft = ArticleAccess {
            owner_id: Some(7),
            status: ArticleStatus::Draft,
        };
        let own_published = ArticleAccess {
            status: ArticleStatus::Published,
            ..own_draft
        };
        assert!(can_edit(Role::Author, 7, own_draft));
        assert!(!can_edit(Role::Author, 8, own_draft));
        assert!(!can_edit(Role::Author, 7, own_published));
        assert!(can_edit(Role::Editor, 8, own_published));
        assert!(!can_publish(Role::Author));
        assert!(!can_manage_users(Role::Editor));
    }
}
