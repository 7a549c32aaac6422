//! Bodies stream through the gateway on both engines: a 100 MB request reaches the provider
//! whole, hashed on the way, while the process's peak memory grows by far less than the body;
//! a client that breaks off mid-body gets its exchange logged as aborted, and the provider
//! never sees a complete-looking request.

mod common;
use common::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A provider that streams the body it gets, counting and hashing it.
async fn counting_upstream() -> String {
    use futures_util::StreamExt;
    let app = axum::Router::new().fallback(|body: axum::body::Body| async move {
        let mut stream = body.into_data_stream();
        let (mut n, mut h) = (0u64, Sha256::new());
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(c) => {
                    n += c.len() as u64;
                    h.update(&c);
                }
                Err(_) => return axum::Json(json!({"broken": true, "bytes": n})),
            }
        }
        axum::Json(json!({"bytes": n, "sha256": hex::encode(h.finalize())}))
    });
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    format!("http://{addr}")
}

/// Peak resident memory of this process so far, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// The request head of a POST through the gateway.
fn head(path: &str, token: &str, length: u64) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nhost: gw\r\nx-road-client: ID-PESSEL/GOV/bappeda/sipd\r\nx-padu-token: {token}\r\nx-road-id: {id}\r\ncontent-type: application/octet-stream\r\ncontent-length: {length}\r\n\r\n",
        id = if length > 50_000_000 { "stream-100mb" } else { "stream-abort" }
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_megabytes_stream_and_an_abort_is_logged() {
    gateway_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let up = counting_upstream().await;
        let unggah = s.bus_subsystem(&admin, "ID-PESSEL", "bps", "unggah").await;
        let svc = s
            .post_ok(
                &admin,
                &format!("/api/v1/gsb/subsystems/{unggah}/services"),
                json!({"code": "berkas", "title": "Berkas", "base_url": up, "timeout_ms": 60000}),
            )
            .await;
        let sipd = s
            .bus_subsystem(&admin, "ID-PESSEL", "bappeda", "sipd")
            .await;
        s.post_ok(
            &admin,
            &format!("/api/v1/gsb/services/{}/access", svc["id"]),
            json!({"client": "ID-PESSEL/GOV/bappeda/sipd"}),
        )
        .await;
        let token = &s.bus_token(&admin, sipd).await;
        let gw = s.running.gateway_addr.unwrap();
        let path = "/r1/ID-PESSEL/GOV/bps/unggah/berkas/upload";

        // 100 MB, written 64 KiB at a time.
        const SIZE: u64 = 100_000_000;
        let before = peak_rss();
        let mut conn = tokio::net::TcpStream::connect(gw).await.unwrap();
        conn.write_all(head(path, token, SIZE).as_bytes())
            .await
            .unwrap();
        let chunk: Vec<u8> = (0..65_536u32).map(|i| (i % 251) as u8).collect();
        let mut sent = 0u64;
        let mut hash = Sha256::new();
        while sent < SIZE {
            let n = (SIZE - sent).min(chunk.len() as u64) as usize;
            conn.write_all(&chunk[..n]).await.unwrap();
            hash.update(&chunk[..n]);
            sent += n as u64;
        }
        let mut answer = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            let n = tokio::time::timeout(Duration::from_secs(60), conn.read(&mut buf))
                .await
                .expect("the gateway answers")
                .unwrap();
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&answer);
            if text.contains("\r\n\r\n") && text.trim_end().ends_with('}') {
                break;
            }
        }
        let text = String::from_utf8_lossy(&answer).to_string();
        let body: Value = serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap_or(""))
            .unwrap_or_else(|_| panic!("{text}"));
        let sha = hex::encode(hash.finalize());
        assert_eq!(body["bytes"], SIZE, "{text}");
        assert_eq!(body["sha256"], sha.as_str());
        let grew = peak_rss().saturating_sub(before);
        assert!(
            grew < 40_000_000,
            "peak memory grew by {grew} bytes for a 100 MB body"
        );
        s.running.state.gsb.log.settled().await;
        let records = s
            .running
            .state
            .store
            .messages_by_xroad_id("stream-100mb")
            .await
            .unwrap();
        let record: Value = serde_json::from_str(&records[0].record).unwrap();
        assert_eq!(record["request_bytes"], SIZE);
        assert_eq!(
            record["request_sha256"],
            sha.as_str(),
            "the log holds the body's hash"
        );
        assert_eq!(record["status"], 200);

        // A client that promises 10 MB, sends 1 MB and hangs up.
        let mut conn = tokio::net::TcpStream::connect(gw).await.unwrap();
        conn.write_all(head(path, token, 10_000_000).as_bytes())
            .await
            .unwrap();
        for _ in 0..16 {
            conn.write_all(&chunk).await.unwrap();
        }
        drop(conn);
        let mut record = Value::Null;
        for _ in 0..100 {
            if let Some(r) = s
                .running
                .state
                .store
                .messages_by_xroad_id("stream-abort")
                .await
                .unwrap()
                .first()
            {
                record = serde_json::from_str(&r.record).unwrap();
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(record["error"], "Client.RequestAborted", "{record}");
        assert!(
            record["request_bytes"].as_u64().unwrap() <= 1_048_576,
            "{record}"
        );
        let v = padu::gsb::msglog::verify(&s.running.state.store, &mut |_, _| {})
            .await
            .unwrap();
        assert!(v.records + v.unbatched >= 2, "{v:?}");
        s.running.stop().await;
    })
    .await;
}
