//! Training and accreditation: officers and administrators record the courses people have
//! completed and the competence each gives; everyone sees their own. Assignment suggestions
//! for enquiries and cases read who is trained today (`holders_of`).

mod records;

pub use records::{
    holders_of, my_training, person_training, record_training, remove_training, PersonTraining, TrainingDraft,
};
