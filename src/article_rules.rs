//! The rules of an article change that every surface applies alike — the
//! editor's form, the JSON API, bulk actions, revision restore — so the
//! same request gets the same answer wherever it comes from (issue 16).
//! The database holds the last line: a scheduled article without its time
//! is refused by a trigger (migration 0014).

use crate::auth::permissions;
use crate::domain::{ArticleStatus, Role};

/// Why a change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// Only editors and admins change an article's status.
    #[error("this role may not change the status")]
    MayNotSetStatus,
    /// "Scheduled" needs a time, which the schedule step gives.
    #[error("a scheduled article needs its time: use the schedule step")]
    ScheduleNeedsTime,
}

/// A change of status from `current` (scheduled for `scheduled_at`, if it
/// is) to `wanted`, asked by a user of `role`.
pub fn status_change(
    role: Role,
    current: ArticleStatus,
    scheduled_at: Option<i64>,
    wanted: ArticleStatus,
) -> Result<(), RuleError> {
    if wanted == current {
        return Ok(());
    }
    if !permissions::can_publish(role) {
        return Err(RuleError::MayNotSetStatus);
    }
    if wanted == ArticleStatus::Scheduled && scheduled_at.is_none() {
        return Err(RuleError::ScheduleNeedsTime);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArticleStatus::*;

    #[test]
    fn status_changes_by_role_and_time() {
        assert_eq!(status_change(Role::Author, Draft, None, Draft), Ok(()));
        assert_eq!(
            status_change(Role::Author, Draft, None, Published),
            Err(RuleError::MayNotSetStatus)
        );
        assert_eq!(status_change(Role::Editor, Draft, None, Published), Ok(()));
        assert_eq!(
            status_change(Role::Editor, Published, None, Scheduled),
            Err(RuleError::ScheduleNeedsTime)
        );
        // A time already set (an unpublished article rescheduled as it was).
        assert_eq!(
            status_change(Role::Editor, Unpublished, Some(9), Scheduled),
            Ok(())
        );
    }
}
