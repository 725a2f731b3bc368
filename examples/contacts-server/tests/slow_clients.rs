//! The example server against slow and greedy clients, over real sockets:
//! a client trickling its request head is cut off within the header
//! timeout while normal requests go on being served; a slow body ends in
//! 408; connections beyond the limit are closed; shutdown lets requests in
//! flight finish.

use contacts_api::client::Client;
use contacts_api::ContactUpdate;
use contacts_server::{app, parse_seed, serve, Config, ServeLimits, DEFAULT_SEED};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const KEY: &str = "test-key";

/// Serves the example app with `limits`; returns the address and a sender
/// that shuts it down, and the serving task.
async fn start(
    limits: ServeLimits,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = app(Config::new(KEY, parse_seed(DEFAULT_SEED).unwrap()));
    let task = tokio::spawn(serve(listener, app, limits, async {
        let _ = stopped.await;
    }));
    (addr, stop, task)
}

/// Sends `head` one byte every `every` until the server closes the
/// connection; returns how long that took (or `None` if it never did
/// within `give_up`).
async fn trickle(
    addr: String,
    head: &'static [u8],
    every: Duration,
    give_up: Duration,
) -> Option<Duration> {
    let start = Instant::now();
    let mut stream = TcpStream::connect(&addr).await.ok()?;
    for byte in head.iter().cycle() {
        if start.elapsed() > give_up {
            return None;
        }
        if stream.write_all(&[*byte]).await.is_err() {
            return Some(start.elapsed());
        }
        // A closed connection reads as end of stream (or an error).
        let mut buf = [0u8; 256];
        match tokio::time::timeout(every, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(start.elapsed()),
            // The server may answer 408 first; the close follows.
            Ok(Ok(_)) => {}
            Err(_) => {}
        }
    }
    None
}

fn update(name: &str) -> ContactUpdate {
    ContactUpdate {
        first_name: Some(name.to_owned()),
        ..Default::default()
    }
}

/// Raises this process's soft descriptor limit towards `wanted`, as far as
/// the hard limit allows (a soft limit of 1,024 is a common default, too
/// low for 500 connections with both their ends here).
#[cfg(unix)]
fn raise_descriptor_limit(wanted: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write `limit`.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return;
        }
        if limit.rlim_cur >= wanted as libc::rlim_t {
            return;
        }
        limit.rlim_cur = limit.rlim_max.min(wanted as libc::rlim_t);
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
}

#[cfg(not(unix))]
fn raise_descriptor_limit(_wanted: u64) {}

/// 500 trickling connections, as the hardening issue asks, unless this
/// process may not open that many descriptors even after raising its soft
/// limit (each connection takes two here: the client's and the server's
/// end); then as many as fit, said.
fn trickler_count() -> usize {
    raise_descriptor_limit(2 * 500 + 200);
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("Max open files"))?;
            line.split_whitespace().nth(3)?.parse::<usize>().ok()
        })
        .unwrap_or(1024);
    let fit = soft.saturating_sub(200) / 2;
    if fit < 500 {
        eprintln!("descriptor limit {soft}: {fit} trickling connections instead of 500");
    }
    fit.min(500)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trickling_heads_are_cut_off_while_others_are_served() {
    let limits = ServeLimits {
        header_read_timeout: Duration::from_secs(1),
        ..ServeLimits::default()
    };
    let (addr, _stop, _task) = start(limits).await;
    let head: &'static [u8] =
        b"PUT /contacts/c-1001 HTTP/1.1\r\nhost: x\r\nx-api-key: test-key\r\n";
    let count = trickler_count();
    let tricklers: Vec<_> = (0..count)
        .map(|_| {
            tokio::spawn(trickle(
                addr.clone(),
                head,
                Duration::from_millis(100),
                Duration::from_secs(10),
            ))
        })
        .collect();
    // While they trickle, normal calls are served.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let client = Client::new(format!("http://{addr}")).with_api_key_auth(KEY);
    for i in 0..5 {
        let contact = client
            .update_contact("c-1001", &update(&format!("n{i}")))
            .await
            .expect("served while others trickle");
        assert_eq!(contact.id, "c-1001");
    }
    for t in tricklers {
        let took = t
            .await
            .unwrap()
            .expect("the server closed the trickling connection");
        assert!(
            took >= Duration::from_millis(900),
            "closed too early: {took:?}"
        );
        assert!(took < Duration::from_secs(4), "closed too late: {took:?}");
    }
}

#[tokio::test]
async fn a_trickling_body_is_answered_408() {
    let limits = ServeLimits {
        request_timeout: Duration::from_millis(500),
        ..ServeLimits::default()
    };
    let (addr, _stop, _task) = start(limits).await;
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    let head = "PUT /contacts/c-1001 HTTP/1.1\r\nhost: x\r\nx-api-key: test-key\r\n\
                content-type: application/json\r\ncontent-length: 100\r\n\r\n{";
    stream.write_all(head.as_bytes()).await.unwrap();
    let start = Instant::now();
    let mut response = Vec::new();
    let mut buf = [0u8; 1024];
    while !response.ends_with(b"\r\n\r\n") && start.elapsed() < Duration::from_secs(5) {
        // One more byte of body now and then, never the whole of it.
        let _ = stream.write_all(b" ").await;
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(100), stream.read(&mut buf)).await
        {
            if n == 0 {
                break;
            }
            response.extend_from_slice(&buf[..n]);
        }
    }
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 408"), "{text:?}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn connections_beyond_the_limit_are_closed() {
    let limits = ServeLimits {
        max_connections: 3,
        ..ServeLimits::default()
    };
    let (addr, _stop, _task) = start(limits).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"PUT").await.unwrap();
        held.push(s);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut extra = TcpStream::connect(&addr).await.unwrap();
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(2), extra.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "the fourth connection stays open: {read:?}"
    );
    // Once one is gone, a new connection is served again.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let client = Client::new(format!("http://{addr}")).with_api_key_auth(KEY);
    client
        .update_contact("c-1001", &update("x"))
        .await
        .expect("a slot is free again");
}

#[tokio::test]
async fn shutdown_stops_accepting_and_returns() {
    let (addr, stop, task) = start(ServeLimits::default()).await;
    let client = Client::new(format!("http://{addr}")).with_api_key_auth(KEY);
    client
        .update_contact("c-1001", &update("before"))
        .await
        .unwrap();
    drop(client);
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("serve returns once its connections are done")
        .unwrap();
    assert!(
        TcpStream::connect(&addr).await.is_err(),
        "no longer listening"
    );
}
