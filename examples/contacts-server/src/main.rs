//! `contacts-server [--port PORT] [--seed FILE] [--rate-limit N/s]`: serves
//! the example contact API on 127.0.0.1. The port comes from `--port`, else
//! `PORT`, else 8080; the accepted API key from `CONTACTS_API_KEY` (default
//! `dev-key`, for local use only); the rate limit per API key from
//! `--rate-limit`, else `CONTACTS_RATE_LIMIT`, else none.

use contacts_server::{
    app, parse_rate_limit, parse_seed, serve, Config, ServeLimits, DEFAULT_SEED,
};
use std::process::ExitCode;

fn usage() -> &'static str {
    "usage: contacts-server [--port PORT] [--seed FILE] [--rate-limit N/s]\n\
     env: PORT (default 8080), CONTACTS_API_KEY (default dev-key), CONTACTS_RATE_LIMIT (N/s)"
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut port = std::env::var("PORT").ok();
    let mut seed_file = None;
    let mut rate_limit = std::env::var("CONTACTS_RATE_LIMIT").ok();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => port = args.next(),
            "--seed" => seed_file = args.next(),
            "--rate-limit" => rate_limit = args.next(),
            "-h" | "--help" => {
                println!("{}", usage());
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("contacts-server: unknown argument {other:?}\n{}", usage());
                return ExitCode::from(2);
            }
        }
    }
    let port: u16 = match port.as_deref().unwrap_or("8080").parse() {
        Ok(p) => p,
        Err(_) => {
            eprintln!("contacts-server: the port must be a number from 0 to 65535");
            return ExitCode::from(2);
        }
    };
    let seed_text = match &seed_file {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("contacts-server: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => DEFAULT_SEED.to_owned(),
    };
    let seed = match parse_seed(&seed_text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("contacts-server: the seed is not a JSON array of contacts: {e}");
            return ExitCode::from(2);
        }
    };
    let rate_limit = match rate_limit.as_deref().map(parse_rate_limit).transpose() {
        Ok(limit) => limit,
        Err(e) => {
            eprintln!("contacts-server: {e}");
            return ExitCode::from(2);
        }
    };
    let api_key = std::env::var("CONTACTS_API_KEY").unwrap_or_else(|_| "dev-key".to_owned());
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("contacts-server: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    eprintln!(
        "contacts-server: listening on http://{addr} ({} contacts)",
        seed.len()
    );
    let config = Config {
        rate_limit,
        ..Config::new(api_key, seed)
    };
    // Slow or idle clients are cut off and connections are bounded (see
    // `ServeLimits`); Ctrl-C or SIGTERM stops accepting and lets the
    // requests in flight finish.
    serve(listener, app(config), ServeLimits::default(), stop_signal()).await;
    eprintln!("contacts-server: stopped");
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM where there is one (what a container runtime sends).
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
