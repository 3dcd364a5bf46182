//! Star levels (星级) from cumulative confirmed hours: by default one star at 100 h, two at
//! 300, three at 600, four at 1000, five at 1500 (RULES.md "Volunteers"); a region may set
//! its own thresholds.

use crate::Violation;

/// The hours each star needs, in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StarThresholds {
    pub hours: [u32; 5],
}

impl Default for StarThresholds {
    fn default() -> Self {
        Self { hours: [100, 300, 600, 1000, 1500] }
    }
}

impl StarThresholds {
    /// Thresholds as a region sets them: above zero and strictly ascending.
    pub fn new(hours: [u32; 5]) -> Result<Self, Violation> {
        if hours[0] == 0 {
            return Err(Violation::new("stars-positive"));
        }
        if hours.windows(2).any(|w| w[1] <= w[0]) {
            return Err(Violation::new("stars-ascending"));
        }
        Ok(Self { hours })
    }

    /// The stars `minutes` of confirmed service earn: each threshold counts once reached
    /// to the minute.
    pub fn stars(&self, minutes: u64) -> u8 {
        self.hours.iter().filter(|h| minutes >= u64::from(**h) * 60).count() as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_100_hours_is_one_star_and_99_hours_59_minutes_is_none() {
        let t = StarThresholds::default();
        assert_eq!(t.stars(100 * 60), 1);
        assert_eq!(t.stars(100 * 60 - 1), 0);
        assert_eq!(t.stars(0), 0);
    }

    #[test]
    fn each_default_threshold_adds_a_star_up_to_five() {
        let t = StarThresholds::default();
        assert_eq!(t.stars(300 * 60), 2);
        assert_eq!(t.stars(600 * 60 - 1), 2);
        assert_eq!(t.stars(1000 * 60), 4);
        assert_eq!(t.stars(1500 * 60), 5);
        assert_eq!(t.stars(100_000 * 60), 5);
    }

    #[test]
    fn a_region_sets_ascending_thresholds_above_zero() {
        assert_eq!(StarThresholds::new([50, 150, 300, 500, 800]).unwrap().stars(50 * 60), 1);
        assert_eq!(StarThresholds::new([0, 150, 300, 500, 800]).unwrap_err().code, "stars-positive");
        assert_eq!(StarThresholds::new([50, 50, 300, 500, 800]).unwrap_err().code, "stars-ascending");
    }
}
