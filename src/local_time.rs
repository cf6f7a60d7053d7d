//! Times as a person reads and types them: in their time zone, with the
//! zone named (`2026-12-05 08:00 (北京时间 UTC+8)`), and `datetime-local`
//! values read back in that zone. Stored times stay UTC seconds.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::i18n::Lang;

/// A time as the admin shows it: the local date and minute, the zone's
/// name where the catalog has one (else its IANA name), and its offset.
pub fn show(lang: Lang, zone: Tz, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let time = local.format("%Y-%m-%d %H:%M").to_string();
    let offset = offset_label(local.offset().fix().local_minus_utc());
    if zone == Tz::UTC || zone == Tz::Etc__UTC {
        return lang.t_with("time-in-utc", &[("time", time.into())]);
    }
    lang.t_with(
        "time-in-zone",
        &[
            ("time", time.into()),
            ("zone", zone_name(lang, zone).into()),
            ("offset", offset.into()),
        ],
    )
}

/// A zone as a person knows it: `北京时间` / `Beijing time` for the zones
/// the catalogs name, else the IANA name (`Europe/Vienna`).
pub fn zone_name(lang: Lang, zone: Tz) -> String {
    let key = format!("zone-{}", zone.name().replace('/', "-"));
    lang.try_t(&key).unwrap_or_else(|| zone.name().to_owned())
}

/// A zone for a choice: its name and IANA name, `北京时间 (Asia/Shanghai)`,
/// or just `Europe/Vienna` / `UTC` when the catalogs name it no other way.
pub fn zone_label(lang: Lang, zone: Tz) -> String {
    let name = zone_name(lang, zone);
    if name == zone.name() {
        name
    } else {
        lang.t_with(
            "zone-label",
            &[("name", name.into()), ("id", zone.name().to_owned().into())],
        )
    }
}

/// `UTC+8`, `UTC+5:30`, `UTC-3`, `UTC±0` as `UTC`.
fn offset_label(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => "UTC".to_owned(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

/// The value of a `datetime-local` input for `at` in `zone`
/// (`2026-12-05T08:00`).
pub fn input_value(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

/// The same to the second, for dates that carry seconds (an article's).
pub fn input_value_seconds(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// Why a typed time is not a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    /// Neither `2026-12-05T08:00` nor `2026-12-05 08:00` (seconds allowed).
    #[error("not a date and time (2026-12-05 08:00)")]
    Unreadable,
    /// A wall-clock time the zone skips (clocks moved forward).
    #[error("that time does not exist in this time zone: the clocks skip it")]
    Skipped,
}

impl LocalTimeError {
    /// The catalog key of the message a person reads.
    pub fn key(self) -> &'static str {
        match self {
            LocalTimeError::Unreadable => "time-unreadable",
            LocalTimeError::Skipped => "time-skipped",
        }
    }
}

/// A `datetime-local` value (or the same typed with a space) read in
/// `zone`. A time the clocks pass twice is the first of the two.
pub fn parse_input(zone: Tz, raw: &str) -> Result<DateTime<Utc>, LocalTimeError> {
    let raw = raw.trim();
    let naive = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
    .ok_or(LocalTimeError::Unreadable)?;
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(LocalTimeError::Skipped),
    }
}

/// Every zone a user may choose, by IANA name.
pub fn all_zones() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn times_show_in_the_zone_with_its_name_and_offset() {
        let at = utc("2026-12-05T00:00:00Z");
        assert_eq!(
            show(Lang::ZhCn, Tz::Asia__Shanghai, at),
            "2026-12-05 08:00 (北京时间 UTC+8)"
        );
        assert_eq!(
            show(Lang::En, Tz::Asia__Shanghai, at),
            "2026-12-05 08:00 (Beijing time UTC+8)"
        );
        assert_eq!(show(Lang::En, Tz::UTC, at), "2026-12-05 00:00 (UTC)");
        assert_eq!(
            show(Lang::En, Tz::Asia__Kolkata, at),
            "2026-12-05 05:30 (Asia/Kolkata UTC+5:30)"
        );
        assert_eq!(
            show(Lang::En, Tz::America__Sao_Paulo, at),
            "2026-12-04 21:00 (America/Sao_Paulo UTC-3)"
        );
    }

    #[test]
    fn typed_times_are_read_in_the_zone() {
        let z = Tz::Asia__Shanghai;
        assert_eq!(
            parse_input(z, "2026-12-05T08:00"),
            Ok(utc("2026-12-05T00:00:00Z"))
        );
        assert_eq!(
            parse_input(z, " 2026-12-05 08:00:30 "),
            Ok(utc("2026-12-05T00:00:30Z"))
        );
        assert_eq!(
            input_value(z, utc("2026-12-05T00:00:00Z")),
            "2026-12-05T08:00"
        );
        assert_eq!(
            parse_input(z, "2026-12-05 08：00"),
            Err(LocalTimeError::Unreadable)
        );
        assert_eq!(
            parse_input(z, "2026-02-30T08:00"),
            Err(LocalTimeError::Unreadable)
        );
        // Vienna skips 02:00–03:00 on 2026-03-29, and passes 02:30 twice
        // on 2026-10-25 (the first is summer time, UTC+2).
        let v = Tz::Europe__Vienna;
        assert_eq!(
            parse_input(v, "2026-03-29T02:30"),
            Err(LocalTimeError::Skipped)
        );
        assert_eq!(
            parse_input(v, "2026-10-25T02:30"),
            Ok(utc("2026-10-25T00:30:00Z"))
        );
    }
}
