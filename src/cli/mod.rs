//! The `folio` command line (SPEC, "Command line"). Each subcommand is a
//! thin shell over the library: parse arguments, call, print.

mod doctor;
mod export;
mod import;
mod media;
mod serve;
mod user;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::domain::Role;
use crate::transfer::export::ExportFormat;
use crate::transfer::import::{OnConflict, OnDuplicateSlug};

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
        /// What to do with a second item of this import whose slug an
        /// earlier one has: fail it, or rename it (`-2`, `-3`…) with a warning.
        #[arg(long, value_enum, default_value_t = OnDuplicateSlug::Fail)]
        on_duplicate_slug: OnDuplicateSlug,
        /// Commit good items even when others fail.
        #[arg(long)]
        no_atomic: bool,
        /// Print the machine report (SPEC's JSON) instead of text.
        #[arg(long)]
        json: bool,
        /// Then bring the imported articles' remote images home (as
        /// `folio media fetch` does).
        #[arg(long)]
        fetch_images: bool,
    },
    /// Images kept by folio.
    #[command(subcommand)]
    Media(MediaCommand),
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
        /// For `hexo`: images brought home are shown at the addresses they
        /// came from, so an article not otherwise edited comes out as it
        /// was imported, byte for byte.
        #[arg(long)]
        original_urls: bool,
        /// For `json`: a zip of the document (`folio.json`) and every image
        /// of the media library (`media/`), which `folio import` restores.
        #[arg(long)]
        with_media: bool,
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
pub enum MediaCommand {
    /// Download the remote images of articles into the media library and
    /// rewrite the articles to show them (the originals kept in
    /// `data-origin-*`). Only public addresses, unless
    /// FOLIO_MEDIA_FETCH_ALLOW names others. Exit 1 when an image failed.
    Fetch {
        /// Every article not in the trash.
        #[arg(long, conflicts_with = "article", required_unless_present = "article")]
        all: bool,
        /// An article's slug (repeat for more).
        #[arg(long)]
        article: Vec<String>,
        /// Print the report as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
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
            on_duplicate_slug,
            no_atomic,
            json,
            fetch_images,
        } => {
            let options = import::CliImport {
                dry_run,
                on_conflict,
                on_duplicate_slug,
                atomic: !no_atomic,
                json,
                fetch_images,
            };
            import::import(&config, paths, options).await
        }
        Command::Media(MediaCommand::Fetch { all, article, json }) => {
            let which = if all {
                media::Which::All
            } else {
                media::Which::Slugs(article)
            };
            media::fetch(&config, which, json).await
        }
        Command::Export {
            format,
            output,
            base_url,
            original_urls,
            with_media,
        } => {
            let urls = if original_urls {
                crate::transfer::export::ImageUrls::Original
            } else {
                crate::transfer::export::ImageUrls::Local
            };
            let options = export::CliExport {
                base_url,
                urls,
                with_media,
            };
            export::export(&config, format, &output, options).await
        }
        Command::User(command) => user::user(&config, command).await,
        Command::Token(TokenCommand::Create { name, user }) => {
            user::create_token(&config, &name, &user).await
        }
        Command::Doctor => doctor::doctor(&config).await,
    }
}
