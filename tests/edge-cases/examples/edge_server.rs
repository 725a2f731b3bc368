//! Servers generated for edge-case specs, to try by hand or with a
//! conformance tool:
//!
//! - `checks`: tests/specs/checks.yaml, echoing every valid order
//!   (tests/schemathesis.sh runs schemathesis against it);
//! - `multipart`: tests/specs/multipart.yaml, counting the uploaded files.
//!
//!   cargo run -p edge-cases --example edge_server -- checks|multipart [--port N]   # default 0: any free port

use edge_cases::{checks, multipart};

struct Echo;

impl checks::server::Api for Echo {
    async fn put_order(
        &self,
        _code: String,
        _limit: Option<i32>,
        body: checks::Order,
    ) -> checks::server::PutOrderResponse {
        checks::server::PutOrderResponse::Ok(body)
    }
}

impl multipart::server::Api for Echo {
    async fn upload_file(
        &self,
        body: multipart::UploadFileBody,
    ) -> multipart::server::UploadFileResponse {
        let files = 1 + body.attachments.map_or(0, |a| a.len()) as i32;
        multipart::server::UploadFileResponse::Ok(multipart::UploadFileResponse { files })
    }
}

fn usage() -> ! {
    eprintln!("usage: edge_server checks|multipart [--port N]");
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (router, rest) = match args.split_first() {
        Some((spec, rest)) if spec == "checks" => (checks::server::router(Echo), rest),
        Some((spec, rest)) if spec == "multipart" => (multipart::server::router(Echo), rest),
        _ => usage(),
    };
    let port = match rest {
        [] => 0,
        [flag, p] if flag == "--port" => p.parse().unwrap_or_else(|_| {
            eprintln!("edge_server: the port must be a number from 0 to 65535");
            std::process::exit(2)
        }),
        _ => usage(),
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap_or_else(|e| {
            eprintln!("edge_server: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1)
        });
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    eprintln!("edge_server: listening on http://{addr}");
    if let Err(e) = axum::serve(listener, router).await {
        eprintln!("edge_server: {e}");
        std::process::exit(1);
    }
}
