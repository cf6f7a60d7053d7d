//! The rules of an article change that every surface applies alike — the
//! editor's form, the JSON API, the publishing steps, bulk actions,
//! revision restore — so the same request gets the same answer wherever it
//! comes from (issue 16). The rest of the write path is shared code, not
//! rules to repeat: a new article's slug is made and made unique in
//! `db::article_edits::create`, tags and categories are normalised when an
//! `ArticleState` is validated (`domain`), the version is checked (and a
//! concurrent change merged) in `db::article_edits::save`, and what a body
//! renders to is made before the write transaction (`derived::Prepared`).
//! The database holds the last line: a scheduled article without its time
//! is refused by a trigger (migration 0014).

use chrono::{DateTime, Utc};

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
    /// A schedule is for a time to come (one already past is "publish").
    #[error("the time to publish at has passed")]
    ScheduleInPast,
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

/// A publishing step (publish, unpublish, republish; or schedule for
/// `schedule_at`) asked by a user of `role` at `now`: from the editor's
/// buttons, the API's steps, a bulk action alike. The scheduler's own
/// publishing is the step a user scheduled, already allowed.
pub fn publishing_step(
    role: Role,
    schedule_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), RuleError> {
    if !permissions::can_publish(role) {
        return Err(RuleError::MayNotSetStatus);
    }
    if schedule_at.is_some_and(|at| at <= now) {
        return Err(RuleError::ScheduleInPast);
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

    #[test]
    fn publishing_steps_by_role_and_time() {
        let now = Utc::now();
        let hour = chrono::Duration::hours(1);
        assert_eq!(publishing_step(Role::Editor, None, now), Ok(()));
        assert_eq!(
            publishing_step(Role::Author, None, now),
            Err(RuleError::MayNotSetStatus)
        );
        assert_eq!(publishing_step(Role::Admin, Some(now + hour), now), Ok(()));
        assert_eq!(
            publishing_step(Role::Editor, Some(now - hour), now),
            Err(RuleError::ScheduleInPast)
        );
    }
}
