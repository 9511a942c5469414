//! Effective-dated rule parameters (rules.md 0.1). The Employment Rights Act 2025 and
//! commencement regulations change many of these numbers on different dates, so none is
//! hard-coded in a calculator: each lives here as a list of versions keyed by the date it
//! takes effect, and a calculator asks for the value in force on its key date.
//!
//! A version marked `NotCommenced` is known law without a confirmed start (for example
//! six-month tribunal limits): it is never returned as the value in force, only reported
//! as pending so the calculator can show an advisory.

use chrono::NaiveDate;
use serde::Serialize;

/// A number a rule depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Parameter {
    /// Months for most tribunal claims (ERA 2025 Sch 12 would make it 6).
    EtMonthsStandard,
    /// Months for breach of contract (1994 Order art 7), unchanged by Sch 12.
    EtMonthsBreachOfContract,
    /// Months for redundancy pay, equal pay and protected-industrial-action dismissal.
    EtMonthsSixMonthClaims,
    /// Days after the EDT to claim interim relief.
    InterimReliefDays,
    /// Longest ACAS early-conciliation period in days, keyed by Day A.
    EcMaxDays,
    /// Maximum protective award in days' pay, keyed by the dismissal date.
    ProtectiveAwardMaxDays,
    /// Collective redundancy: proposed dismissals at one establishment that trigger s.188.
    RedundancyThresholdLower,
    /// Collective redundancy: proposed dismissals that need the longer consultation.
    RedundancyThresholdUpper,
    /// Minimum consultation days below the upper threshold.
    RedundancyConsultationDaysLower,
    /// Minimum consultation days at or above the upper threshold.
    RedundancyConsultationDaysUpper,
    /// Months of continuous employment for ordinary unfair dismissal, keyed by the EDT.
    UnfairDismissalQualifyingMonths,
    /// Months for the employer's decision on a flexible-working request, keyed by receipt.
    FlexibleWorkingDecisionMonths,
    /// SSP waiting days at the start of a period of incapacity.
    SspWaitingDays,
    /// SSP weekly flat rate in pence.
    SspWeeklyRatePence,
    /// Days of self-certified sickness before a fit note may be required.
    SelfCertificationDays,
    /// Longest fit note in months in the first six months of a condition.
    FitNoteMaxMonthsEarly,
    /// 1 while the facility-time publication duty is in force, 0 once repealed.
    FacilityTimeReportingRequired,
    /// Days to acknowledge a data-protection complaint (0 before the duty began).
    DpComplaintAcknowledgeDays,
    /// Default months a closed case is kept before erasure (union policy).
    CaseRetentionMonths,
}

/// Whether a version is law in force or known but without a confirmed start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Commencement {
    InForce,
    NotCommenced,
}

/// One value of a parameter from a date onwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Version {
    pub effective_from: NaiveDate,
    pub value: i64,
    pub commencement: Commencement,
    pub source: &'static str,
}

/// The value in force on a date, and the next known change after it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InForce {
    pub value: i64,
    pub effective_from: NaiveDate,
    pub source: &'static str,
    pub next_change: Option<Version>,
}

const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date in the parameter table"),
    }
}

/// Before any change this engine knows about.
const ALWAYS: NaiveDate = ymd(1900, 1, 1);

const fn in_force(effective_from: NaiveDate, value: i64, source: &'static str) -> Version {
    Version { effective_from, value, commencement: Commencement::InForce, source }
}

const fn pending(effective_from: NaiveDate, value: i64, source: &'static str) -> Version {
    Version { effective_from, value, commencement: Commencement::NotCommenced, source }
}

/// The date the six-month tribunal limits are expected (not confirmed) to start.
pub const SIX_MONTH_LIMITS_EXPECTED: NaiveDate = ymd(2026, 10, 1);

fn versions(parameter: Parameter) -> &'static [Version] {
    use Parameter as P;
    match parameter {
        P::EtMonthsStandard => {
            const {
                &[
                    in_force(ALWAYS, 3, "ERA 1996 s.111(2) and parallel provisions"),
                    pending(SIX_MONTH_LIMITS_EXPECTED, 6, "ERA 2025 s.152 and Sch 12 (commencement not confirmed)"),
                ]
            }
        }
        P::EtMonthsBreachOfContract => {
            const { &[in_force(ALWAYS, 3, "ET Extension of Jurisdiction Order 1994 art 7")] }
        }
        P::EtMonthsSixMonthClaims => {
            const { &[in_force(ALWAYS, 6, "ERA 1996 s.164; EqA 2010 s.129; TULRCA s.239(2)")] }
        }
        P::InterimReliefDays => const { &[in_force(ALWAYS, 7, "ERA 1996 s.128(2); TULRCA s.161(2)")] },
        P::EcMaxDays => {
            const {
                &[
                    in_force(ALWAYS, 42, "ET (Early Conciliation) Regs 2014: six weeks"),
                    in_force(ymd(2025, 12, 1), 84, "SI 2025/1153: twelve weeks for notifications from 1 Dec 2025"),
                ]
            }
        }
        P::ProtectiveAwardMaxDays => {
            const {
                &[
                    in_force(ALWAYS, 90, "TULRCA s.189(4)"),
                    in_force(ymd(2026, 4, 6), 180, "ERA 2025, dismissals from 6 Apr 2026 (government position)"),
                ]
            }
        }
        P::RedundancyThresholdLower => const { &[in_force(ALWAYS, 20, "TULRCA s.188(1)")] },
        P::RedundancyThresholdUpper => const { &[in_force(ALWAYS, 100, "TULRCA s.188(1A)(a)")] },
        P::RedundancyConsultationDaysLower => const { &[in_force(ALWAYS, 30, "TULRCA s.188(1A)(b)")] },
        P::RedundancyConsultationDaysUpper => const { &[in_force(ALWAYS, 45, "TULRCA s.188(1A)(a)")] },
        P::UnfairDismissalQualifyingMonths => {
            const {
                &[
                    in_force(ALWAYS, 24, "ERA 1996 s.108(1)"),
                    in_force(
                        ymd(2027, 1, 1),
                        6,
                        "ERA 2025 (government factsheet): six months for EDTs from 1 Jan 2027",
                    ),
                ]
            }
        }
        P::FlexibleWorkingDecisionMonths => {
            const {
                &[
                    in_force(ALWAYS, 3, "ERA 1996 s.80G(1B) before the 2023 Act"),
                    in_force(
                        ymd(2024, 4, 6),
                        2,
                        "Employment Relations (Flexible Working) Act 2023; ERA 1996 s.80G(1B)",
                    ),
                ]
            }
        }
        P::SspWaitingDays => {
            const {
                &[
                    in_force(ALWAYS, 3, "SSCBA 1992 s.155(1)"),
                    in_force(ymd(2026, 4, 6), 0, "ERA 2025: SSP from the first qualifying day"),
                ]
            }
        }
        P::SspWeeklyRatePence => {
            const {
                &[
                    in_force(ymd(2025, 4, 6), 11_875, "SSP rate 2025/26"),
                    in_force(ymd(2026, 4, 6), 12_325, "SSP rate 2026/27 (or 80% of AWE if lower)"),
                ]
            }
        }
        P::SelfCertificationDays => const { &[in_force(ALWAYS, 7, "SSP (Medical Evidence) Regs: self-certification")] },
        P::FitNoteMaxMonthsEarly => {
            const { &[in_force(ALWAYS, 3, "Social Security (Medical Evidence) Regs 1976 Sch 1")] }
        }
        P::FacilityTimeReportingRequired => {
            const {
                &[
                    in_force(ymd(2017, 4, 1), 1, "TUA 2016 s.13; SI 2017/328"),
                    pending(
                        ymd(2026, 2, 18),
                        0,
                        "ERA 2025 repeals TUA 2016 s.13 (commencement date not confirmed; date is a placeholder)",
                    ),
                ]
            }
        }
        P::DpComplaintAcknowledgeDays => {
            const {
                &[
                    in_force(ALWAYS, 0, "no statutory duty before DPA 2018 s.164A"),
                    in_force(ymd(2026, 6, 19), 30, "DPA 2018 s.164A (Data (Use and Access) Act 2025)"),
                ]
            }
        }
        P::CaseRetentionMonths => {
            const { &[in_force(ALWAYS, 72, "union policy default: Limitation Act 1980 six years")] }
        }
    }
}

/// The value of `parameter` in force on `as_at`. Not-commenced versions are skipped
/// but reported as `next_change`. Dates before a parameter's first version use that
/// first version, the earliest value this engine knows.
pub fn in_force_at(parameter: Parameter, as_at: NaiveDate) -> InForce {
    let table = versions(parameter);
    let commenced = table.iter().filter(|version| version.commencement == Commencement::InForce);
    let current = commenced
        .clone()
        .rfind(|version| version.effective_from <= as_at)
        .or_else(|| commenced.clone().next())
        .copied()
        .unwrap_or(table[0]);
    let next_change = table
        .iter()
        .find(|version| {
            version.commencement == Commencement::NotCommenced
                || (version.effective_from > as_at && version.effective_from > current.effective_from)
        })
        .copied();
    InForce { value: current.value, effective_from: current.effective_from, source: current.source, next_change }
}

/// Shorthand for the value alone.
pub fn value_at(parameter: Parameter, as_at: NaiveDate) -> i64 {
    in_force_at(parameter, as_at).value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_month_et_limits_stay_disabled_even_after_the_expected_date() {
        let later = ymd(2027, 6, 1);
        let standard = in_force_at(Parameter::EtMonthsStandard, later);
        assert_eq!(standard.value, 3);
        assert_eq!(standard.next_change.map(|v| v.value), Some(6));
    }

    #[test]
    fn ec_maximum_doubles_for_notifications_from_december_2025() {
        assert_eq!(value_at(Parameter::EcMaxDays, ymd(2025, 11, 30)), 42);
        assert_eq!(value_at(Parameter::EcMaxDays, ymd(2025, 12, 1)), 84);
    }

    #[test]
    fn protective_award_and_qualifying_period_switch_on_their_dates() {
        assert_eq!(value_at(Parameter::ProtectiveAwardMaxDays, ymd(2026, 4, 5)), 90);
        assert_eq!(value_at(Parameter::ProtectiveAwardMaxDays, ymd(2026, 4, 6)), 180);
        assert_eq!(value_at(Parameter::UnfairDismissalQualifyingMonths, ymd(2026, 12, 31)), 24);
        assert_eq!(value_at(Parameter::UnfairDismissalQualifyingMonths, ymd(2027, 1, 1)), 6);
    }

    #[test]
    fn a_future_in_force_change_is_reported_as_next() {
        let before = in_force_at(Parameter::SspWaitingDays, ymd(2026, 3, 1));
        assert_eq!(before.value, 3);
        assert_eq!(before.next_change.map(|v| v.value), Some(0));
        assert_eq!(in_force_at(Parameter::SspWaitingDays, ymd(2026, 5, 1)).next_change, None);
    }

    #[test]
    fn dates_before_the_first_version_use_it() {
        assert_eq!(value_at(Parameter::SspWeeklyRatePence, ymd(2020, 1, 1)), 11_875);
    }
}
