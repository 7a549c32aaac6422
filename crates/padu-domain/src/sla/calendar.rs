//! Working-time calendars: business hours per weekday in the region's local time, and holidays.
//!
//! All arithmetic is in whole seconds of *working time*: the seconds that fall inside a business
//! period of a day that is not a holiday. Instants are UTC; the calendar converts to local time
//! with a fixed offset (Indonesia keeps no daylight saving time).

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};
use std::collections::BTreeMap;

/// Who keeps the region's days off, which every SLA and complaint deadline counts around: the
/// Dinas. Everyone signed in reads them.
pub const KEEPS_HOLIDAYS: crate::Gate = crate::Gate::ADMIN;

/// One business period of a day, `[start, end)` in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A region's working calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    /// Offset of local time from UTC (WIB = +07:00).
    pub offset: FixedOffset,
    /// Business periods for Monday (index 0) to Sunday (index 6), sorted and disjoint.
    pub week: [Vec<Period>; 7],
    /// Days off, with their names (national holidays, cuti bersama, regional days off).
    pub holidays: BTreeMap<NaiveDate, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("line {line}: {message}")]
    Holiday { line: usize, message: String },
    #[error("{day}: {message}")]
    Hours { day: String, message: String },
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

/// Western Indonesian Time (UTC+7), the local time of the three profiles' regions.
pub fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The instant day `day` begins in WIB.
pub fn wib_day_start(day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_time(chrono::NaiveTime::MIN)
        .and_local_timezone(wib())
        .single()
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc(),
            |t| t.to_utc(),
        )
}

/// The calendar day in WIB at instant `at` (the regions' "today").
pub fn wib_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    at.with_timezone(&wib()).date_naive()
}

impl WorkCalendar {
    /// Indonesian government working hours (37.5 hours a week over five days): Monday to
    /// Thursday 07:30–16:00, Friday 07:30–16:30, in WIB. Regions change them in settings.
    pub fn government_wib() -> WorkCalendar {
        let mon_thu = vec![Period {
            start: hm(7, 30),
            end: hm(16, 0),
        }];
        let fri = vec![Period {
            start: hm(7, 30),
            end: hm(16, 30),
        }];
        WorkCalendar {
            offset: wib(),
            week: [
                mon_thu.clone(),
                mon_thu.clone(),
                mon_thu.clone(),
                mon_thu,
                fri,
                vec![],
                vec![],
            ],
            holidays: BTreeMap::new(),
        }
    }

    /// Sets one weekday's periods; they must be non-empty intervals, sorted and disjoint.
    pub fn set_day(&mut self, day: Weekday, periods: Vec<Period>) -> Result<(), CalendarError> {
        let bad = |message: &str| CalendarError::Hours {
            day: format!("{day:?}"),
            message: message.into(),
        };
        for (i, p) in periods.iter().enumerate() {
            if p.start >= p.end {
                return Err(bad("a period must end after it starts"));
            }
            if i > 0 && periods[i - 1].end > p.start {
                return Err(bad("periods must be in order and must not overlap"));
            }
        }
        self.week[day.num_days_from_monday() as usize] = periods;
        Ok(())
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !self.holidays.contains_key(&date) && !self.periods(date).is_empty()
    }

    fn periods(&self, date: NaiveDate) -> &[Period] {
        if self.holidays.contains_key(&date) {
            return &[];
        }
        &self.week[date.weekday().num_days_from_monday() as usize]
    }

    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&self.offset).naive_local()
    }

    fn utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        self.offset
            .from_local_datetime(&local)
            .single()
            .expect("a fixed offset maps every local time once")
            .with_timezone(&Utc)
    }

    /// Working seconds in `[from, to)`; zero when `to <= from`.
    pub fn working_seconds(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let (from, to) = (self.local(from), self.local(to));
        let mut total = 0;
        let mut date = from.date();
        while date <= to.date() {
            for p in self.periods(date) {
                let start = date.and_time(p.start).max(from);
                let end = date.and_time(p.end).min(to);
                if end > start {
                    total += (end - start).num_seconds();
                }
            }
            date = date.succ_opt().expect("date in range");
        }
        total
    }

    /// The instant at which `seconds` of working time have passed since `from`. With zero
    /// seconds this is `from` itself. Returns None when the calendar has no working time at all
    /// within ten years (a misconfigured calendar), rather than looping for ever.
    pub fn add_working_seconds(&self, from: DateTime<Utc>, seconds: i64) -> Option<DateTime<Utc>> {
        if seconds <= 0 {
            return Some(from);
        }
        let from_local = self.local(from);
        let mut left = seconds;
        let mut date = from_local.date();
        let limit = date + Duration::days(3660);
        while date <= limit {
            for p in self.periods(date) {
                let start = date.and_time(p.start).max(from_local);
                let end = date.and_time(p.end);
                if end <= start {
                    continue;
                }
                let here = (end - start).num_seconds();
                if here >= left {
                    return Some(self.utc(start + Duration::seconds(left)));
                }
                left -= here;
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// The deadline "within `n` working days" of `received`: the close of business of the n-th
    /// working day after the day it was received (the day of receipt does not count, whatever
    /// the hour; a complaint filed on a Saturday counts from Monday). With n = 0, the close of
    /// the receiving day if it is a working day, else of the next one.
    pub fn working_days_deadline(&self, received: DateTime<Utc>, n: u32) -> Option<DateTime<Utc>> {
        let mut date = self.local(received).date();
        let mut counted = 0;
        let limit = date + Duration::days(3660);
        if n == 0 {
            while !self.is_working_day(date) {
                date = date.succ_opt()?;
                if date > limit {
                    return None;
                }
            }
        }
        while counted < n {
            date = date.succ_opt()?;
            if date > limit {
                return None;
            }
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        let close = self.periods(date).last()?.end;
        Some(self.utc(date.and_time(close)))
    }

    /// Reads a holiday list, one day a line: `YYYY-MM-DD[,;\t]name`, blank lines and lines
    /// starting with `#` ignored, an optional header line `tanggal,...`/`date,...` skipped.
    /// The whole list is checked before anything is changed.
    pub fn import_holidays(&mut self, text: &str) -> Result<usize, CalendarError> {
        let mut read = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (date, name) = match line.find([',', ';', '\t']) {
                Some(at) => (line[..at].trim(), line[at + 1..].trim()),
                None => (line, ""),
            };
            if i == 0 && matches!(date.to_ascii_lowercase().as_str(), "tanggal" | "date") {
                continue;
            }
            let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
                CalendarError::Holiday {
                    line: i + 1,
                    message: format!("'{date}' is not a date in the form YYYY-MM-DD"),
                }
            })?;
            read.push((day, name.trim_matches('"').to_string()));
        }
        let n = read.len();
        self.holidays.extend(read);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-23 is a Monday. Times are given in WIB and converted.
    fn wib(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn cal() -> WorkCalendar {
        let mut c = WorkCalendar::government_wib();
        c.import_holidays("tanggal,nama\n2026-12-25,Hari Raya Natal\n2027-01-01;Tahun Baru 2027\n# cuti bersama\n2026-12-24\tCuti bersama Natal\n")
            .unwrap();
        c
    }

    #[test]
    fn working_seconds_inside_one_day() {
        let c = cal();
        assert_eq!(
            c.working_seconds(wib(2026, 11, 23, 8, 0), wib(2026, 11, 23, 9, 0)),
            3600
        );
        // Before opening and after closing count nothing.
        assert_eq!(
            c.working_seconds(wib(2026, 11, 23, 5, 0), wib(2026, 11, 23, 7, 30)),
            0
        );
        assert_eq!(
            c.working_seconds(wib(2026, 11, 23, 16, 0), wib(2026, 11, 23, 23, 0)),
            0
        );
        // Full Monday: 8.5 hours.
        assert_eq!(
            c.working_seconds(wib(2026, 11, 23, 0, 0), wib(2026, 11, 24, 0, 0)),
            8 * 3600 + 1800
        );
    }

    #[test]
    fn weekends_count_nothing_and_friday_is_longer() {
        let c = cal();
        // Friday 27 Nov 15:00 to Monday 30 Nov 08:30: 1.5 h Friday + 1 h Monday.
        assert_eq!(
            c.working_seconds(wib(2026, 11, 27, 15, 0), wib(2026, 11, 30, 8, 30)),
            2 * 3600 + 1800
        );
        // A whole week: 4 × 8.5 h + 9 h = 43 h.
        assert_eq!(
            c.working_seconds(wib(2026, 11, 23, 0, 0), wib(2026, 11, 30, 0, 0)),
            43 * 3600
        );
    }

    #[test]
    fn holidays_and_year_end() {
        let c = cal();
        // Wed 23 Dec 15:00 → Mon 28 Dec 08:30: Thu 24 (cuti bersama) and Fri 25 (Natal) are off.
        assert_eq!(
            c.working_seconds(wib(2026, 12, 23, 15, 0), wib(2026, 12, 28, 8, 30)),
            3600 + 3600
        );
        // 4 hours from Thu 31 Dec 14:00 (2 h left that day) skips 1 Jan (holiday), Sat and Sun,
        // and ends Mon 4 Jan 2027 09:30.
        assert_eq!(
            c.add_working_seconds(wib(2026, 12, 31, 14, 0), 4 * 3600),
            Some(wib(2027, 1, 4, 9, 30))
        );
    }

    #[test]
    fn adding_lands_on_the_right_instant() {
        let c = cal();
        // From a Saturday: starts counting Monday 07:30.
        assert_eq!(
            c.add_working_seconds(wib(2026, 11, 28, 10, 0), 3600),
            Some(wib(2026, 11, 30, 8, 30))
        );
        // Exactly the rest of the day ends at closing time, not the next morning.
        assert_eq!(
            c.add_working_seconds(wib(2026, 11, 23, 15, 0), 3600),
            Some(wib(2026, 11, 23, 16, 0))
        );
        assert_eq!(
            c.add_working_seconds(wib(2026, 11, 23, 15, 0), 3601),
            Some(wib(2026, 11, 24, 7, 30) + Duration::seconds(1))
        );
        // Month end: Mon 30 Nov 15:00 + 2 h → Tue 1 Dec 08:30.
        assert_eq!(
            c.add_working_seconds(wib(2026, 11, 30, 15, 0), 2 * 3600),
            Some(wib(2026, 12, 1, 8, 30))
        );
        assert_eq!(
            c.add_working_seconds(wib(2026, 11, 23, 9, 0), 0),
            Some(wib(2026, 11, 23, 9, 0))
        );
    }

    #[test]
    fn adding_and_measuring_agree() {
        let c = cal();
        let start = wib(2026, 11, 20, 6, 17);
        for secs in [1, 59, 3600, 30_600, 30_601, 86_400, 200_000, 1_000_000] {
            let end = c.add_working_seconds(start, secs).unwrap();
            assert_eq!(c.working_seconds(start, end), secs, "{secs}");
        }
    }

    #[test]
    fn split_days_with_a_break() {
        let mut c = cal();
        c.set_day(
            Weekday::Mon,
            vec![
                Period {
                    start: hm(8, 0),
                    end: hm(12, 0),
                },
                Period {
                    start: hm(13, 0),
                    end: hm(16, 0),
                },
            ],
        )
        .unwrap();
        assert_eq!(
            c.working_seconds(wib(2026, 11, 23, 11, 0), wib(2026, 11, 23, 14, 0)),
            2 * 3600
        );
        assert_eq!(
            c.add_working_seconds(wib(2026, 11, 23, 11, 30), 3600),
            Some(wib(2026, 11, 23, 13, 30))
        );
        assert!(c
            .set_day(
                Weekday::Tue,
                vec![
                    Period {
                        start: hm(9, 0),
                        end: hm(12, 0)
                    },
                    Period {
                        start: hm(11, 0),
                        end: hm(13, 0)
                    }
                ]
            )
            .is_err());
        assert!(c
            .set_day(
                Weekday::Tue,
                vec![Period {
                    start: hm(9, 0),
                    end: hm(9, 0)
                }]
            )
            .is_err());
    }

    #[test]
    fn working_day_deadlines() {
        let c = cal();
        // Received Monday 23 Nov at 10:00: 3 working days → close of Thursday 26 Nov.
        assert_eq!(
            c.working_days_deadline(wib(2026, 11, 23, 10, 0), 3),
            Some(wib(2026, 11, 26, 16, 0))
        );
        // Received Thursday: Fri, Mon, Tue.
        assert_eq!(
            c.working_days_deadline(wib(2026, 11, 26, 10, 0), 3),
            Some(wib(2026, 12, 1, 16, 0))
        );
        // Received Saturday night: Mon, Tue, Wed.
        assert_eq!(
            c.working_days_deadline(wib(2026, 11, 28, 23, 0), 3),
            Some(wib(2026, 12, 2, 16, 0))
        );
        // Across Christmas and the new year: received Tue 22 Dec → Wed 23, Mon 28, Tue 29, Wed 30,
        // Thu 31 (5 days), then Mon 4 Jan is the sixth.
        assert_eq!(
            c.working_days_deadline(wib(2026, 12, 22, 9, 0), 5),
            Some(wib(2026, 12, 31, 16, 0))
        );
        assert_eq!(
            c.working_days_deadline(wib(2026, 12, 22, 9, 0), 6),
            Some(wib(2027, 1, 4, 16, 0))
        );
        // Friday's deadline closes at 16:30.
        assert_eq!(
            c.working_days_deadline(wib(2026, 11, 26, 10, 0), 1),
            Some(wib(2026, 11, 27, 16, 30))
        );
        assert_eq!(
            c.working_days_deadline(wib(2026, 11, 28, 10, 0), 0),
            Some(wib(2026, 11, 30, 16, 0))
        );
    }

    #[test]
    fn a_calendar_without_working_time_gives_none() {
        let mut c = cal();
        for d in [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ] {
            c.set_day(d, vec![]).unwrap();
        }
        assert_eq!(c.add_working_seconds(wib(2026, 11, 23, 9, 0), 60), None);
        assert_eq!(c.working_days_deadline(wib(2026, 11, 23, 9, 0), 1), None);
    }

    #[test]
    fn holiday_import_reports_the_line_and_changes_nothing() {
        let mut c = WorkCalendar::government_wib();
        let err = c
            .import_holidays("2026-12-25,Natal\n2026-13-01,Bulan salah\n")
            .unwrap_err();
        assert_eq!(
            err,
            CalendarError::Holiday {
                line: 2,
                message: "'2026-13-01' is not a date in the form YYYY-MM-DD".into()
            }
        );
        assert!(c.holidays.is_empty());
        assert_eq!(
            c.import_holidays("\u{feff}2026-12-25,Natal\n\n").unwrap(),
            1
        );
        assert_eq!(
            c.holidays
                .get(&NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()),
            Some(&"Natal".to_string())
        );
    }
}
