//! Bank holidays compiled into the binary from `data/uk-bank-holidays.json` (a GOV.UK
//! snapshot plus later proclamations), parsed once. New proclamations reach the engine at
//! call time through `Calendar::with_extra_holiday`, so an admin can add one without a
//! rebuild.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::organisation::Nation;

const BANK_HOLIDAYS_JSON: &str = include_str!("../../data/uk-bank-holidays.json");

/// The compiled-in holiday sets, one per nation, in `Nation::ALL` order.
struct CompiledHolidays {
    by_nation: [BTreeSet<NaiveDate>; 3],
}

fn nation_index(nation: Nation) -> usize {
    match nation {
        Nation::EnglandAndWales => 0,
        Nation::Scotland => 1,
        Nation::NorthernIreland => 2,
    }
}

fn compiled() -> &'static CompiledHolidays {
    static HOLIDAYS: OnceLock<CompiledHolidays> = OnceLock::new();
    HOLIDAYS.get_or_init(|| {
        let mut parsed: BTreeMap<String, Vec<NaiveDate>> = serde_json::from_str(BANK_HOLIDAYS_JSON)
            .expect("compiled-in uk-bank-holidays.json must be a map of nation to ISO dates");
        let mut take = |nation: Nation| -> BTreeSet<NaiveDate> {
            parsed
                .remove(nation.as_str())
                .expect("compiled-in uk-bank-holidays.json must list every nation")
                .into_iter()
                .collect()
        };
        CompiledHolidays {
            by_nation: [take(Nation::EnglandAndWales), take(Nation::Scotland), take(Nation::NorthernIreland)],
        }
    })
}

/// The bank holidays shipped with this build for one nation.
pub(crate) fn compiled_holidays(nation: Nation) -> &'static BTreeSet<NaiveDate> {
    &compiled().by_nation[nation_index(nation)]
}

/// Extra holidays per nation, added at call time (e.g. a new royal proclamation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ExtraHolidays {
    by_nation: [BTreeSet<NaiveDate>; 3],
}

impl ExtraHolidays {
    pub(crate) fn insert(&mut self, nation: Nation, date: NaiveDate) {
        self.by_nation[nation_index(nation)].insert(date);
    }

    pub(crate) fn contains(&self, nation: Nation, date: NaiveDate) -> bool {
        self.by_nation[nation_index(nation)].contains(&date)
    }

    pub(crate) fn for_nation(&self, nation: Nation) -> &BTreeSet<NaiveDate> {
        &self.by_nation[nation_index(nation)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("test date")
    }

    #[test]
    fn compiled_data_loads_for_every_nation() {
        for nation in Nation::ALL {
            assert!(compiled_holidays(nation).len() >= 32, "{nation:?}");
        }
    }

    #[test]
    fn scotland_has_the_2026_world_cup_proclamation() {
        assert!(compiled_holidays(Nation::Scotland).contains(&date("2026-06-15")));
        assert!(!compiled_holidays(Nation::EnglandAndWales).contains(&date("2026-06-15")));
    }

    #[test]
    fn northern_ireland_has_st_patricks_and_the_boyne() {
        let ni = compiled_holidays(Nation::NorthernIreland);
        assert!(ni.contains(&date("2025-03-17")));
        assert!(ni.contains(&date("2025-07-14")));
    }
}
