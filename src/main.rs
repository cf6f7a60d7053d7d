//! The `folio` binary: telemetry → config → subcommand.

use std::process::ExitCode;

use clap::Parser;
use folio::cli::{self, Cli};
use folio::config::Config;
use folio::telemetry;

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; the environment alone is enough.
    let _ = dotenvy::dotenv();
    telemetry::init();
    let cli = Cli::parse();
    let result = match Config::from_env() {
        Ok(config) => cli::run(cli, config).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // One clear line: the error and its causes.
            eprintln!("folio: {e:#}");
            ExitCode::FAILURE
        }
    }
}
