//! The `folio` binary: telemetry → config → subcommand.

use std::process::ExitCode;

use clap::Parser;
use folio::cli::{self, Cli};
use folio::config::Config;
use folio::telemetry;

/// mimalloc, not glibc's malloc: argon2 takes 19 MiB a hash, and glibc,
/// having raised its mmap threshold after the first such block was freed,
/// kept every later one: 200 parallel logins left the server at 665 MiB
/// (hashing two at a time); with mimalloc, 117 MiB (`bench/login`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
