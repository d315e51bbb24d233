//! One module per subcommand.

pub mod batch;
pub mod build;
pub mod check;
pub mod explain;
pub mod fmt;
pub mod konsekvens;
pub mod legal;
pub mod logg;
pub mod lsp;
pub mod nyckel;
pub mod playground;
pub mod run;
pub mod schema;
pub mod serve;
pub mod signera;
pub mod test;
pub mod uppfoljning;
