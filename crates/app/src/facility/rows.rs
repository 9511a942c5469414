//! The figures as a tidy long table, one row per published figure: what the CSV download
//! writes. Money is in pounds with pence, hours to two places, percentages to two places;
//! a figure that cannot be worked out yet (a cost or pay bill not entered) is blank.

use steward_domain::facility::figures::Band;

use super::FacilityReport;

/// One published figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRow {
    /// `relevant_union_officials`, `time_bands`, `pay_bill` or `paid_activities` (Schedule 2's
    /// four tables, in order).
    pub table: &'static str,
    pub measure: &'static str,
    pub value: String,
}

/// Pence as pounds with two decimals, like 47850.00.
pub fn pounds(pence: u64) -> String {
    format!("{}.{:02}", pence / 100, pence % 100)
}

/// Minutes as hours to two places.
pub fn hours(minutes: u64) -> String {
    format!("{:.2}", minutes as f64 / 60.0)
}

pub fn report_rows(report: &FacilityReport) -> Vec<FigureRow> {
    let figures = &report.figures;
    let row = |table, measure, value: String| FigureRow { table, measure, value };
    let mut rows = vec![
        row("relevant_union_officials", "officials", figures.headcount.to_string()),
        row("relevant_union_officials", "full_time_equivalent", format!("{:.2}", figures.fte_total)),
    ];
    for (band, count) in Band::ALL.into_iter().zip(figures.bands) {
        rows.push(row("time_bands", band.label(), count.to_string()));
    }
    if figures.unbanded > 0 {
        // Said, not hidden: the bands then add up to fewer than the officials.
        rows.push(row("time_bands", "not banded (contracted hours missing)", figures.unbanded.to_string()));
    }
    let pay_bill = report.pay_bill.map(|stored| stored.bill.pay_bill_pence);
    rows.extend([
        row("pay_bill", "total_cost_of_facility_time", figures.total_cost_pence.map(pounds).unwrap_or_default()),
        row("pay_bill", "total_pay_bill", pay_bill.map(pounds).unwrap_or_default()),
        row(
            "pay_bill",
            "percentage_of_pay_bill",
            figures.pay_bill_percent.map(|percent| format!("{percent:.2}")).unwrap_or_default(),
        ),
        row("paid_activities", "paid_facility_time_hours", hours(figures.facility_minutes)),
        row("paid_activities", "paid_activity_hours", hours(figures.paid_activity_minutes)),
        row("paid_activities", "percentage_of_paid_facility_time", format!("{:.2}", figures.paid_activity_percent)),
    ]);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_hours_read_as_people_write_them() {
        assert_eq!(pounds(4_785_000), "47850.00");
        assert_eq!(pounds(5), "0.05");
        assert_eq!(hours(90), "1.50");
    }
}
