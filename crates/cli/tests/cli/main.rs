//! The `steward` binary, run as a separate process: commands, a live server killed mid-write,
//! backup and restore under load, and two instances sharing one PostgreSQL database.

mod backup_restore;
mod commands;
mod crash_safety;
mod demo_scale;
mod dovecot;
mod imap;
mod import_mail;
mod outbox;
mod pay_bill_import;
mod server;
mod smtp_tls;
mod two_instances;
mod workload_refresh;
