//! Workload: how heavy a caseworker's or rep's load is, from their open cases (each weighed by
//! its complexity and emotional load), the deadlines they face this week, and the union hours
//! they logged against the facility time they have. Branches set the thresholds; the score is
//! the same arithmetic everywhere so two dashboards never disagree.

use serde::Serialize;

use crate::case::rating::Rating;

/// One open case as the score sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseWeight {
    pub complexity: Rating,
    pub emotional_load: Rating,
}

impl CaseWeight {
    /// A case's weight in points: a light, easy case is 1; a very heavy, very complex one is 5.
    /// Emotional load counts as much as complexity: a distressing case weighs on a lay rep
    /// whatever its legal difficulty.
    pub fn points(self) -> f64 {
        (f64::from(self.complexity.value()) + f64::from(self.emotional_load.value())) / 2.0
    }
}

/// The case points of a set of open cases.
pub fn case_points(cases: impl IntoIterator<Item = CaseWeight>) -> f64 {
    cases.into_iter().map(CaseWeight::points).sum()
}

/// The case points from the sum of both ratings over the open cases, as a database adds them
/// up: each case's points are the mean of its two ratings.
pub fn case_points_from_rating_sum(sum: u64) -> f64 {
    sum as f64 / 2.0
}

/// Everything the score reads for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadInputs {
    pub case_points: f64,
    pub deadlines_this_week: u32,
    pub minutes_logged_this_week: u32,
    /// Their facility time per week, when known; hours beyond it add to the score.
    pub facility_minutes_per_week: Option<u32>,
}

/// Points for each deadline or task due this week.
pub const POINTS_PER_DEADLINE: f64 = 1.0;
/// Points for each hour logged beyond the week's facility time.
pub const POINTS_PER_HOUR_OVER: f64 = 1.0;

/// The score and how it is made up, so the dashboard can say why someone is over.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WorkloadScore {
    pub case_points: f64,
    pub deadline_points: f64,
    pub overtime_points: f64,
    pub total: f64,
}

pub fn score(inputs: &WorkloadInputs) -> WorkloadScore {
    let case_points = inputs.case_points;
    let deadline_points = f64::from(inputs.deadlines_this_week) * POINTS_PER_DEADLINE;
    let overtime_points = inputs.facility_minutes_per_week.map_or(0.0, |allowance| {
        f64::from(inputs.minutes_logged_this_week.saturating_sub(allowance)) / 60.0 * POINTS_PER_HOUR_OVER
    });
    WorkloadScore {
        case_points,
        deadline_points,
        overtime_points,
        total: case_points + deadline_points + overtime_points,
    }
}

/// A branch's thresholds: from `near` a person is close to capacity, from `over` beyond it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    pub near: f64,
    pub over: f64,
}

impl Thresholds {
    /// About eight middling cases and a couple of deadlines is a full load for a lay rep.
    pub const DEFAULT: Thresholds = Thresholds { near: 20.0, over: 30.0 };

    pub fn new(near: f64, over: f64) -> Result<Self, String> {
        if !(near.is_finite() && over.is_finite()) || near <= 0.0 || over <= near || over > 1000.0 {
            return Err("Give two scores above zero, the 'over' one larger than the 'near' one".into());
        }
        Ok(Thresholds { near, over })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    Under,
    Near,
    Over,
}

impl Capacity {
    pub fn of(total: f64, thresholds: Thresholds) -> Capacity {
        if total >= thresholds.over {
            Capacity::Over
        } else if total >= thresholds.near {
            Capacity::Near
        } else {
            Capacity::Under
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Under => "Has capacity",
            Self::Near => "Near capacity",
            Self::Over => "Over capacity",
        }
    }
}

/// How many of someone's most recent cases are looked at for a run of heavy ones.
pub const HEAVY_RUN_WINDOW: usize = 5;
/// How many of them must be emotionally heavy (4 or 5) to prompt a check-in.
pub const HEAVY_RUN_COUNT: usize = 3;

/// Whether the most recent cases (newest first) are a run of emotionally heavy ones, after
/// which the person is offered a debrief.
pub fn heavy_run(recent_emotional_loads: &[Rating]) -> bool {
    recent_emotional_loads.iter().take(HEAVY_RUN_WINDOW).filter(|load| load.value() >= 4).count() >= HEAVY_RUN_COUNT
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(complexity: u8, emotional_load: u8) -> CaseWeight {
        CaseWeight {
            complexity: Rating::new(complexity).unwrap(),
            emotional_load: Rating::new(emotional_load).unwrap(),
        }
    }

    #[test]
    fn cases_deadlines_and_overtime_add_up() {
        let inputs = WorkloadInputs {
            case_points: case_points([case(1, 1), case(5, 5), case(2, 4)]),
            deadlines_this_week: 2,
            minutes_logged_this_week: 10 * 60,
            facility_minutes_per_week: Some(7 * 60 + 30),
        };
        let score = score(&inputs);
        assert_eq!(score.case_points, 1.0 + 5.0 + 3.0);
        assert_eq!(score.deadline_points, 2.0);
        assert_eq!(score.overtime_points, 2.5);
        assert_eq!(score.total, 13.5);
        let unknown_allowance = WorkloadInputs { facility_minutes_per_week: None, ..inputs };
        assert_eq!(super::score(&unknown_allowance).overtime_points, 0.0);
        assert_eq!(case_points_from_rating_sum(2 + 10 + 6), 9.0, "the same as adding each case's mean");
    }

    #[test]
    fn capacity_bands_start_at_their_thresholds() {
        let t = Thresholds::DEFAULT;
        assert_eq!(Capacity::of(19.9, t), Capacity::Under);
        assert_eq!(Capacity::of(20.0, t), Capacity::Near);
        assert_eq!(Capacity::of(30.0, t), Capacity::Over);
        assert!(Thresholds::new(10.0, 5.0).is_err());
        assert!(Thresholds::new(0.0, 5.0).is_err());
        assert!(Thresholds::new(f64::NAN, 5.0).is_err());
        assert_eq!(Thresholds::new(12.0, 18.0), Ok(Thresholds { near: 12.0, over: 18.0 }));
    }

    #[test]
    fn three_heavy_cases_in_the_last_five_prompt_a_check_in() {
        let r = |v: u8| Rating::new(v).unwrap();
        assert!(heavy_run(&[r(4), r(2), r(5), r(1), r(4)]));
        assert!(!heavy_run(&[r(4), r(2), r(5), r(1), r(3), r(5)]), "only the last five count");
        assert!(!heavy_run(&[r(5), r(5)]));
    }
}
