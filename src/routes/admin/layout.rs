//! What every admin page shares: the navigation (by role), the CSRF token
//! for forms and scripts, and the error page.

use askama::Template;

use super::guard::CurrentUser;
use crate::auth::permissions;

/// The frame of a logged-in page.
pub struct Frame {
    pub email: String,
    pub role: &'static str,
    pub csrf: String,
    pub can_transfer: bool,
    pub can_manage_taxonomy: bool,
    pub is_admin: bool,
    /// Which navigation entry is current.
    pub section: &'static str,
}

impl Frame {
    pub fn new(user: &CurrentUser, section: &'static str) -> Frame {
        Frame {
            email: user.email.clone(),
            role: user.role.as_str(),
            csrf: user.csrf_token.clone(),
            can_transfer: permissions::can_transfer(user.role),
            can_manage_taxonomy: permissions::can_manage_taxonomy(user.role),
            is_admin: permissions::can_manage_users(user.role),
            section,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub reason: &'static str,
    pub message: String,
}
