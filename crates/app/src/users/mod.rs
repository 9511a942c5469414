//! Accounts: who may sign in, with which role and scope.

mod create_user;
mod list_users;
mod set_active;

pub use create_user::{create_user, create_user_unchecked, UserDraft};
pub use list_users::list_users;
pub use set_active::set_user_active;
