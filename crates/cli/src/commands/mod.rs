//! One module per subcommand.

pub mod backup;
pub mod calc;
pub mod demo;
mod demo_cases;
mod demo_scale;
pub mod imap_intake;
pub mod import;
pub mod import_mail;
pub mod import_pay_bill;
pub mod mail_sending;
pub mod migrate;
pub mod restore;
pub mod serve;
pub mod token;
pub mod user;
pub mod workload;

use chrono::Utc;
use steward_app::RequestContext;
use steward_domain::ids::UserId;
use steward_domain::organisation::Scope;
use steward_domain::permissions::Actor;
use steward_domain::role::Role;

/// Commands run by someone with shell access to the server, which is itself the authority;
/// they act as a union-wide administrator and are audited as "cli".
pub fn cli_context() -> RequestContext {
    RequestContext {
        actor: Actor { user_id: UserId(0), role: Role::Admin, scope: Scope::Union },
        actor_label: "cli".into(),
        source: None,
        now: Utc::now(),
    }
}
