//! The facility-time publication figures (SI 2017/328 Schedule 2; rules.md rule 6): how many
//! relevant union officials and their full-time equivalent, how many fall in each band of
//! facility time as a share of their contracted hours, the cost as a share of the pay bill,
//! and paid union activities as a share of paid facility time. Hours are kept in minutes and
//! money in pence so the bands are decided exactly; percentages are for display.

use serde::Serialize;

/// One relevant union official's year, as the employer's figures need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OfficialYear {
    /// Hours the official was contracted to work in the period.
    pub contracted_minutes: u64,
    /// A full-time employee's contracted hours in the same period (for the FTE).
    pub full_time_minutes: u64,
    /// Paid facility time: duties, training, safety and learning rep functions, and union
    /// activities the employer paid for.
    pub facility_minutes: u64,
    /// The part of `facility_minutes` that was union activities the employer paid for.
    pub paid_activity_minutes: u64,
    /// Gross pay, employer's NI and pension per hour, when entered.
    pub hourly_cost_pence: Option<u64>,
}

/// Facility time as a share of contracted hours, in the Regulations' four bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    None,
    UpToHalf,
    MoreThanHalf,
    Full,
}

impl Band {
    pub const ALL: [Band; 4] = [Self::None, Self::UpToHalf, Self::MoreThanHalf, Self::Full];

    pub fn label(self) -> &'static str {
        match self {
            Self::None => "0%",
            Self::UpToHalf => "1-50%",
            Self::MoreThanHalf => "51-99%",
            Self::Full => "100%",
        }
    }

    /// 0% only when there was no facility time at all; exactly half is in 1-50%; 100% from
    /// all of the contracted hours up (rules.md's choice for fractions, rule 6 vector 4).
    /// `None` when there was facility time but the contracted hours are unknown (0): the
    /// share cannot be told, and guessing 100% would misstate the published figures.
    pub fn of(year: &OfficialYear) -> Option<Band> {
        let facility = u128::from(year.facility_minutes);
        let contracted = u128::from(year.contracted_minutes);
        let band = if facility == 0 {
            Band::None
        } else if contracted == 0 {
            return None;
        } else if facility >= contracted {
            Band::Full
        } else if facility * 2 <= contracted {
            Band::UpToHalf
        } else {
            Band::MoreThanHalf
        };
        Some(band)
    }
}

/// The four tables of Schedule 2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacilityFigures {
    pub headcount: u32,
    pub fte_total: f64,
    /// Officials in each band, in `Band::ALL` order.
    pub bands: [u32; 4],
    /// Officials with facility time whose contracted hours are unknown, so in no band.
    pub unbanded: u32,
    /// Σ facility hours × hourly cost; `None` when any official's cost is missing.
    pub total_cost_pence: Option<u64>,
    /// Total cost as a percentage of the pay bill; `None` without both figures.
    pub pay_bill_percent: Option<f64>,
    pub facility_minutes: u64,
    pub paid_activity_minutes: u64,
    /// Paid activities as a percentage of paid facility time (0 when there was none).
    pub paid_activity_percent: f64,
}

/// The figures for an employer's period.
pub fn facility_figures(officials: &[OfficialYear], pay_bill_pence: Option<u64>) -> FacilityFigures {
    let mut bands = [0u32; 4];
    let mut unbanded = 0;
    for year in officials {
        match Band::of(year) {
            Some(band) => bands[band as usize] += 1,
            None => unbanded += 1,
        }
    }
    let fte_total: f64 = officials
        .iter()
        .filter(|year| year.full_time_minutes > 0)
        .map(|year| year.contracted_minutes as f64 / year.full_time_minutes as f64)
        .sum();
    let facility_minutes: u64 = officials.iter().map(|year| year.facility_minutes).sum();
    let paid_activity_minutes: u64 = officials.iter().map(|year| year.paid_activity_minutes).sum();
    // Minutes × pence-per-hour summed first, divided by 60 once, so rounding happens once.
    let cost_numerator: Option<u128> = officials
        .iter()
        .map(|year| year.hourly_cost_pence.map(|cost| u128::from(year.facility_minutes) * u128::from(cost)))
        .sum();
    let total_cost_pence = cost_numerator.map(|numerator| u64::try_from((numerator + 30) / 60).unwrap_or(u64::MAX));
    let pay_bill_percent = match (total_cost_pence, pay_bill_pence) {
        (Some(cost), Some(bill)) if bill > 0 => Some(cost as f64 / bill as f64 * 100.0),
        _ => None,
    };
    let paid_activity_percent =
        if facility_minutes == 0 { 0.0 } else { paid_activity_minutes as f64 / facility_minutes as f64 * 100.0 };
    FacilityFigures {
        headcount: u32::try_from(officials.len()).unwrap_or(u32::MAX),
        fte_total,
        bands,
        unbanded,
        total_cost_pence,
        pay_bill_percent,
        facility_minutes,
        paid_activity_minutes,
        paid_activity_percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: u64 = 60;

    fn year(contracted_hours: u64, facility_hours: u64, cost_pounds: u64) -> OfficialYear {
        OfficialYear {
            contracted_minutes: contracted_hours * HOUR,
            full_time_minutes: 1_650 * HOUR,
            facility_minutes: facility_hours * HOUR,
            paid_activity_minutes: 0,
            hourly_cost_pence: Some(cost_pounds * 100),
        }
    }

    #[test]
    fn rule_6_vector_1_three_officials() {
        let mut b = year(990, 330, 20);
        b.paid_activity_minutes = 100 * HOUR;
        let officials = [year(1_650, 0, 18), b, year(1_650, 1_650, 25)];
        let figures = facility_figures(&officials, Some(10_000_000 * 100));
        assert_eq!(figures.headcount, 3);
        assert!((figures.fte_total - 2.6).abs() < 1e-9, "{}", figures.fte_total);
        assert_eq!(figures.bands, [1, 1, 0, 1]);
        assert_eq!(figures.total_cost_pence, Some(47_850 * 100));
        assert!((figures.pay_bill_percent.unwrap() - 0.4785).abs() < 1e-9);
        assert_eq!(format!("{:.2}", figures.paid_activity_percent), "5.05");
    }

    #[test]
    fn rule_6_vector_4_exactly_half_is_in_the_lower_band() {
        assert_eq!(Band::of(&year(1_650, 825, 20)), Some(Band::UpToHalf));
        assert_eq!(Band::of(&year(1_650, 826, 20)), Some(Band::MoreThanHalf));
        assert_eq!(Band::of(&year(1_650, 1_649, 20)), Some(Band::MoreThanHalf));
        assert_eq!(Band::of(&year(1_650, 1_700, 20)), Some(Band::Full));
        let one_minute = OfficialYear { facility_minutes: 1, ..year(1_650, 0, 20) };
        assert_eq!(Band::of(&one_minute), Some(Band::UpToHalf), "any facility time leaves the 0% band");
    }

    #[test]
    fn officials_with_unknown_hours_are_in_no_band_unless_they_had_no_time() {
        let unknown_hours = |facility_hours| OfficialYear { contracted_minutes: 0, ..year(0, facility_hours, 20) };
        assert_eq!(Band::of(&unknown_hours(100)), None, "not guessed to be 100%");
        assert_eq!(Band::of(&unknown_hours(0)), Some(Band::None), "no time is 0% whatever the hours");
        let figures = facility_figures(&[year(1_650, 100, 20), unknown_hours(100), unknown_hours(0)], None);
        assert_eq!((figures.headcount, figures.bands, figures.unbanded), (3, [1, 1, 0, 0], 1));
    }

    #[test]
    fn missing_costs_or_pay_bill_leave_the_money_figures_out() {
        let mut unknown = year(1_650, 100, 20);
        unknown.hourly_cost_pence = None;
        let figures = facility_figures(&[year(1_650, 100, 20), unknown], Some(1_000_000));
        assert_eq!(figures.total_cost_pence, None);
        assert_eq!(figures.pay_bill_percent, None);
        let no_bill = facility_figures(&[year(1_650, 100, 20)], None);
        assert_eq!(no_bill.total_cost_pence, Some(200_000));
        assert_eq!(no_bill.pay_bill_percent, None);
        let empty = facility_figures(&[], Some(1));
        assert_eq!((empty.headcount, empty.paid_activity_percent, empty.bands), (0, 0.0, [0; 4]));
    }
}
