//! Credit rates and the cost estimate (1 credit = 1 USD).

use serde::{Deserialize, Serialize};

/// Credits per CPU-hour.
pub const CPU_HOUR_RATE: f64 = 0.1;
/// Credits per GiB-hour of memory.
pub const GIB_HOUR_RATE: f64 = 0.025;
/// Credits per GB-month of storage.
pub const STORAGE_GB_MONTH_RATE: f64 = 0.025;

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

/// The cost of a run's compute (CPU and memory; a run's storage is billed separately).
pub fn run_cost(cpu_hours: f64, gib_hours: f64) -> f64 {
    estimate(cpu_hours, gib_hours, 0.0).total()
}

/// Rounds to a cent, for display and for comparing balances without float noise.
pub fn round_cents(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
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
    }

    #[test]
    fn negative_inputs_cost_nothing() {
        assert_eq!(estimate(-5.0, -1.0, -2.0).total(), 0.0);
    }
}
