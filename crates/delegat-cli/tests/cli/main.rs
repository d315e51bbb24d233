//! End-to-end tests of the `delegat` binary, in one test binary: one module per area. One
//! area alone: `cargo test -p delegat-cli --test cli MODULE::`.

mod check_command;
mod explain_command;
mod fmt_command;
mod followup_chromium;
mod followup_command;
mod guide;
mod impact_command;
mod letter_chromium;
mod log_commands;
mod lsp_command;
mod playground_command;
// The PostgreSQL test server of delegat-log's tests.
#[path = "../../../delegat-log/tests/log/pg_server.rs"]
mod pg_server;
mod postgres_log;
mod runtime_commands;
mod serve_command;
mod serve_schemathesis;
mod serve_tls;
mod signing_commands;
mod support;
