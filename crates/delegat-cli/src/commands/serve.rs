//! `delegat serve --paket KATALOG|FIL… [--logg DB] [--adress 127.0.0.1:8080] [--betrodda-nycklar FIL]
//! [--tls-certifikat FIL --tls-nyckel FIL]`: the nämnd's decision function as an HTTP service
//! (`delegat-serve`, `docs/tjanst.md`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use delegat_serve::{Config, Limits, ServeError, TlsFiles, TokenSource};

use crate::cli::Status;

/// `delegat serve`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("token").args(["token_fil", "token_miljo"])))]
pub struct ServeArgs {
    /// Regelpaket, eller kataloger med regelpaket (`*.paket`); kan anges flera gånger.
    #[arg(long = "paket", value_name = "KATALOG|FIL", required = true, num_args = 1..)]
    pub paket: Vec<PathBuf>,
    /// Beslutsloggen: varje beslut skrivs i loggen innan det lämnas ut, och svaret anger
    /// kvittot. En SQLite-fil (skapas om den inte finns), eller en PostgreSQL-databas
    /// `postgres://ROLL@VÄRD/DATABAS` som flera instanser av tjänsten delar.
    #[arg(long = "logg", value_name = "LOGG")]
    pub logg: Option<PathBuf>,
    /// Adressen tjänsten lyssnar på (standard: 127.0.0.1:8080, bara den här datorn).
    #[arg(
        long = "adress",
        value_name = "ADRESS:PORT",
        default_value = "127.0.0.1:8080"
    )]
    pub adress: SocketAddr,
    /// Nämndens publika nyckel, eller en katalog med sådana (`*.pub`); kan anges flera
    /// gånger. Då fattar bara regelpaket signerade med en av nycklarna beslut.
    #[arg(long = "betrodda-nycklar", value_name = "FIL|KATALOG")]
    pub betrodda_nycklar: Vec<PathBuf>,
    /// Filen med tjänstens token (för administration, och för besluten med
    /// `--beslut-kraver-token`).
    #[arg(long = "token-fil", value_name = "FIL", conflicts_with = "token_miljo")]
    pub token_fil: Option<PathBuf>,
    /// Miljövariabeln som innehåller tjänstens token.
    #[arg(long = "token-miljo", value_name = "NAMN")]
    pub token_miljo: Option<String>,
    /// Kräv token också för att fatta beslut.
    #[arg(long = "beslut-kraver-token", requires = "token")]
    pub beslut_kraver_token: bool,
    /// Största ärende i byte (standard: 65536).
    #[arg(long = "max-storlek", value_name = "BYTE", default_value_t = 64 * 1024)]
    pub max_storlek: usize,
    /// Högsta antal begäranden som hanteras samtidigt; fler får 503 (standard: 64).
    #[arg(long = "max-samtidiga", value_name = "N", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_samtidiga: u32,
    /// Längsta tid en begäran får ta, i sekunder (standard: 10).
    #[arg(long = "tidsgrans", value_name = "SEKUNDER", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub tidsgrans: u32,
    /// Tjänstens TLS-certifikat (PEM: tjänstens certifikat först, sedan kedjan); med
    /// `--tls-nyckel` tar tjänsten emot anslutningar över https. Läses om vid SIGHUP.
    #[arg(long = "tls-certifikat", value_name = "FIL", requires = "tls_nyckel")]
    pub tls_certifikat: Option<PathBuf>,
    /// Den privata nyckeln till TLS-certifikatet (PEM).
    #[arg(long = "tls-nyckel", value_name = "FIL", requires = "tls_certifikat")]
    pub tls_nyckel: Option<PathBuf>,
}

impl ServeArgs {
    fn config(&self) -> Config {
        let token = match (&self.token_fil, &self.token_miljo) {
            (Some(f), _) => Some(TokenSource::File(f.clone())),
            (None, Some(name)) => Some(TokenSource::Env(name.clone())),
            (None, None) => None,
        };
        Config {
            packs: self.paket.clone(),
            address: self.adress,
            trusted_keys: self.betrodda_nycklar.clone(),
            token,
            decisions_need_token: self.beslut_kraver_token,
            limits: Limits {
                max_body: self.max_storlek,
                max_in_flight: self.max_samtidiga as usize,
                request_timeout: Duration::from_secs(u64::from(self.tidsgrans)),
                ..Limits::default()
            },
            tls: match (&self.tls_certifikat, &self.tls_nyckel) {
                (Some(certificate), Some(key)) => Some(TlsFiles {
                    certificate: certificate.clone(),
                    key: key.clone(),
                }),
                _ => None,
            },
        }
    }
}

/// Serves until SIGTERM or SIGINT; exit 0 after a graceful shutdown, 1 when the packs,
/// keys, token or TLS files are refused, 2 when the address cannot be used.
pub fn run(args: &ServeArgs) -> Status {
    let log = match &args.logg {
        Some(path) => match delegat_serve::StoreLog::open(&delegat_log::Location::of(path)) {
            Ok(log) => Some(log.shared()),
            Err(e) => {
                eprintln!("{e}: `{}`", delegat_log::Location::of(path));
                eprintln!("Skriv `delegat explain {}` för en förklaring.", e.code);
                return Status::Refused;
            }
        },
        None => None,
    };
    match delegat_serve::serve(args.config(), log) {
        Ok(()) => Status::Ok,
        Err(ServeError::Load(errors)) => {
            for e in &errors {
                eprintln!("{e}");
            }
            if let Some(e) = errors.first() {
                eprintln!("Skriv `delegat explain {}` för en förklaring.", e.code);
            }
            Status::Refused
        }
        Err(e) => {
            eprintln!("fel: {e}");
            Status::Usage
        }
    }
}
