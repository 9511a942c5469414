//! UK statutory and procedural deadline calculators (shared/domain/rules.md). Pure functions.
