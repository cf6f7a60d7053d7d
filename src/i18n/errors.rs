//! What each error a person may meet says, as a catalog message: the one
//! place that maps the domain's and the server's error types to keys of
//! `locales/*/errors.ftl`.

use super::Message;
use crate::auth::password::PolicyError;
use crate::domain::{
    EmailError, SlugError, StateError, StateReason, TaxonomyError, TextError, UnknownRole,
    UnknownStatus,
};
use crate::local_time::LocalTimeError;

impl From<TextError> for Message {
    fn from(e: TextError) -> Message {
        match e {
            TextError::Nul => Message::new("error-text-nul"),
            TextError::BidiControl(c) => {
                Message::new("error-text-bidi").with("char", format!("U+{c:04X}"))
            }
        }
    }
}

impl From<SlugError> for Message {
    fn from(e: SlugError) -> Message {
        match e {
            SlugError::Empty => Message::new("error-slug-empty"),
            SlugError::TooLong => {
                Message::new("error-slug-too-long").with("max", crate::domain::Slug::MAX_CHARS)
            }
            SlugError::Text(e) => e.into(),
        }
    }
}

impl From<crate::media::MediaError> for Message {
    fn from(e: crate::media::MediaError) -> Message {
        use crate::media::MediaError as E;
        match e {
            E::Empty => Message::new("error-media-empty"),
            E::TooLarge { bytes, max } => Message::new("error-media-too-large")
                .with("bytes", bytes)
                .with("max", max),
            E::Svg => Message::new("error-media-svg"),
            E::NotAnImage(looks) => Message::new("error-media-not-image").with("looks", looks),
            E::TooManyPixels { width, height, max } => Message::new("error-media-pixels")
                .with("width", i64::from(width))
                .with("height", i64::from(height))
                .with("max", max),
            E::Damaged(detail) => Message::new("error-media-damaged").with("detail", detail),
            E::BadName(name, why) => {
                use crate::media::inspect::NameProblem as N;
                let why = match why {
                    N::TooLong => "error-media-name-long",
                    N::Folder => "error-media-name-folder",
                    N::Control => "error-media-name-control",
                    N::Empty => "error-media-name-empty",
                };
                Message::new("error-media-name")
                    .quoting("name", &name)
                    .with_key("why", why)
            }
        }
    }
}

impl From<TaxonomyError> for Message {
    fn from(e: TaxonomyError) -> Message {
        match e {
            TaxonomyError::Empty => Message::new("error-name-empty"),
            TaxonomyError::TooLong(name) => Message::new("error-name-too-long")
                .quoting("name", &name)
                .with("max", 100_i64),
            TaxonomyError::Text(_, e) => e.into(),
        }
    }
}

impl From<StateReason> for Message {
    fn from(e: StateReason) -> Message {
        match e {
            StateReason::EmptyTitle => Message::new("error-title-empty"),
            StateReason::Slug(e) => e.into(),
            StateReason::Name(e) => e.into(),
            StateReason::Text(e) => e.into(),
        }
    }
}

impl From<StateError> for Message {
    fn from(e: StateError) -> Message {
        e.reason.into()
    }
}

impl From<UnknownStatus> for Message {
    fn from(e: UnknownStatus) -> Message {
        Message::new("error-status-unknown").quoting("given", &e.0)
    }
}

impl From<UnknownRole> for Message {
    fn from(e: UnknownRole) -> Message {
        Message::new("error-role-unknown").quoting("given", &e.0)
    }
}

impl From<EmailError> for Message {
    fn from(e: EmailError) -> Message {
        Message::new("error-email").quoting("given", &e.0)
    }
}

impl From<PolicyError> for Message {
    fn from(e: PolicyError) -> Message {
        match e {
            PolicyError::TooShort => {
                Message::new("error-password-short").with("min", crate::auth::password::MIN_CHARS)
            }
            PolicyError::TooLong => {
                Message::new("error-password-long").with("max", crate::auth::password::MAX_BYTES)
            }
            PolicyError::Guessable(None) => Message::new("error-password-guessable"),
            // zxcvbn's warnings, one catalog entry each (`zxcvbn-<name>`).
            PolicyError::Guessable(Some(w)) => {
                Message::new("error-password-guessable-because").with_key("why", zxcvbn_key(w))
            }
        }
    }
}

fn zxcvbn_key(w: zxcvbn::feedback::Warning) -> &'static str {
    use zxcvbn::feedback::Warning as W;
    match w {
        W::StraightRowsOfKeysAreEasyToGuess => "zxcvbn-rows",
        W::ShortKeyboardPatternsAreEasyToGuess => "zxcvbn-keyboard",
        W::RepeatsLikeAaaAreEasyToGuess => "zxcvbn-repeats",
        W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => "zxcvbn-repeated-words",
        W::ThisIsATop10Password => "zxcvbn-top10",
        W::ThisIsATop100Password => "zxcvbn-top100",
        W::ThisIsACommonPassword => "zxcvbn-common",
        W::ThisIsSimilarToACommonlyUsedPassword => "zxcvbn-similar",
        W::SequencesLikeAbcAreEasyToGuess => "zxcvbn-sequences",
        W::RecentYearsAreEasyToGuess => "zxcvbn-years",
        W::AWordByItselfIsEasyToGuess => "zxcvbn-word",
        W::DatesAreOftenEasyToGuess => "zxcvbn-dates",
        W::NamesAndSurnamesByThemselvesAreEasyToGuess => "zxcvbn-names",
        W::CommonNamesAndSurnamesAreEasyToGuess => "zxcvbn-common-names",
    }
}

impl From<LocalTimeError> for Message {
    fn from(e: LocalTimeError) -> Message {
        Message::new(e.key())
    }
}

/// The catalog key of a role's name.
pub fn role_key(role: crate::domain::Role) -> &'static str {
    use crate::domain::Role;
    match role {
        Role::Admin => "role-admin",
        Role::Editor => "role-editor",
        Role::Author => "role-author",
    }
}

/// What an import report's error `code` means, said in the reader's
/// language (its message, as the import wrote it, is the detail).
pub fn import_problem(code: &str) -> Message {
    let key = match code {
        "unreadable" => "import-problem-unreadable",
        "unsupported_type" => "import-problem-unsupported_type",
        "unsafe_path" => "import-problem-unsafe_path",
        "symlink" => "import-problem-symlink",
        "too_large" => "import-problem-too_large",
        "too_many_entries" => "import-problem-too_many_entries",
        "compression_ratio" => "import-problem-compression_ratio",
        "nested_archive" => "import-problem-nested_archive",
        "empty_archive" => "import-problem-empty_archive",
        "bad_archive" => "import-problem-bad_archive",
        "malformed_json" => "import-problem-malformed_json",
        "not_folio_json" => "import-problem-not_folio_json",
        "invalid_document" => "import-problem-invalid_document",
        "invalid_yaml" | "malformed_yaml" => "import-problem-invalid_yaml",
        "yaml_limit" => "import-problem-yaml_limit",
        "invalid_field" => "import-problem-invalid_field",
        "invalid_date" => "import-problem-invalid_date",
        "invalid_slug" => "import-problem-invalid_slug",
        "invalid_tag" => "import-problem-invalid_tag",
        "invalid_category" => "import-problem-invalid_category",
        "invalid_user" => "import-problem-invalid_user",
        "duplicate_slug" => "import-problem-duplicate_slug",
        "conflict" => "import-problem-conflict",
        "nul_byte" => "import-problem-nul_byte",
        "bidi_control" => "import-problem-bidi_control",
        "unreadable_date" => "import-problem-unreadable_date",
        "tag_case" => "import-problem-tag_case",
        "slug_renamed" => "import-problem-slug_renamed",
        "unknown_tag" => "import-problem-unknown_tag",
        "not_kept" => "import-problem-not_kept",
        "page_path_taken" => "import-problem-page_path_taken",
        _ => return Message::new("import-problem-other").with("code", code),
    };
    Message::new(key)
}
