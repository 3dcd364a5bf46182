//! The social-work figures of a region (2D): certified workers by level and per 10,000
//! residents, registrations by standing, continuing-education compliance and the hires
//! the certificate gate refused. Counted from each worker's facts, never stored.

use serde::Serialize;

use super::CertificateLevel;
use super::registration::Standing;

/// What the figures need to know of one worker today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerFacts {
    pub level: Option<CertificateLevel>,
    pub standing: Standing,
    /// Whether the current period's hours are met, for a worker in a period.
    pub education_met: Option<bool>,
}

/// The figures of one region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub workers: u64,
    pub assistant: u64,
    pub intermediate: u64,
    pub senior: u64,
    /// Holders of a certificate of any level.
    pub certified: u64,
    pub residents: u64,
    /// Certified workers per 10,000 residents, in tenths (123 is 12.3); none without residents.
    pub certified_per_10k_tenths: Option<u64>,
    /// In a registration period today (renewal open included).
    pub registered: u64,
    pub renewal_open: u64,
    pub lapsed: u64,
    pub unregistered: u64,
    /// Registered workers whose period's hours are met, and the share in percent (tenths).
    pub education_met: u64,
    pub education_met_tenths: Option<u64>,
    pub gate_refusals: u64,
}

/// `part` of `whole` scaled by `scale` in tenths, rounded half up; none of nothing.
fn tenths(part: u64, whole: u64, scale: u64) -> Option<u64> {
    (whole > 0).then(|| (part * scale * 10 * 2 + whole) / (2 * whole))
}

impl Tally {
    pub fn count(workers: &[WorkerFacts], residents: u64, gate_refusals: u64) -> Self {
        let mut tally = Tally { residents, gate_refusals, workers: workers.len() as u64, ..Tally::default() };
        for worker in workers {
            match worker.level {
                Some(CertificateLevel::Assistant) => tally.assistant += 1,
                Some(CertificateLevel::Intermediate) => tally.intermediate += 1,
                Some(CertificateLevel::Senior) => tally.senior += 1,
                None => {}
            }
            match worker.standing {
                Standing::Registered => tally.registered += 1,
                Standing::RenewalOpen => {
                    tally.registered += 1;
                    tally.renewal_open += 1;
                }
                Standing::Lapsed => tally.lapsed += 1,
                Standing::Unregistered => tally.unregistered += 1,
            }
            let in_period = matches!(worker.standing, Standing::Registered | Standing::RenewalOpen);
            if in_period && worker.education_met == Some(true) {
                tally.education_met += 1;
            }
        }
        tally.certified = tally.assistant + tally.intermediate + tally.senior;
        tally.certified_per_10k_tenths = tenths(tally.certified, residents, 10_000);
        tally.education_met_tenths = tenths(tally.education_met, tally.registered, 100);
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn worker(level: Option<CertificateLevel>, standing: Standing, met: Option<bool>) -> WorkerFacts {
        WorkerFacts { level, standing, education_met: met }
    }

    #[test]
    fn certified_workers_per_ten_thousand_residents_round_to_a_tenth() {
        let certified = vec![worker(Some(CertificateLevel::Assistant), Standing::Registered, Some(true)); 3];
        // 3 in 20,000 residents: 1.5 per 10,000 exactly.
        assert_eq!(Tally::count(&certified, 20_000, 0).certified_per_10k_tenths, Some(15));
        // 3 in 70,000: 0.428… → 0.4; 3 in 40,000: 0.75 → 0.8 (half up).
        assert_eq!(Tally::count(&certified, 70_000, 0).certified_per_10k_tenths, Some(4));
        assert_eq!(Tally::count(&certified, 40_000, 0).certified_per_10k_tenths, Some(8));
        assert_eq!(Tally::count(&certified, 0, 0).certified_per_10k_tenths, None, "no residents recorded");
    }

    #[test]
    fn registrations_by_standing_and_compliance_among_the_registered_only() {
        let workers = [
            worker(Some(CertificateLevel::Intermediate), Standing::Registered, Some(true)),
            worker(Some(CertificateLevel::Senior), Standing::RenewalOpen, Some(false)),
            worker(Some(CertificateLevel::Assistant), Standing::Lapsed, Some(true)),
            worker(None, Standing::Unregistered, None),
        ];
        let tally = Tally::count(&workers, 10_000, 2);
        assert_eq!((tally.workers, tally.certified, tally.senior), (4, 3, 1));
        assert_eq!((tally.registered, tally.renewal_open, tally.lapsed, tally.unregistered), (2, 1, 1, 1));
        // One of the two registered has met the hours (a lapsed worker's hours do not count).
        assert_eq!((tally.education_met, tally.education_met_tenths), (1, Some(500)));
        assert_eq!(tally.gate_refusals, 2);
    }
}
