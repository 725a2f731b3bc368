//! The server generated for tests/specs/checks.yaml, answering every valid
//! order by echoing it, for conformance runs (tests/schemathesis.sh).
//!
//!   cargo run -p edge-cases --example checks_server -- [--port N]   # default 0: any free port

use edge_cases::checks::server::{self, Api, PutOrderResponse};
use edge_cases::checks::Order;

struct Echo;

impl Api for Echo {
    async fn put_order(&self, _code: String, _limit: Option<i32>, body: Order) -> PutOrderResponse {
        PutOrderResponse::Ok(body)
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let port = match (args.next().as_deref(), args.next()) {
        (None, _) => 0,
        (Some("--port"), Some(p)) => p.parse().unwrap_or_else(|_| {
            eprintln!("checks_server: the port must be a number from 0 to 65535");
            std::process::exit(2)
        }),
        _ => {
            eprintln!("usage: checks_server [--port N]");
            std::process::exit(2)
        }
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap_or_else(|e| {
            eprintln!("checks_server: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1)
        });
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    eprintln!("checks_server: listening on http://{addr}");
    if let Err(e) = axum::serve(listener, server::router(Echo)).await {
        eprintln!("checks_server: {e}");
        std::process::exit(1);
    }
}
