//! `delegat playground [--katalog web/dist] [--adress 127.0.0.1:4173]`: serves the built
//! playground page (`web/`, `docs/playground.md`) to this machine's browser. Static files
//! only, read from the folder on each request; a path that is not a plain file inside the
//! folder is not found. The page itself runs in the browser and sends nothing back.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use clap::Args;

use crate::cli::Status;

/// `delegat playground`.
#[derive(Debug, Args)]
pub struct PlaygroundArgs {
    /// Katalogen med den byggda sidan (standard: web/dist; byggs med `npm run build` i `web/`).
    #[arg(long = "katalog", value_name = "KATALOG", default_value = "web/dist")]
    pub katalog: PathBuf,
    /// Adressen sidan visas på (standard: 127.0.0.1:4173, bara den här datorn).
    #[arg(
        long = "adress",
        value_name = "ADRESS:PORT",
        default_value = "127.0.0.1:4173"
    )]
    pub adress: SocketAddr,
}

/// Serves until Ctrl+C (exit 0); 2 when the folder has no built page or the address cannot
/// be used.
pub fn run(args: &PlaygroundArgs) -> Status {
    if !args.katalog.join("index.html").is_file() {
        eprintln!(
            "fel: `{}` har ingen index.html; bygg sidan först: `cd web && npm ci && npm run build`",
            args.katalog.display()
        );
        return Status::Usage;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("fel: {e}");
            return Status::Usage;
        }
    };
    let root = Arc::new(args.katalog.clone());
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.adress).await {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!("fel: adressen {} kan inte användas: {e}", args.adress);
                return Status::Usage;
            }
        };
        match listener.local_addr() {
            Ok(addr) => println!("lyssnar på http://{addr}/"),
            Err(e) => {
                eprintln!("fel: {e}");
                return Status::Usage;
            }
        }
        let app = Router::new().fallback(file).with_state(root);
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            Ok(()) => Status::Ok,
            Err(e) => {
                eprintln!("fel: {e}");
                Status::Usage
            }
        }
    })
}

/// The file a request path names inside `root`, or `None`: only plain names, no `..`, no
/// percent escapes (the built page's names are plain), a folder means its `index.html`.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    if path.contains('%') || path.contains('\\') {
        return None;
    }
    let relative = Path::new(path.trim_start_matches('/'));
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = root.join(relative);
    if file.is_dir() {
        Some(file.join("index.html"))
    } else {
        Some(file)
    }
}

/// The media type of a file of the built page.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn file(State(root): State<Arc<PathBuf>>, uri: Uri) -> Response {
    let found = resolve(&root, uri.path()).and_then(|path| {
        let body = std::fs::read(&path).ok()?;
        Some((path, body))
    });
    let mut response = match found {
        Some((path, body)) => {
            let mut response = Response::new(Body::from(body));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&path)),
            );
            response
        }
        None => {
            let mut response = Response::new(Body::from("Finns inte.\n"));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            response
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
