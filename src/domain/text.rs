//! What no text folio stores may hold: a NUL byte (C strings, logs and
//! other tools cut the text there), and in names people pick things by
//! (titles, slugs, tags, categories) the bidirectional controls, which
//! reorder the text after them so one name displays as another ("Trojan
//! Source", CVE-2021-42574).

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("it holds a NUL byte")]
    Nul,
    #[error("it holds the bidirectional control U+{0:04X}, which reorders the text after it")]
    BidiControl(u32),
}

/// U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Any stored text: no NUL.
pub fn check_text(s: &str) -> Result<(), TextError> {
    if s.contains('\0') {
        return Err(TextError::Nul);
    }
    Ok(())
}

/// A name people choose by: no NUL, no bidirectional control.
pub fn check_name(s: &str) -> Result<(), TextError> {
    check_text(s)?;
    match s.chars().find(|c| is_bidi_control(*c)) {
        Some(c) => Err(TextError::BidiControl(c as u32)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_bidi_controls_are_named() {
        assert_eq!(check_text("a\0b"), Err(TextError::Nul));
        assert_eq!(check_text("a\u{202E}b"), Ok(()));
        assert_eq!(
            check_name("gpj.\u{202E}exe"),
            Err(TextError::BidiControl(0x202E))
        );
        assert_eq!(
            check_name("a\u{2066}b"),
            Err(TextError::BidiControl(0x2066))
        );
        assert_eq!(
            check_name("金融科技 ‏"),
            Ok(()),
            "U+200F (a mark) is no control"
        );
    }
}
