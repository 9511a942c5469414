//! Signing in and out, sessions and API tokens.

mod authenticate;
mod create_api_token;
mod login;
mod logout;

pub use authenticate::{authenticate_api_token, authenticate_session, SignedIn};
pub use create_api_token::create_api_token;
pub use login::{login, LoginOutcome, SESSION_LIFETIME_HOURS};
pub use logout::{logout, logout_everywhere};
