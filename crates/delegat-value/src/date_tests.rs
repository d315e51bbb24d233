//! Unit tests of dates and durations: parsing, the range, leap years, month-end clamping, ages
//! (including leap-day birthdays) and the jiff conversions.

use super::*;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn dur(amount: i64, unit: DurationUnit) -> Duration {
    Duration { amount, unit }
}

#[test]
fn parse_is_strict() {
    assert_eq!(date("1970-01-01").days(), 0);
    assert_eq!(date("1970-01-02").days(), 1);
    assert_eq!(date("1969-12-31").days(), -1);
    assert_eq!(date("0001-01-01"), Date::MIN);
    assert_eq!(date("9999-12-31"), Date::MAX);
    assert_eq!(date("2026-03-01").ymd(), (2026, 3, 1));
    for bad in [
        "2026-3-01",
        "2026-03-1",
        "26-03-01",
        "2026/03/01",
        " 2026-03-01",
        "2026-03-01 ",
        "2026-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "0000-01-01",
        "2026-03-0١",
        "+2026-03-01",
        "",
        "20260301",
        "2026-03-01T00:00",
    ] {
        assert_eq!(Date::parse(bad), Err(ArithError::InvalidDate), "{bad:?}");
    }
    assert_eq!(date("2024-02-29").ymd(), (2024, 2, 29));
    assert_eq!(Date::parse("1900-02-29"), Err(ArithError::InvalidDate));
    assert_eq!(date("2000-02-29").ymd(), (2000, 2, 29));
}

#[test]
fn construction_and_range() {
    assert_eq!(Date::from_ymd(2026, 2, 29), Err(ArithError::InvalidDate));
    assert_eq!(Date::from_ymd(0, 1, 1), Err(ArithError::DateOutOfRange));
    assert_eq!(
        Date::from_ymd(10_000, 1, 1),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(
        Date::from_days(i64::from(Date::MAX.days()) + 1),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(
        Date::from_days(i64::from(Date::MIN.days()) - 1),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(Date::from_days(i64::MAX), Err(ArithError::DateOutOfRange));
    assert_eq!(Date::MIN.ymd(), (1, 1, 1));
    assert_eq!(Date::MAX.ymd(), (9999, 12, 31));
    assert_eq!(date("2026-03-01").to_string(), "2026-03-01");
    assert_eq!(date("0987-06-05").to_string(), "0987-06-05");
    assert!(is_leap_year(2024) && is_leap_year(2000) && !is_leap_year(1900) && !is_leap_year(2026));
}

#[test]
fn adding_durations() {
    use DurationUnit::*;
    assert_eq!(
        date("2026-01-31").checked_add_duration(dur(1, Manader)),
        Ok(date("2026-02-28"))
    );
    assert_eq!(
        date("2024-01-31").checked_add_duration(dur(1, Manader)),
        Ok(date("2024-02-29"))
    );
    assert_eq!(
        date("2026-03-31").checked_add_duration(dur(-1, Manader)),
        Ok(date("2026-02-28"))
    );
    assert_eq!(
        date("2026-08-31").checked_add_duration(dur(1, Manader)),
        Ok(date("2026-09-30"))
    );
    assert_eq!(
        date("2026-11-15").checked_add_duration(dur(3, Manader)),
        Ok(date("2027-02-15"))
    );
    assert_eq!(
        date("2026-01-15").checked_add_duration(dur(-13, Manader)),
        Ok(date("2024-12-15"))
    );
    assert_eq!(
        date("2024-02-29").checked_add_duration(dur(1, Ar)),
        Ok(date("2025-02-28"))
    );
    assert_eq!(
        date("2024-02-29").checked_add_duration(dur(4, Ar)),
        Ok(date("2028-02-29"))
    );
    assert_eq!(
        date("2026-03-01").checked_add_duration(dur(14, Dagar)),
        Ok(date("2026-03-15"))
    );
    assert_eq!(
        date("2026-02-22").checked_add_duration(dur(2, Veckor)),
        Ok(date("2026-03-08"))
    );
    assert_eq!(
        date("2026-03-01").checked_sub_duration(dur(1, Dagar)),
        Ok(date("2026-02-28"))
    );
    assert_eq!(
        date("2024-03-01").checked_sub_duration(dur(1, Dagar)),
        Ok(date("2024-02-29"))
    );
    assert_eq!(
        date("2026-03-31").checked_sub_duration(dur(1, Manader)),
        Ok(date("2026-02-28"))
    );
    assert_eq!(
        Date::MAX.checked_add_duration(dur(1, Dagar)),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(
        Date::MIN.checked_sub_duration(dur(1, Manader)),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(
        Date::MAX.checked_add_duration(dur(i64::MAX, Veckor)),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(
        Date::MAX.checked_add_duration(dur(i64::MAX, Ar)),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(
        Date::MAX.checked_sub_duration(dur(i64::MIN, Dagar)),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(
        Date::MIN.checked_add_duration(dur(i64::MIN, Manader)),
        Err(ArithError::DateOutOfRange)
    );
    assert_eq!(
        date("9999-12-01").checked_add_duration(dur(30, Dagar)),
        Ok(Date::MAX)
    );
}

#[test]
fn ages_in_years() {
    let born = date("2010-03-01");
    assert_eq!(years_between(born, date("2026-02-28")), 15);
    assert_eq!(years_between(born, date("2026-03-01")), 16);
    assert_eq!(years_between(born, born), 0);
    assert_eq!(years_between(born, date("2010-02-28")), 0);
    assert_eq!(years_between(born, date("2009-03-01")), -1);
    assert_eq!(years_between(date("2026-03-01"), born), -16);
    assert_eq!(years_between(date("2026-02-28"), born), -15);
    // Leap-day birthdays: a year is completed on 28 February of a common year.
    let leap = date("2008-02-29");
    assert_eq!(years_between(leap, date("2026-02-27")), 17);
    assert_eq!(years_between(leap, date("2026-02-28")), 18);
    assert_eq!(years_between(leap, date("2028-02-28")), 19);
    assert_eq!(years_between(leap, date("2028-02-29")), 20);
    assert_eq!(years_between(leap, date("2009-02-28")), 1);
    assert_eq!(years_between(date("2026-02-28"), leap), -18);
    assert_eq!(years_between(Date::MIN, Date::MAX), 9998);
}

#[test]
fn months_and_days_between() {
    assert_eq!(months_between(date("2026-01-31"), date("2026-02-28")), 1);
    assert_eq!(months_between(date("2026-01-31"), date("2026-02-27")), 0);
    assert_eq!(months_between(date("2026-01-15"), date("2026-04-14")), 2);
    assert_eq!(months_between(date("2026-01-15"), date("2026-04-15")), 3);
    assert_eq!(months_between(date("2025-12-15"), date("2026-01-15")), 1);
    assert_eq!(months_between(date("2026-04-15"), date("2026-01-15")), -3);
    assert_eq!(months_between(date("2026-04-14"), date("2026-01-15")), -2);
    assert_eq!(months_between(date("2024-02-29"), date("2025-02-28")), 12);
    assert_eq!(days_between(date("2026-02-01"), date("2026-03-01")), 28);
    assert_eq!(days_between(date("2024-02-01"), date("2024-03-01")), 29);
    assert_eq!(days_between(date("2026-03-01"), date("2026-02-01")), -28);
    assert_eq!(days_between(Date::MIN, Date::MAX), 3_652_058);
}

#[test]
fn unit_codes_round_trip() {
    for unit in [
        DurationUnit::Dagar,
        DurationUnit::Veckor,
        DurationUnit::Manader,
        DurationUnit::Ar,
    ] {
        assert_eq!(DurationUnit::from_u8(unit as u8), Some(unit));
    }
    assert_eq!(DurationUnit::from_u8(4), None);
    assert_eq!(
        Duration::new(3, DurationUnit::Manader),
        dur(3, DurationUnit::Manader)
    );
}

#[test]
fn jiff_round_trip() {
    for text in [
        "0001-01-01",
        "1970-01-01",
        "2024-02-29",
        "2026-03-01",
        "9999-12-31",
    ] {
        let ours = date(text);
        let theirs: jiff::civil::Date = ours.into();
        assert_eq!(theirs.to_string(), text);
        assert_eq!(Date::try_from(theirs), Ok(ours));
    }
    assert_eq!(
        Date::try_from(jiff::civil::Date::constant(-5, 1, 1)),
        Err(ArithError::DateOutOfRange)
    );
}

/// Every date of the range, counted day by day with a calendar of its own: its day number
/// gives its year, month and day, and they give it back.
#[test]
fn every_date_converts_both_ways() {
    let (mut y, mut m, mut d) = (1, 1, 1);
    let mut n = 0u32;
    for days in Date::MIN.days()..=Date::MAX.days() {
        let date = Date::from_days(i64::from(days)).unwrap();
        assert_eq!(date.ymd(), (y, m, d), "{days}");
        assert_eq!(Date::from_ymd(y, m, d), Ok(date));
        n += 1;
        d += 1;
        if d > days_in_month(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    assert_eq!((y, m, d), (10_000, 1, 1));
    assert_eq!(n, 3_652_059);
}
