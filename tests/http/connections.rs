//! Idle and half-open connections do not starve the server: hundreds of sockets that send
//! nothing, half a request line or half the headers are closed after the header-read timeout,
//! a valid request still gets its answer in bounded time meanwhile, and shutdown stops the
//! listener.

use crate::support::{Server, fresh_engine};
use nfdeck::api::server::ConnLimits;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const IDLE_SOCKETS: usize = 300;

/// Short timeouts, and fewer connections than idle sockets: the valid request must wait for
/// the server to close idle ones.
const LIMITS: ConnLimits = ConnLimits {
    header_read_timeout: Duration::from_millis(300),
    idle_timeout: Duration::from_millis(600),
    max_connections: 64,
};

/// What the idle sockets send before they stop: nothing, half a request line, half the
/// headers.
fn partial(i: usize) -> &'static [u8] {
    match i % 3 {
        0 => b"",
        1 => b"GET /servi",
        _ => b"GET /service-info HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    }
}

/// Reads until the server closes the socket (end of stream or a reset).
async fn closed_by_server(mut socket: TcpStream) {
    let mut buf = [0u8; 512];
    loop {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {} // an error answer the server wrote before closing
        }
    }
}

#[tokio::test]
async fn idle_sockets_are_closed_and_do_not_starve_a_valid_request() {
    let server = Server::start_limited(fresh_engine().await, true, LIMITS).await;
    let addr = server.url.trim_start_matches("http://").to_string();
    let mut idle = Vec::with_capacity(IDLE_SOCKETS);
    for i in 0..IDLE_SOCKETS {
        let mut socket = TcpStream::connect(&addr)
            .await
            .expect("connect to 127.0.0.1");
        socket.write_all(partial(i)).await.unwrap();
        idle.push(socket);
    }

    let started = Instant::now();
    let answer = reqwest::Client::new()
        .get(format!("{}/service-info", server.url))
        .timeout(Duration::from_secs(15))
        .send()
        .await
        .expect("an answer despite the idle sockets");
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    // Five waves of 64 idle connections at 300 ms each, with room for a slow machine.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );

    let all_closed = async {
        for socket in idle {
            closed_by_server(socket).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(15), all_closed)
        .await
        .expect("the server closes every idle socket");

    // Shutdown stops the listener.
    drop(server);
    let refused = async {
        for _ in 0..50 {
            if TcpStream::connect(&addr).await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    };
    assert!(refused.await, "the listener closes on shutdown");
}

/// A connection that went quiet after one request is closed too, without the client's help.
#[tokio::test]
async fn a_kept_alive_connection_is_closed_when_idle() {
    let server = Server::start_limited(fresh_engine().await, true, LIMITS).await;
    let addr = server.url.trim_start_matches("http://").to_string();
    let mut socket = TcpStream::connect(&addr).await.unwrap();
    socket
        .write_all(b"GET /service-info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut answer = vec![0u8; 4096];
    let n = socket.read(&mut answer).await.unwrap();
    assert!(
        answer[..n].starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer[..n])
    );
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), closed_by_server(socket))
        .await
        .expect("the idle kept-alive connection is closed");
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
}
