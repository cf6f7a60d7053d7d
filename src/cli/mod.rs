//! The `folio` command line (SPEC, "Command line"). Each subcommand is a
//! thin shell over the library: parse arguments, call, print.

mod doctor;
mod export;
mod import;
mod serve;
mod user;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::domain::Role;
use crate::transfer::export::ExportFormat;
use crate::transfer::import::OnConflict;

#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about = "A content management backend for Hexo-style article collections"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve HTTP (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Import files, folders (recursively) and archives.
    Import {
        /// .md, .markdown, .txt, .zip, .tar.gz, .json files, or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Report what would happen; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// What to do when an item's slug names an existing, different article.
        #[arg(long, value_enum, default_value_t = OnConflict::Skip)]
        on_conflict: OnConflict,
        /// Commit good items even when others fail.
        #[arg(long)]
        no_atomic: bool,
        /// Print the machine report (SPEC's JSON) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write an export.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file to write; an existing one is replaced only once the export is complete.
        /// For `site`, a folder: a second export into it rewrites only what changed.
        #[arg(short, long)]
        output: PathBuf,
        /// For `site`: put before every link between pages, e.g. the
        /// absolute URL the folder is served at (default: root-relative
        /// links, `/articles/…`).
        #[arg(long, default_value = "")]
        base_url: String,
    },
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Check the database: SQLite's integrity check, the foreign keys and
    /// the search index. Exit 1 when something is damaged.
    Doctor,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from stdin, or generated and printed.
    Add {
        email: String,
        #[arg(long, value_enum)]
        role: Role,
    },
    /// Set a user's password (read from stdin, or generated and printed).
    Passwd { email: String },
    /// Disable a user: their sessions and tokens stop working.
    Disable { email: String },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it once.
    Create {
        name: String,
        #[arg(long)]
        user: String,
    },
}

/// Runs a command. Errors come back to `main`, which prints one line.
pub async fn run(cli: Cli, config: Config) -> anyhow::Result<ExitCode> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::serve(config).await,
        Command::Migrate => {
            let pool = serve::open_migrated(&config).await?;
            pool.close().await;
            eprintln!("migrations applied to {}", config.database_url);
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            paths,
            dry_run,
            on_conflict,
            no_atomic,
            json,
        } => import::import(&config, paths, dry_run, on_conflict, !no_atomic, json).await,
        Command::Export {
            format,
            output,
            base_url,
        } => export::export(&config, format, &output, &base_url).await,
        Command::User(command) => user::user(&config, command).await,
        Command::Token(TokenCommand::Create { name, user }) => {
            user::create_token(&config, &name, &user).await
        }
        Command::Doctor => doctor::doctor(&config).await,
    }
}
