//! Whom to suggest first for a piece of work (an enquiry to answer, a case to join): people
//! trained for it who have capacity, then people with capacity, and people over capacity last
//! whatever their training, so the suggestion never piles more on someone already overloaded.
//! Within one preference the caller goes round the team (fewest items held first).

use crate::workload::Capacity;

/// Lower is better: the derive orders the variants as declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Preference {
    TrainedWithCapacity,
    TrainedNearCapacity,
    WithCapacity,
    NearCapacity,
    TrainedOverCapacity,
    OverCapacity,
}

/// `capacity` None (no workload computed yet, or a role that carries no cases) counts as
/// having capacity: nothing says they are busy.
pub fn preference(trained: bool, capacity: Option<Capacity>) -> Preference {
    match (trained, capacity.unwrap_or(Capacity::Under)) {
        (true, Capacity::Under) => Preference::TrainedWithCapacity,
        (true, Capacity::Near) => Preference::TrainedNearCapacity,
        (false, Capacity::Under) => Preference::WithCapacity,
        (false, Capacity::Near) => Preference::NearCapacity,
        (true, Capacity::Over) => Preference::TrainedOverCapacity,
        (false, Capacity::Over) => Preference::OverCapacity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_wins_among_people_with_room_but_never_over_an_overloaded_person() {
        let trained_near = preference(true, Some(Capacity::Near));
        let untrained_free = preference(false, Some(Capacity::Under));
        let trained_over = preference(true, Some(Capacity::Over));
        assert!(preference(true, Some(Capacity::Under)) < trained_near);
        assert!(trained_near < untrained_free);
        assert!(preference(false, Some(Capacity::Near)) < trained_over);
        assert!(trained_over < preference(false, Some(Capacity::Over)));
    }

    #[test]
    fn unknown_capacity_is_capacity() {
        assert_eq!(preference(true, None), Preference::TrainedWithCapacity);
        assert_eq!(preference(false, None), Preference::WithCapacity);
    }
}
