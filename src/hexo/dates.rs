//! Reading `date` and `updated` the way Hexo does.
//!
//! Hexo hands the value to moment/`new Date`, so it accepts YAML timestamps
//! (`2013-07-13`, `2013-07-13 20:46:25`, `2001-12-14t21:59:43.10-05:00`,
//! `2001-12-14 21:59:43.10 -5`), slash dates (`2013/7/13 20:46:25`), ISO 8601
//! with or without a zone, and RFC 2822 (`Wed, 02 Jun 2021 04:07:00 GMT`).
//! A date written without a zone is in the site's timezone (Hexo's
//! `timezone`, folio's `FOLIO_TIMEZONE`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Parses a front-matter date. `None` when no form Hexo accepts matches.
pub fn parse_date(raw: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&Utc));
    }
    if let Some(dt) = parse_rfc2822(s) {
        return Some(dt);
    }
    let (local, offset) = split_zone(s);
    let naive = parse_naive(local)?;
    match offset {
        Some(offset) => offset
            .from_local_datetime(&naive)
            .single()
            .map(|d| d.with_timezone(&Utc)),
        None => local_in(zone, naive),
    }
}

/// The zone's reading of a wall-clock time; in a DST gap the time is taken
/// as if the clock had not jumped (moment-timezone does the same).
fn local_in(zone: Tz, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
    let local = zone.from_local_datetime(&naive);
    local
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|d| d.with_timezone(&Utc))
}

fn parse_rfc2822(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.with_timezone(&Utc));
    }
    // chrono rejects a weekday that does not match the date; browsers (and so
    // Hexo) ignore it. Retry without the weekday.
    let (_, rest) = s.split_once(',')?;
    if !s[..s.find(',')?].chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    DateTime::parse_from_rfc2822(rest.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Splits a trailing zone (`Z`, `+08:00`, `+0800`, ` -5`, ` GMT`, ` UTC`)
/// from a date-time.
fn split_zone(s: &str) -> (&str, Option<FixedOffset>) {
    for suffix in ["Z", "z", " GMT", " UTC", " UT"] {
        if let Some(rest) = s.strip_suffix(suffix)
            && rest.len() > 10
        {
            return (rest.trim_end(), FixedOffset::east_opt(0));
        }
    }
    // A sign that starts the zone comes after the time part, so look past
    // the date's own dashes (position 10 in `2013-07-13`).
    let Some(time_start) = s.find([' ', 'T', 't']) else {
        return (s, None);
    };
    let tail = &s[time_start + 1..];
    let Some(sign_at) = tail.rfind(['+', '-']) else {
        return (s, None);
    };
    let zone = &tail[sign_at..];
    match parse_offset(zone) {
        Some(offset) => (s[..time_start + 1 + sign_at].trim_end(), Some(offset)),
        None => (s, None),
    }
}

/// `+08:00`, `+0800`, `+08`, `-5` (YAML allows a one-digit hour).
fn parse_offset(zone: &str) -> Option<FixedOffset> {
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (
            digits[..1].parse::<i32>().ok()?,
            digits[1..].parse::<i32>().ok()?,
        ),
        _ => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// A date with an optional time: `-` or `/` between the date's parts, one
/// or two digits for month and day, `T` or spaces before the time, and
/// optional seconds and fraction.
///
/// Hexo rolls a day past its month's end over into the next, as
/// JavaScript's `Date` does (`2018-02-31` is March 3rd): js-yaml makes a
/// YAML timestamp with `Date.UTC`, which rolls over any part (`2021-13-01`
/// is 2022-01-01, `25:00:00` the next day's 01:00), and V8 reads a string
/// (`2021/2/30`) rolling over days up to 31.
fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    let (date_part, time_part, spaced) = match s.find([' ', 'T', 't']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim()), s[i..].starts_with(' ')),
        None => (s, None, false),
    };
    let (year, month, day, dashed) = parse_ymd(date_part)?;
    let yaml = dashed && time_part.is_none_or(|t| yaml_time(t).is_some());
    if yaml {
        // `Date.UTC(year, month - 1, day, h, m, s)`.
        let (h, m, sec, nanos) = time_part.and_then(yaml_time).unwrap_or((0, 0, 0, 0));
        let months = i64::from(year) * 12 + i64::from(month) - 1;
        let first = NaiveDate::from_ymd_opt(
            i32::try_from(months.div_euclid(12)).ok()?,
            u32::try_from(months.rem_euclid(12)).ok()? + 1,
            1,
        )?;
        let offset = chrono::Duration::days(i64::from(day) - 1)
            + chrono::Duration::seconds(i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec))
            + chrono::Duration::nanoseconds(i64::from(nanos));
        return first.and_time(NaiveTime::MIN).checked_add_signed(offset);
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_days(chrono::Days::new(u64::from(day) - 1))?;
    let time = match time_part {
        None | Some("") => NaiveTime::MIN,
        Some(t) => parse_hms(t, spaced)?,
    };
    Some(date.and_time(time))
}

/// Year, month and day as written (one or two digits each for the last
/// two), and whether `-` parted them (a YAML timestamp's shape).
fn parse_ymd(s: &str) -> Option<(i32, u32, u32, bool)> {
    let sep = if s.contains('/') { '/' } else { '-' };
    let mut parts = s.split(sep);
    let year_text = parts.next()?;
    let month_text = parts.next()?;
    let day_text = parts.next()?;
    let digits = |t: &str, most: usize| {
        (1..=most).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(year_text, 4) || year_text.len() != 4 {
        return None;
    }
    if !digits(month_text, 2) || !digits(day_text, 2) {
        return None;
    }
    let year: i32 = year_text.parse().ok()?;
    if !(1000..=9999).contains(&year) {
        return None;
    }
    Some((
        year,
        month_text.parse().ok()?,
        day_text.parse().ok()?,
        sep == '-',
    ))
}

/// A YAML timestamp's time: `H?H:MM:SS(.f*)?`, with an offset split off
/// already. `None` for other shapes (then V8 reads the string).
fn yaml_time(t: &str) -> Option<(u32, u32, u32, u32)> {
    let (hms, fraction) = match t.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (t, None),
    };
    let mut parts = hms.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && (1..=2).contains(&h.len())
        && m.len() == 2
        && s.len() == 2
        && [h, m, s]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(f) if f.bytes().all(|b| b.is_ascii_digit()) => {
            let digits: String = f.chars().chain(std::iter::repeat('0')).take(9).collect();
            digits.parse().ok()?
        }
        Some(_) => return None,
    };
    Some((h.parse().ok()?, m.parse().ok()?, s.parse().ok()?, nanos))
}

/// `HH:MM[:SS][.fff]`; after a space (V8's own parser, not its ISO one)
/// also `HH:MM:SS:fff`, the fourth part milliseconds (node 20 reads
/// `2020-01-02 10:11:12:13` as 10:11:12.013).
fn parse_hms(s: &str, spaced: bool) -> Option<NaiveTime> {
    let (hms, fraction) = match s.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (s, None),
    };
    let mut parts = hms.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: u32 = match parts.next() {
        Some(p) => p.parse().ok()?,
        None => 0,
    };
    if let Some(ms) = parts.next() {
        let legacy = spaced
            && fraction.is_none()
            && parts.next().is_none()
            && (1..=3).contains(&ms.len())
            && ms.chars().all(|c| c.is_ascii_digit());
        if !legacy {
            return None;
        }
        return NaiveTime::from_hms_milli_opt(h, m, sec, ms.parse().ok()?);
    }
    let nanos = match fraction {
        Some(f) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => {
            let digits: String = f.chars().chain(std::iter::repeat('0')).take(9).collect();
            digits.parse().ok()?
        }
        Some(_) => return None,
        None => 0,
    };
    NaiveTime::from_hms_nano_opt(h, m, sec, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> String {
        parse_date(s, chrono_tz::UTC)
            .map(|d| d.to_rfc3339())
            .unwrap_or_default()
    }

    fn shanghai(s: &str) -> String {
        parse_date(s, chrono_tz::Asia::Shanghai)
            .map(|d| d.to_rfc3339())
            .unwrap_or_default()
    }

    #[test]
    fn rfc2822_as_in_the_seeds() {
        assert_eq!(
            utc("Wed, 02 Jun 2021 04:07:00 GMT"),
            "2021-06-02T04:07:00+00:00"
        );
        assert_eq!(
            shanghai("Fri, 03 Dec 2021 00:00:00 GMT"),
            "2021-12-03T00:00:00+00:00"
        );
    }

    #[test]
    fn rfc2822_with_a_wrong_weekday_is_read_like_a_browser_does() {
        assert_eq!(
            utc("Mon, 02 Jun 2021 04:07:00 GMT"),
            "2021-06-02T04:07:00+00:00"
        );
    }

    #[test]
    fn hexo_slash_dates_are_local() {
        assert_eq!(utc("2013/7/13 20:46:25"), "2013-07-13T20:46:25+00:00");
        assert_eq!(shanghai("2013/7/13 20:46:25"), "2013-07-13T12:46:25+00:00");
        assert_eq!(utc("2013/07/13"), "2013-07-13T00:00:00+00:00");
    }

    #[test]
    fn yaml_timestamps() {
        assert_eq!(utc("2013-07-13"), "2013-07-13T00:00:00+00:00");
        assert_eq!(shanghai("2013-07-13 20:46:25"), "2013-07-13T12:46:25+00:00");
        assert_eq!(
            utc("2001-12-14t21:59:43.10-05:00"),
            "2001-12-15T02:59:43.100+00:00"
        );
        assert_eq!(
            utc("2001-12-14 21:59:43.10 -5"),
            "2001-12-15T02:59:43.100+00:00"
        );
        assert_eq!(
            utc("2001-12-14 21:59:43.10 +08:00"),
            "2001-12-14T13:59:43.100+00:00"
        );
    }

    #[test]
    fn iso_8601_with_and_without_zone() {
        assert_eq!(utc("2021-06-02T04:07:00Z"), "2021-06-02T04:07:00+00:00");
        assert_eq!(
            utc("2021-06-02T12:07:00+08:00"),
            "2021-06-02T04:07:00+00:00"
        );
        assert_eq!(utc("2021-06-02T12:07:00+0800"), "2021-06-02T04:07:00+00:00");
        assert_eq!(shanghai("2021-06-02T12:07:00"), "2021-06-02T04:07:00+00:00");
        assert_eq!(shanghai("2021-06-02 12:07"), "2021-06-02T04:07:00+00:00");
    }

    #[test]
    fn a_fourth_time_part_after_a_space_is_milliseconds_as_in_v8() {
        assert_eq!(
            utc("2020-01-02 10:11:12:13"),
            "2020-01-02T10:11:12.013+00:00"
        );
        assert_eq!(
            utc("2020/01/02 10:11:12:5"),
            "2020-01-02T10:11:12.005+00:00"
        );
        for bad in ["2020-01-02T10:11:12:13", "2020-01-02 10:11:12:1234"] {
            assert_eq!(utc(bad), "", "{bad}");
        }
    }

    #[test]
    fn days_and_months_past_their_end_roll_over_as_in_javascript() {
        // js-yaml's `Date.UTC` for a YAML timestamp; V8 for a string.
        assert_eq!(utc("2018-02-31 23:50:48"), "2018-03-03T23:50:48+00:00");
        assert_eq!(utc("2018-02-31"), "2018-03-03T00:00:00+00:00");
        assert_eq!(utc("2021-13-01"), "2022-01-01T00:00:00+00:00");
        assert_eq!(utc("2021-06-02 25:00:00"), "2021-06-03T01:00:00+00:00");
        assert_eq!(utc("2021/2/30"), "2021-03-02T00:00:00+00:00");
        assert_eq!(shanghai("2018-02-31 23:50:48"), "2018-03-03T15:50:48+00:00");
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "2020-01-02 10：11：12",
            "2020-01-02 10:111:12",
            "yesterday",
            "2021/13/01",
            "2021/2/32",
            "12:00",
            "2021-06-02 25:00",
        ] {
            assert_eq!(utc(bad), "", "{bad}");
        }
    }
}
