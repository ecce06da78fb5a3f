//! Credits (1 credit = 1 USD): the exact `Credits` amount, the one place amounts are read from
//! what a user gives (a TUI field, a TOML number, a JSON number), the credit rates and the cost
//! estimate.
//!
//! Money is counted in whole cents (an i64), never in floats, so sums are exact and a rule
//! never passes or fails on float noise. Every amount a user gives must already be exact to the
//! cent: one with more decimals is refused, never rounded behind the user's back. The only
//! rounding is of a run's cost, computed from its usage (see [`Credits::from_cost`]).

use super::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Credits per CPU-hour.
pub const CPU_HOUR_RATE: f64 = 0.1;
/// Credits per GiB-hour of memory.
pub const GIB_HOUR_RATE: f64 = 0.025;
/// Credits per GB-month of storage.
pub const STORAGE_GB_MONTH_RATE: f64 = 0.025;

/// The most credits an amount may hold (10^12). In cents (10^14) it stays below 2^53, so
/// `cents / 100` as an f64 — the JSON number on the wire — reads back to the same cents.
pub const MAX_CREDITS: i64 = 1_000_000_000_000;
const MAX_CENTS: i64 = MAX_CREDITS * 100;

/// An exact amount of credits, in cents. It may be negative as a result (an org's unallocated
/// pool once runs spent past it); an amount a user gives never is ([`Credits::amount`]).
/// On the wire and in files it is a plain number of credits (`12.5`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Credits(i64);

impl Credits {
    pub const ZERO: Credits = Credits(0);

    pub const fn from_cents(cents: i64) -> Self {
        Credits(cents)
    }

    /// Whole credits (for code and tests: `Credits::units(40)`).
    pub const fn units(credits: i64) -> Self {
        Credits(credits * 100)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// The number of credits as a float: exact to the cent for every bounded amount.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Zero when negative.
    pub fn at_least_zero(self) -> Self {
        Credits(self.0.max(0))
    }

    pub fn checked_add(self, other: Credits) -> Result<Credits> {
        self.0
            .checked_add(other.0)
            .map(Credits)
            .ok_or_else(too_many)
    }

    pub fn checked_sub(self, other: Credits) -> Result<Credits> {
        self.0
            .checked_sub(other.0)
            .map(Credits)
            .ok_or_else(too_many)
    }

    /// The exact sum, or an error if it does not fit.
    pub fn sum(amounts: impl IntoIterator<Item = Credits>) -> Result<Credits> {
        amounts
            .into_iter()
            .try_fold(Credits::ZERO, |total, a| total.checked_add(a))
    }

    /// An amount a user gives as a number (JSON over HTTP, TOML in a file): a finite number of
    /// credits from 0 to 10^12 with at most two decimals. `field` names it in the message
    /// (`amount 100.001 has more than two decimals`).
    pub fn amount(field: &str, value: f64) -> Result<Credits> {
        if value.is_finite() && value < 0.0 {
            return Err(Error::invalid(format!(
                "{field} {} must be at least 0 credits",
                show(value)
            )));
        }
        Credits::number(field, value)
    }

    /// An amount typed as text (a TUI field): the same rules and messages as [`Credits::amount`],
    /// with the decimals counted as typed ("1.50" is fine, "1.505" is not).
    pub fn parse(field: &str, text: &str) -> Result<Credits> {
        let text = text.trim();
        let value: f64 = text
            .parse()
            .map_err(|_| Error::invalid(format!("{field} '{text}' is not a number of credits")))?;
        let credits = Credits::amount(field, value)?;
        if typed_decimals(text) > 2 {
            return Err(more_than_two_decimals(field, text));
        }
        Ok(credits)
    }

    /// Any finite number within ±10^12 credits with at most two decimals (negative results
    /// included): how a `Credits` is read back from JSON.
    fn number(field: &str, value: f64) -> Result<Credits> {
        if !value.is_finite() {
            return Err(Error::invalid(format!(
                "{field} must be a finite number of credits (got {value})"
            )));
        }
        if value.abs() > MAX_CREDITS as f64 {
            return Err(Error::invalid(format!(
                "{field} {} is more than {MAX_CREDITS}, the most credits an amount may hold",
                show(value)
            )));
        }
        // |value| <= 10^12, so value * 100 is below 2^53 and the rounding below is exact when
        // the value has at most two decimals (c / 100.0 is the float nearest to c hundredths,
        // as the parsed number is).
        let cents = (value * 100.0).round();
        if cents / 100.0 != value {
            return Err(more_than_two_decimals(field, &show(value)));
        }
        Ok(Credits(cents as i64))
    }

    /// What a run's cost (computed from its usage, a float) counts as spend: rounded once to
    /// the nearest cent (halves away from zero), kept between 0 and 10^12. This is the one
    /// rounding of money: a run keeps its cost as computed, and a workspace's spend is the exact
    /// sum of its runs' costs each rounded so (the store's spend triggers, migration 6, round
    /// the same way, so deleting a run takes off exactly what it added).
    pub fn from_cost(cost: f64) -> Credits {
        if cost.is_nan() || cost <= 0.0 {
            return Credits::ZERO;
        }
        Credits(((cost * 100.0).round()).min(MAX_CENTS as f64) as i64)
    }
}

fn too_many() -> Error {
    Error::invalid(format!(
        "the credits add up to more than nfdeck can count (amounts are limited to {MAX_CREDITS})"
    ))
}

fn more_than_two_decimals(field: &str, shown: &str) -> Error {
    Error::invalid(format!("{field} {shown} has more than two decimals"))
}

/// Digits typed after the decimal point, trailing zeros not counted; 0 for exponent forms
/// (their value was already checked as a number).
fn typed_decimals(text: &str) -> usize {
    if text.contains(['e', 'E']) {
        return 0;
    }
    text.split_once('.')
        .map_or(0, |(_, fraction)| fraction.trim_end_matches('0').len())
}

/// A number as a user would write it back: `100.001`, `1.8e308` (never 300 digits).
fn show(value: f64) -> String {
    if value != 0.0 && !(1e-4..1e15).contains(&value.abs()) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// `12.50`, `-0.04`: exact, always two decimals. A width pads it (right-aligned unless asked
/// otherwise); a precision is ignored (`{:.2}` must not cut the text).
impl fmt::Display for Credits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        let text = format!("{sign}{}.{:02}", cents / 100, cents % 100);
        let pad = f.width().unwrap_or(0).saturating_sub(text.chars().count());
        let (before, after) = match f.align() {
            Some(fmt::Alignment::Left) => (0, pad),
            Some(fmt::Alignment::Center) => (pad / 2, pad - pad / 2),
            _ => (pad, 0),
        };
        let fill = f.fill().to_string();
        write!(f, "{}{text}{}", fill.repeat(before), fill.repeat(after))
    }
}

impl Serialize for Credits {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Credits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = f64::deserialize(d)?;
        Credits::number("credits", value).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// A cost estimate, broken down by resource.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CostEstimate {
    pub cpu: f64,
    pub memory: f64,
    pub storage: f64,
}

impl CostEstimate {
    pub fn total(&self) -> f64 {
        self.cpu + self.memory + self.storage
    }
}

/// Estimates the credits for the given CPU-hours, GiB-hours and GB-months of storage.
pub fn estimate(cpu_hours: f64, gib_hours: f64, storage_gb_months: f64) -> CostEstimate {
    CostEstimate {
        cpu: cpu_hours.max(0.0) * CPU_HOUR_RATE,
        memory: gib_hours.max(0.0) * GIB_HOUR_RATE,
        storage: storage_gb_months.max(0.0) * STORAGE_GB_MONTH_RATE,
    }
}

/// The cost of a run's compute (CPU and memory; a run's storage is billed separately). It
/// counts as spend rounded to the cent ([`Credits::from_cost`]).
pub fn run_cost(cpu_hours: f64, gib_hours: f64) -> f64 {
    estimate(cpu_hours, gib_hours, 0.0).total()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_of_the_brief() {
        let e = estimate(100.0, 400.0, 40.0);
        assert!((e.cpu - 10.0).abs() < 1e-9);
        assert!((e.memory - 10.0).abs() < 1e-9);
        assert!((e.storage - 1.0).abs() < 1e-9);
        assert!((e.total() - 21.0).abs() < 1e-9);
        assert!((run_cost(10.0, 40.0) - 2.0).abs() < 1e-9);
        assert_eq!(Credits::from_cost(run_cost(0.123, 0.0)).cents(), 1);
        assert_eq!(
            Credits::from_cost(0.125).cents(),
            13,
            "halves away from zero"
        );
    }

    #[test]
    fn negative_inputs_cost_nothing() {
        assert_eq!(estimate(-5.0, -1.0, -2.0).total(), 0.0);
        assert_eq!(Credits::from_cost(f64::NAN), Credits::ZERO);
        assert_eq!(Credits::from_cost(f64::INFINITY).cents(), MAX_CENTS);
    }

    #[test]
    fn amounts_are_exact_to_the_cent_or_refused() {
        assert_eq!(Credits::amount("amount", 0.1).unwrap().cents(), 10);
        assert_eq!(Credits::amount("amount", 1234.56).unwrap().cents(), 123_456);
        assert_eq!(Credits::amount("amount", 1e12).unwrap().cents(), MAX_CENTS);
        let sum = Credits::amount("a", 0.1)
            .unwrap()
            .checked_add(Credits::amount("b", 0.2).unwrap())
            .unwrap();
        assert_eq!(sum, Credits::amount("c", 0.3).unwrap());
        assert_eq!(sum.to_string(), "0.30");
        let message = |r: Result<Credits>| r.unwrap_err().message;
        assert_eq!(
            message(Credits::amount("amount", 100.001)),
            "amount 100.001 has more than two decimals"
        );
        assert_eq!(
            message(Credits::amount("credits", 1.7e308)),
            "credits 1.7e308 is more than 1000000000000, the most credits an amount may hold"
        );
        assert_eq!(
            message(Credits::amount("credits", 1e12 + 0.01)),
            "credits 1000000000000.01 is more than 1000000000000, the most credits an amount may hold"
        );
        assert_eq!(
            message(Credits::amount("allocation", -1.0)),
            "allocation -1 must be at least 0 credits"
        );
        assert_eq!(
            message(Credits::amount("credits", f64::INFINITY)),
            "credits must be a finite number of credits (got inf)"
        );
        assert!(Credits::amount("credits", f64::NAN).is_err());
    }

    #[test]
    fn typed_amounts_follow_the_same_rules() {
        assert_eq!(Credits::parse("amount", " 1.50 ").unwrap().cents(), 150);
        assert_eq!(Credits::parse("amount", "7").unwrap().cents(), 700);
        assert_eq!(
            Credits::parse("amount", "100.001").unwrap_err(),
            Credits::amount("amount", 100.001).unwrap_err()
        );
        assert_eq!(
            Credits::parse("amount", "0.1000000000000000055")
                .unwrap_err()
                .message,
            "amount 0.1000000000000000055 has more than two decimals"
        );
        assert_eq!(
            Credits::parse("amount", "ten").unwrap_err().message,
            "amount 'ten' is not a number of credits"
        );
        assert_eq!(
            Credits::parse("amount", "1.7e308").unwrap_err(),
            Credits::amount("amount", 1.7e308).unwrap_err()
        );
        // Beyond the largest float, text reads as infinity.
        assert_eq!(
            Credits::parse("amount", "1.8e308").unwrap_err().message,
            "amount must be a finite number of credits (got inf)"
        );
    }

    #[test]
    fn shown_and_sent_exactly() {
        assert_eq!(Credits::from_cents(-4).to_string(), "-0.04");
        assert_eq!(Credits::from_cents(123_456).to_string(), "1234.56");
        assert_eq!(format!("{:>8}", Credits::units(3)), "    3.00");
        assert_eq!(format!("{:<6}|", Credits::units(3)), "3.00  |");
        assert_eq!(format!("{:.2}", Credits::from_cents(3050)), "30.50");
        let json = serde_json::to_string(&Credits::from_cents(MAX_CENTS - 1)).unwrap();
        assert_eq!(json, "999999999999.99");
        let back: Credits = serde_json::from_str(&json).unwrap();
        assert_eq!(back.cents(), MAX_CENTS - 1);
        assert!(serde_json::from_str::<Credits>("0.005").is_err());
        assert_eq!(
            serde_json::from_str::<Credits>("-3.5").unwrap().cents(),
            -350
        );
    }

    #[test]
    fn arithmetic_is_checked() {
        let big = Credits::from_cents(i64::MAX);
        assert!(big.checked_add(Credits::from_cents(1)).is_err());
        assert!(Credits::sum([big, big]).is_err());
        assert_eq!(
            Credits::sum([Credits::units(1), Credits::from_cents(5)]).unwrap(),
            Credits::from_cents(105)
        );
    }
}
