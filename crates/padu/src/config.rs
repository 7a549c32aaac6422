//! The command line (a stable contract: scripts and operators depend on it).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "padu", version, about = "Padu — Platform SPBE Terpadu")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Where Padu keeps its SQLite database and keys.
    #[arg(long, env = "PADU_DATA_DIR", default_value = "./padu-data")]
    pub data_dir: PathBuf,
    /// A postgres://… URL to use PostgreSQL instead of the embedded SQLite file.
    #[arg(long, env = "PADU_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl StorageArgs {
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.data_dir.join("padu.db").display()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Address of the web UI and API.
    #[arg(long, env = "PADU_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The shipped regulation profile the Pemda is set up with on first start: nasional,
    /// kalbar, bogor or pessel.
    #[arg(long, env = "PADU_PROFILE", default_value = "pessel", value_parser = parse_profile)]
    pub profile: String,
    /// The region's own profile (TOML: the `base` it starts from and the values it sets),
    /// read whole before Padu starts; in force instead of the shipped one.
    #[arg(long, env = "PADU_PROFILE_FILE")]
    pub profile_file: Option<PathBuf>,
    /// Load the demo region on first start (Pessel Lampiran I: its PDs and 70 network sites).
    #[arg(long)]
    pub demo: bool,
    /// Folder holding the regulation texts the demo importer reads.
    #[arg(long, env = "PADU_REGULATIONS_DIR")]
    pub regulations_dir: Option<PathBuf>,
    /// The URL people reach Padu at; `https://…` makes cookies Secure.
    #[arg(long, env = "PADU_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// A reverse proxy (address or CIDR block, IPv4 or IPv6; repeatable, or comma-separated)
    /// whose `X-Forwarded-For` header names the client, for rate limits, sign-in throttling and
    /// the audit log. Other peers' `X-Forwarded-For` is ignored.
    #[arg(long, env = "PADU_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<crate::web::kit::proxy::Cidr>,
    /// Log format: text for people, json for a log processor (Kalbar Pasal 23(1)b).
    #[arg(long, env = "PADU_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// An SMTP relay for notification mail, `smtp://host[:port]`; without it mail is off and
    /// notifications stay in the app.
    #[arg(long, env = "PADU_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of notification mail.
    #[arg(long, env = "PADU_SMTP_FROM", default_value = "padu@localhost")]
    pub smtp_from: String,
    /// Seconds between runs of the mail outbox, the Service Desk's SLA job and the security
    /// notices (the first run one period after the start).
    #[arg(long, env = "PADU_JOBS_SECS", default_value = "30")]
    pub jobs_secs: u64,
    /// Seconds between signed audit checkpoints.
    #[arg(long, env = "PADU_CHECKPOINT_SECS", default_value = "600")]
    pub checkpoint_secs: u64,
    /// Address of the service bus gateway (X-Road Message Protocol for REST); without it the
    /// gateway does not listen (the registry still works).
    #[arg(long, env = "PADU_GATEWAY_LISTEN")]
    pub gateway_listen: Option<SocketAddr>,
    /// This instance's X-Road instance code (default: ID- and the profile, e.g. ID-PESSEL).
    #[arg(long, env = "PADU_GSB_INSTANCE")]
    pub gsb_instance: Option<String>,
    /// Serve the gateway over plain HTTP instead of TLS (loopback addresses only: tests and
    /// benchmarks).
    #[arg(long, env = "PADU_GATEWAY_PLAIN")]
    pub gateway_plain: bool,
    /// Threads serving the gateway's connections (default: one per core but one, at least one:
    /// the message log's indexer and the database keep a core's share). Each runs its own
    /// connections start to end, with its own connections to providers.
    #[arg(long, env = "PADU_GATEWAY_THREADS")]
    pub gateway_threads: Option<std::num::NonZeroUsize>,
    /// Host names and IP addresses the gateway's TLS certificate names (comma-separated).
    #[arg(
        long,
        env = "PADU_GATEWAY_NAMES",
        value_delimiter = ',',
        default_value = "localhost,127.0.0.1"
    )]
    pub gateway_names: Vec<String>,
    /// Keep message-log records this many days, then move them to `--gsb-archive-dir`
    /// (checked hourly; without both, records stay in the database).
    #[arg(
        long,
        env = "PADU_GSB_LOG_RETENTION_DAYS",
        requires = "gsb_archive_dir"
    )]
    pub gsb_log_retention_days: Option<u32>,
    /// Where message-log archives are written.
    #[arg(long, env = "PADU_GSB_ARCHIVE_DIR")]
    pub gsb_archive_dir: Option<PathBuf>,
}

fn parse_profile(s: &str) -> Result<String, String> {
    crate::app::profile::shipped_named(s).map(|p| p.id.clone())
}

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web UI and API.
    Serve(ServeArgs),
    /// The tamper-evident audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Write an online, consistent backup.
    Backup {
        #[command(flatten)]
        storage: StorageArgs,
        /// The backup file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty data dir or database, then verify it.
    Restore {
        #[command(flatten)]
        storage: StorageArgs,
        /// The backup file.
        file: PathBuf,
    },
    /// Accounts, from the server itself: the way back when no administrator can sign in.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Days off of the working-day calendar (national holidays, cuti bersama).
    Holidays {
        #[command(subcommand)]
        command: HolidayCommand,
    },
    /// Benchmark data: bulk synthetic complaints and tickets (bench/layanan.sh). Prints one
    /// public tracking code.
    #[command(hide = true)]
    BenchSeed {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long, default_value = "1000000")]
        complaints: usize,
        #[arg(long, default_value = "200000")]
        tickets: usize,
    },
    /// The service bus (Sistem Penghubung Layanan).
    Gsb {
        #[command(subcommand)]
        command: GsbCommand,
    },
    /// Import a catalogue register from CSV or XLSX (the columns of its export), as the
    /// Dinas. Every row is checked first; nothing is written while any row is bad.
    ImportCatalog {
        #[command(flatten)]
        storage: StorageArgs,
        /// applications, datasets or sites.
        #[arg(long)]
        register: String,
        /// The region's own profile file, when the instance runs one (as `serve` does).
        #[arg(long, env = "PADU_PROFILE_FILE")]
        profile_file: Option<PathBuf>,
        /// The CSV or XLSX file.
        file: PathBuf,
        /// Import the good rows even if some rows have errors.
        #[arg(long)]
        skip_bad_rows: bool,
    },
    /// Import a network-site table (the shape of Pessel Lampiran I Tabel 4.2).
    ImportSites {
        #[command(flatten)]
        storage: StorageArgs,
        /// A regulation text containing "Tabel 4.2", or a tab-separated file with its columns.
        file: PathBuf,
        /// Import the good rows even if some rows have errors.
        #[arg(long)]
        skip_bad_rows: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Make USERNAME an active Admin Dinas (creating the account if it is missing) with a new
    /// password: `PADU_ADMIN_PASSWORD`, or one generated and printed once. Clears its lockout,
    /// signs it out everywhere; audited with the actor "cli".
    Reset {
        #[command(flatten)]
        storage: StorageArgs,
        /// The account to restore.
        #[arg(long)]
        username: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum HolidayCommand {
    /// Import days off for the SLA calendar: `YYYY-MM-DD,name` a line (CSV, `;` or tab).
    /// The whole file is checked first; a bad line changes nothing.
    Import {
        #[command(flatten)]
        storage: StorageArgs,
        file: PathBuf,
    },
    /// List the stored days off.
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole hash chain and every signed checkpoint; names the first bad entry.
    Verify {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Sign a checkpoint of the current head now.
    Checkpoint {
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum GsbCommand {
    /// The message log of the service bus.
    Log {
        #[command(subcommand)]
        command: GsbLogCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum GsbLogCommand {
    /// Check every record, the hash chain, every batch root and every signature.
    Verify {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Write the evidence bundle of one exchange (record, inclusion proof, signed batch,
    /// public key, VERIFY.md) for checking with sha256sum and openssl alone.
    Export {
        #[command(flatten)]
        storage: StorageArgs,
        /// The exchange's X-Road-Id.
        #[arg(long)]
        id: String,
        /// The folder to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Move the records of batches closed before a date into an archive file (checked as it
    /// is written; the batches and their signatures stay in the database).
    Archive {
        #[command(flatten)]
        storage: StorageArgs,
        /// Archive what was closed before this instant (`YYYY-MM-DD` or RFC 3339).
        #[arg(long)]
        before: String,
        /// The archive file to create (never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// Check an archive file on its own (records, chain, batch roots and signatures).
    VerifyArchive {
        /// The archive file.
        file: PathBuf,
    },
}
