//! The service bus end to end on both engines: the registry through the API, a real upstream
//! on loopback, the X-Road REST protocol through the gateway (success, each defined error,
//! metaservices), and the message log verified and exported as evidence that sha256sum and
//! openssl check without Padu.

mod common;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The provider: echoes what it received; `/slow` stalls; `/big` counts a body.
async fn upstream() -> String {
    use axum::routing::{any, post};
    let app = axum::Router::new()
        .route(
            "/v1/items/{id}",
            any(|req: axum::extract::Request| async move {
                let headers: serde_json::Map<String, Value> = req
                    .headers()
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or(""))))
                    .collect();
                axum::Json(json!({
                    "method": req.method().as_str(),
                    "uri": req.uri().to_string(),
                    "headers": headers,
                }))
            }),
        )
        .route(
            "/slow",
            any(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route(
            "/big",
            post(|body: axum::body::Bytes| async move { format!("{}", body.len()) }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    format!("http://{addr}")
}

/// A provider that promises 100 bytes, sends 10 and hangs up.
async fn breaking_upstream() -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = l.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let n = s.read(&mut buf).await.unwrap_or(0);
                // `/besar` declares a body over the gateway's whole-body limit (64 KiB).
                let head: &[u8] = if buf[..n].windows(6).any(|w| w == b"/besar") {
                    b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n"
                } else {
                    b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n"
                };
                let _ = s.write_all(head).await;
                let _ = s.write_all(b"0123456789").await;
            });
        }
    });
    format!("http://{addr}")
}

/// A request and the X-Road error it must get: method, path, client, token, status, type.
type Case<'a> = (Method, String, &'a str, Option<&'a str>, u16, &'a str);

struct Gw {
    base: String,
    http: reqwest::Client,
}

impl Gw {
    async fn call(
        &self,
        method: Method,
        path: &str,
        client: &str,
        token: Option<&str>,
    ) -> reqwest::Response {
        let mut r = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("X-Road-Client", client)
            .header("Connection", "keep-alive, X-Secret-Hop")
            .header("X-Secret-Hop", "must not pass");
        if let Some(t) = token {
            r = r.header("X-Padu-Token", t);
        }
        r.send().await.unwrap()
    }
}

/// An X-Road error as PR-REST 4.6 shows it, e.g. Example 3 (Category 3):
/// "HTTP status code: 400", "Content-Type: application/json;charset=utf-8",
/// "X-Road-Error: Client.BadRequest" and the body
/// `{"type": "Client.BadRequest", "message": "Error parsing ...", "detail": "018cbcae-..."}`;
/// every response carries `X-Road-Request-Id` (4.3).
async fn error_type(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let header = r
        .headers()
        .get("x-road-error")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert_eq!(
        r.headers()["content-type"],
        "application/json;charset=utf-8",
        "4.6 Example 3's Content-Type"
    );
    assert_uuid(&r, "x-road-request-id");
    let text = r.text().await.unwrap();
    let body: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("status {status} {header}: not JSON ({e}): {text:?}"));
    assert_eq!(
        body["type"], header,
        "the body's type and X-Road-Error agree"
    );
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    (status, header)
}

/// A header shaped like PR-REST 4.3's example `X-Road-Request-Id:
/// f92591a3-6bf0-49b1-987b-0dd78c034cc3` (a UUID); returns it.
fn assert_uuid(r: &reqwest::Response, name: &str) -> String {
    let v = r
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("{name} is missing: {:?}", r.headers()))
        .to_str()
        .unwrap()
        .to_string();
    let groups: Vec<usize> = v.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{name}: {v}");
    assert!(v.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{v}");
    v
}

#[tokio::test]
async fn gateway_registry_errors_metaservices_and_evidence() {
    gateway_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let up = upstream().await;
        let broken = breaking_upstream().await;
        let dinkes = s.pd_id("dinas-kesehatan").await;
        let post = |path: &str, body: Value| {
            let path = path.to_string();
            let (s, admin) = (&s, &admin);
            async move { s.post(&path, Some(admin), body).await }
        };

        // The registry: a provider PD with a service, a client PD, a token, one right.
        let (st, provider) = post(
            "/api/v1/gsb/members",
            json!({
                "instance": "ID-PESSEL",
                "member_class": "GOV",
                "member_code": "dinkes",
                "name": "Dinas Kesehatan",
                "pd_id": dinkes,
            }),
        )
        .await;
        assert_eq!(st, 200, "{provider}");
        let (_, client_m) = post(
            "/api/v1/gsb/members",
            json!({
                "instance": "ID-PESSEL",
                "member_class": "GOV",
                "member_code": "bappeda",
                "name": "Bappeda",
            }),
        )
        .await;
        let (st, dup) = post(
            "/api/v1/gsb/members",
            json!({
                "instance": "ID-PESSEL",
                "member_class": "GOV",
                "member_code": "bappeda",
                "name": "Again",
            }),
        )
        .await;
        assert_eq!(st, 409, "{dup}");
        let (st, bad) = post(
            "/api/v1/gsb/members",
            json!({
                "instance": "ID PESSEL",
                "member_class": "GOV",
                "member_code": "x",
                "name": "x",
            }),
        )
        .await;
        assert_refused(st, &bad, 422, "instance");
        let (_, simpus) = post(
            &format!("/api/v1/gsb/members/{}/subsystems", provider["id"]),
            json!({"code": "simpus", "name": "SIMPUS"}),
        )
        .await;
        let (_, sipd) = post(
            &format!("/api/v1/gsb/members/{}/subsystems", client_m["id"]),
            json!({"code": "sipd", "name": "SIPD", "rate_per_second": 1000}),
        )
        .await;
        let openapi = json!({
            "openapi": "3.0.0",
            "info": {"title": "Pasien", "version": "1"},
            "paths": {"/v1/items/{id}": {"get": {}}},
        })
        .to_string();
        let (st, svc) = post(
            &format!("/api/v1/gsb/subsystems/{}/services", simpus["id"]),
            json!({
                "code": "pasien",
                "title": "Data pasien",
                "base_url": up,
                "timeout_ms": 1000,
                "max_body_bytes": 1000,
                "openapi": openapi,
            }),
        )
        .await;
        assert_eq!(st, 200, "{svc}");
        let (st, bad) = post(
            &format!("/api/v1/gsb/subsystems/{}/services", simpus["id"]),
            json!({"code": "x", "title": "x", "base_url": "ftp://x"}),
        )
        .await;
        assert_refused(st, &bad, 422, "base_url");
        let (_, slow) = post(
            &format!("/api/v1/gsb/subsystems/{}/services", simpus["id"]),
            json!({
                "code": "lambat",
                "title": "Lambat",
                "base_url": format!("{up}/slow"),
                "timeout_ms": 300,
            }),
        )
        .await;
        let (_, down) = post(
            &format!("/api/v1/gsb/subsystems/{}/services", simpus["id"]),
            json!({
                "code": "mati",
                "title": "Mati",
                "base_url": "http://127.0.0.1:9",
                "max_body_bytes": 1000,
            }),
        )
        .await;
        let (_, cut) = post(
            &format!("/api/v1/gsb/subsystems/{}/services", simpus["id"]),
            json!({"code": "putus", "title": "Putus", "base_url": broken}),
        )
        .await;
        let (st, tok) = post(
            &format!("/api/v1/gsb/subsystems/{}/tokens", sipd["id"]),
            json!({"name": "sipd prod"}),
        )
        .await;
        assert_eq!(st, 200, "{tok}");
        let secret = tok["secret"].as_str().unwrap().to_string();
        let (_, other_tok) = post(
            &format!("/api/v1/gsb/subsystems/{}/tokens", simpus["id"]),
            json!({"name": "simpus"}),
        )
        .await;
        let (st, right) = post(
            &format!("/api/v1/gsb/services/{}/access", svc["id"]),
            json!({"client": "ID-PESSEL/GOV/bappeda/sipd", "method": "GET", "path": "/v1/items/*"}),
        )
        .await;
        assert_eq!(st, 200, "{right}");
        for id in [&slow["id"], &down["id"], &cut["id"]] {
            let (st, _) = post(
                &format!("/api/v1/gsb/services/{id}/access"),
                json!({"client": "ID-PESSEL/GOV/bappeda/sipd"}),
            )
            .await;
            assert_eq!(st, 200);
        }
        // An Operator PD manages only its own PD's member.
        let op = s.token_of("operator.kesehatan").await;
        let (st, _) = s
            .post(
                &format!("/api/v1/gsb/members/{}/subsystems", client_m["id"]),
                Some(&op),
                json!({"code": "x", "name": "x"}),
            )
            .await;
        assert_eq!(st, 403);
        let (st, _) = s
            .post(
                &format!("/api/v1/gsb/members/{}/subsystems", provider["id"]),
                Some(&op),
                json!({"code": "sik", "name": "SIK"}),
            )
            .await;
        assert_eq!(st, 200);

        let gw = Gw {
            base: format!("http://{}", s.running.gateway_addr.unwrap()),
            http: test_client(false),
        };
        let me = "ID-PESSEL/GOV/bappeda/sipd";
        let path = "/r1/ID-PESSEL/GOV/dinkes/simpus/pasien/v1/items/7?x=1&y=a%20b";

        // Success: the provider sees the path and query unmodified, the X-Road headers, and
        // neither the token nor hop-by-hop headers.
        let r = gw.call(Method::GET, path, me, Some(&secret)).await;
        assert_eq!(r.status(), 200);
        let xid = r.headers()["x-road-id"].to_str().unwrap().to_string();
        assert_eq!(xid.len(), 36);
        assert!(r.headers()["x-road-request-hash"].to_str().unwrap().len() > 80);
        assert_eq!(
            r.headers()["x-road-service"],
            "ID-PESSEL/GOV/dinkes/simpus/pasien"
        );
        let seen: Value = r.json().await.unwrap();
        assert_eq!(seen["uri"], "/v1/items/7?x=1&y=a%20b");
        assert_eq!(seen["headers"]["x-road-client"], me);
        assert_eq!(seen["headers"]["x-road-id"], xid.as_str());
        assert!(seen["headers"].get("x-padu-token").is_none());
        assert!(seen["headers"].get("x-secret-hop").is_none(), "{seen}");
        // The client's own X-Road-Id is kept.
        let r = gw
            .http
            .get(format!("{}{path}", gw.base))
            .header("X-Road-Client", me)
            .header("X-Padu-Token", &secret)
            .header("X-Road-Id", "client-chosen-id-1")
            .header("X-Road-UserId", "ID1234567890")
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["x-road-id"], "client-chosen-id-1");

        // PR-REST 4.3 "X-Road specific headers returned in the response", as in 6.2's
        // "Service response headers": `x-road-id`, `x-road-client`, `x-road-service`,
        // `x-road-request-id: f92591a3-6bf0-49b1-987b-0dd78c034cc3` and `x-road-request-hash:
        // Xvx9V2U5c5RhDUiXpVLtW7L8vTd5cM2IOBU2n9efEk7/m3ECKyGAp7yTpJpTWpo6HcmwSaGO+cinxMVKjxJTOQ==`
        // (base64 of a SHA-512). 4.3 "Optional X-Road headers": `X-Road-UserId: EE12345678901`
        // and `X-Road-Issue: MT324223MSD` reach the provider. Of two `X-Road-Client` headers
        // "the Security Server SHOULD use the last defined header"; parts are percent-encoded
        // (4.2), and the provider gets the client in one form.
        let r = gw
            .http
            .get(format!("{}{path}", gw.base))
            .header("X-Road-Client", "ID-PESSEL/GOV/dinkes/simpus")
            .header("X-Road-Client", "ID-PESSEL/GOV/bappeda/si%70d")
            .header("X-Padu-Token", &secret)
            .header("X-Road-UserId", "EE12345678901")
            .header("X-Road-Issue", "MT324223MSD")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let request_id = assert_uuid(&r, "x-road-request-id");
        assert_ne!(request_id, assert_uuid(&r, "x-road-id"));
        let hash = r.headers()["x-road-request-hash"].to_str().unwrap();
        // A SHA-512 in base64.
        assert_eq!(hash.len(), 88, "{hash}");
        assert!(hash.ends_with("=="), "{hash}");
        assert_eq!(r.headers()["x-road-client"], me);
        let seen: Value = r.json().await.unwrap();
        assert_eq!(seen["headers"]["x-road-client"], me, "{seen}");
        assert_eq!(seen["headers"]["x-road-userid"], "EE12345678901", "{seen}");
        assert_eq!(seen["headers"]["x-road-issue"], "MT324223MSD", "{seen}");
        // Each request gets its own X-Road-Request-Id.
        let again = gw.call(Method::GET, path, me, Some(&secret)).await;
        assert_ne!(assert_uuid(&again, "x-road-request-id"), request_id);
        // 4.6: "SHOULD respect the `Accept` header specified by the consumer information
        // system and return the X-Road error response using the suggested content type" (4.3's
        // example: `Accept: application/xml`); X-Road writes `<error>` with `type`, `message`
        // and `detail`.
        let r = gw
            .http
            .get(format!("{}/r1/ID-PESSEL/GOV/dinkes/simpus", gw.base))
            .header("X-Road-Client", me)
            .header("Accept", "application/xml")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(r.headers()["x-road-error"], "Client.BadRequest");
        assert_eq!(r.headers()["content-type"], "application/xml;charset=utf-8");
        assert_uuid(&r, "x-road-request-id");
        let xml = r.text().await.unwrap();
        assert_eq!(xml_text_of(&xml, "type"), "Client.BadRequest", "{xml}");
        assert!(!xml_text_of(&xml, "message").is_empty(), "{xml}");
        assert!(!xml_text_of(&xml, "detail").is_empty(), "{xml}");

        // Each defined error.
        let cases: Vec<Case> = vec![
            (
                Method::POST,
                path.into(),
                me,
                Some(&secret),
                500,
                "Server.ServerProxy.AccessDenied",
            ),
            (
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/pasien/v1/other".into(),
                me,
                Some(&secret),
                500,
                "Server.ServerProxy.AccessDenied",
            ),
            (
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/nope/v1".into(),
                me,
                Some(&secret),
                500,
                "Server.ServerProxy.UnknownService",
            ),
            (
                Method::GET,
                "/r1/ID-KALBAR/GOV/dinkes/simpus/pasien/v1".into(),
                me,
                Some(&secret),
                500,
                "Server.ClientProxy.UnknownInstance",
            ),
            (
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus".into(),
                me,
                Some(&secret),
                400,
                "Client.BadRequest",
            ),
            (
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/pasien/v1%2F..%2Fadmin".into(),
                me,
                Some(&secret),
                400,
                "Client.BadRequest",
            ),
            (
                Method::GET,
                path.into(),
                "ID-PESSEL/GOV",
                Some(&secret),
                400,
                "Client.BadRequest",
            ),
            (
                Method::GET,
                path.into(),
                me,
                None,
                400,
                "Client.Unauthorized",
            ),
            (
                Method::GET,
                path.into(),
                me,
                Some("pgsb_wrong"),
                400,
                "Client.Unauthorized",
            ),
            (
                Method::GET,
                path.into(),
                "ID-PESSEL/GOV/dinkes/simpus",
                Some(&secret),
                400,
                "Client.Unauthorized",
            ),
            (
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/lambat".into(),
                me,
                Some(&secret),
                500,
                "Server.ServerProxy.ServiceTimeout",
            ),
            (
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/mati/x".into(),
                me,
                Some(&secret),
                500,
                "Server.ServerProxy.ServiceUnreachable",
            ),
        ];
        for (method, p, client, token, status, kind) in cases {
            let r = gw.call(method.clone(), &p, client, token).await;
            eprintln!("case {method} {p} as {client}");
            assert_eq!(
                error_type(r).await,
                (status, kind.to_string()),
                "{method} {p} as {client}"
            );
        }
        // The other subsystem's own token does not make it the caller.
        let r = gw
            .call(Method::GET, path, me, other_tok["secret"].as_str())
            .await;
        assert_eq!(error_type(r).await.1, "Client.Unauthorized");
        // Too large, by its declared length.
        let r = gw
            .http
            .post(format!(
                "{}/r1/ID-PESSEL/GOV/dinkes/simpus/mati/big",
                gw.base
            ))
            .header("X-Road-Client", me)
            .header("X-Padu-Token", &secret)
            .body(vec![b'x'; 2000])
            .send()
            .await
            .unwrap();
        assert_eq!(error_type(r).await.1, "Client.RequestTooLarge");
        // A provider that hangs up mid-body. A small body is read whole before the response
        // starts, so the client gets an X-Road error; a large one streams, and the client's
        // response is cut, never completed.
        let r = gw
            .call(
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/putus/x",
                me,
                Some(&secret),
            )
            .await;
        assert_eq!(
            error_type(r).await,
            (500, "Server.ServerProxy.ServiceFailed".to_string())
        );
        let r = gw
            .call(
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/putus/besar",
                me,
                Some(&secret),
            )
            .await;
        assert_eq!(r.status(), 200);
        assert!(
            r.bytes().await.is_err(),
            "a cut response must not look complete"
        );

        // Metaservices. PR-META 2: listClients "can be invoked with simple HTTP GET" (no
        // X-Road-Client); "If the header value is `application/json` ... an application/json
        // response ... Otherwise, Security Server MUST respond with content-type `text/xml`".
        // Annex C.1's subsystem: `<ns2:name>Client One</ns2:name>` (the member's name) and
        // `<ns2:subsystemName>Client One Sub</ns2:subsystemName>`; in JSON `"name": "Client
        // One", "subsystem_name": "Client One Sub"`.
        let r = gw
            .http
            .get(format!("{}/listClients", gw.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/xml;charset=utf-8");
        let xml = r.text().await.unwrap();
        let sipd_xml = xml
            .split("<ns2:member>")
            .find(|m| m.contains("<ns1:subsystemCode>sipd</ns1:subsystemCode>"))
            .unwrap_or_else(|| panic!("{xml}"));
        assert!(
            sipd_xml.contains(r#"<ns2:id ns1:objectType="SUBSYSTEM">"#),
            "{xml}"
        );
        assert_eq!(xml_text_of(sipd_xml, "ns2:name"), "Bappeda", "{xml}");
        assert_eq!(xml_text_of(sipd_xml, "ns2:subsystemName"), "SIPD", "{xml}");
        assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#));
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("listClients XML does not parse: {e}: {xml}"),
            }
        }
        let r = gw
            .http
            .get(format!("{}/listClients", gw.base))
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let clients: Value = r.json().await.unwrap();
        let sipd_json = clients["member"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"]["subsystem_code"] == "sipd")
            .unwrap();
        assert_eq!(
            sipd_json,
            &json!({
                "id": {"member_class": "GOV", "member_code": "bappeda", "subsystem_code": "sipd",
                       "object_type": "SUBSYSTEM", "xroad_instance": "ID-PESSEL"},
                "name": "Bappeda", "subsystem_name": "SIPD"
            })
        );
        let r = gw
            .call(
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/listMethods",
                me,
                Some(&secret),
            )
            .await;
        let methods: Value = r.json().await.unwrap();
        let pasien = methods["service"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["service_code"] == "pasien")
            .unwrap();
        assert_eq!(
            pasien["endpoint_list"],
            json!([{"method": "GET", "path": "/v1/items/*"}])
        );
        assert_eq!(pasien["service_type"], "OPENAPI");
        let r = gw
            .call(
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/allowedMethods",
                me,
                Some(&secret),
            )
            .await;
        let allowed: Value = r.json().await.unwrap();
        assert_eq!(allowed["service"].as_array().unwrap().len(), 4);
        let r = gw
            .call(
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/getOpenAPI?serviceCode=pasien",
                me,
                Some(&secret),
            )
            .await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap()["info"]["title"], "Pasien");

        // Revoking takes effect at once.
        let (st, _) = s
            .delete(&format!("/api/v1/gsb/access/{}", right["id"]), Some(&admin))
            .await;
        assert_eq!(st, 200);
        let r = gw.call(Method::GET, path, me, Some(&secret)).await;
        assert_eq!(error_type(r).await.1, "Server.ServerProxy.AccessDenied");
        let (st, _) = s
            .delete(&format!("/api/v1/gsb/tokens/{}", tok["id"]), Some(&admin))
            .await;
        assert_eq!(st, 200);
        let r = gw.call(Method::GET, path, me, Some(&secret)).await;
        assert_eq!(error_type(r).await.1, "Client.Unauthorized");

        // Monitoring saw the traffic; the registry shows provider health.
        let (_, mon) = s
            .get("/api/v1/gsb/monitoring?minutes=5", Some(&admin))
            .await;
        assert!(
            mon.as_array()
                .unwrap()
                .iter()
                .any(|r| r["service"] == "ID-PESSEL/GOV/dinkes/simpus/pasien"
                    && r["requests"].as_u64() >= Some(3)),
            "{mon}"
        );
        let (_, default_window) = s.get("/api/v1/gsb/monitoring", Some(&admin)).await;
        check_prometheus(&s, &default_window).await;
        let (_, reg) = s.get("/api/v1/gsb/registry", Some(&op)).await;
        let mati = reg["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == "mati")
            .unwrap();
        assert!(mati["health"]["consecutive_failures"].as_u64() >= Some(1));

        // The message log: every exchange, errors included, chained and signed.
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let store = &s.running.state.store;
        let v = padu::gsb::msglog::verify(store, &mut |_, _| {})
            .await
            .unwrap();
        assert!(v.records >= 22, "{v:?}");
        assert!(v.batches >= 1);
        let out = s.dir.path().join("evidence");
        padu::gsb::msglog::export(store, &xid, &out, Some(s.dir.path()))
            .await
            .unwrap();
        let record: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("record.json")).unwrap())
                .unwrap();
        assert_eq!(record["x_road_id"], xid.as_str());
        assert_eq!(record["status"], 200);
        // Run VERIFY.md's commands as written (bash, sha256sum and openssl only); verify.sh
        // holds the same commands.
        let doc = std::fs::read_to_string(out.join("VERIFY.md")).unwrap();
        let script = doc
            .split("```sh\n")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap()
            .to_string();
        assert_eq!(
            std::fs::read_to_string(out.join("verify.sh")).unwrap(),
            script
        );
        let run = |script: &str| {
            let run = std::process::Command::new("bash")
                .arg("-c")
                .arg(script)
                .current_dir(&out)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&run.stdout).to_string()
                + &String::from_utf8_lossy(&run.stderr);
            (run.status.success(), text)
        };
        let (ok, text) = run(&script);
        assert!(ok, "{text}");
        assert!(text.contains("Signature Verified Successfully"), "{text}");
        assert!(text.contains("record is in the signed batch"), "{text}");
        assert!(text.contains("instance-cert.pem: OK"), "{text}");
        assert!(text.contains("the certificate names this key"), "{text}");
        // A tampered statement (its root left as it was) fails the signature, and the script
        // stops there: no success line, a failing exit status.
        let batch = std::fs::read_to_string(out.join("batch.txt")).unwrap();
        std::fs::write(out.join("batch.txt"), batch.replace("closed ", "closed 1")).unwrap();
        let (ok, text) = run(&script);
        assert!(!ok, "{text}");
        assert!(text.contains("Signature Verification Failure"), "{text}");
        assert!(!text.contains("record is in the signed batch"), "{text}");
        std::fs::write(out.join("batch.txt"), &batch).unwrap();
        let (ok, text) = run("sh verify.sh");
        assert!(ok, "the untampered bundle still passes: {text}");
        // A tampered record breaks the check.
        std::fs::write(out.join("record.json"), doc.replace("a", "b")).unwrap();
        let (ok, text) = run(&script);
        assert!(!ok, "{text}");
        assert!(!text.contains("record is in the signed batch"), "{text}");

        // Retention: what is batched moves to an archive file that verifies on its own; the
        // log still verifies (from the archive's anchor) and goes on growing.
        let archive = s.dir.path().join("archive-1.jsonl");
        let a = padu::gsb::archive::archive(
            store,
            padu::app::clock::system_now(),
            &archive,
            &mut |_, _| {},
        )
        .await
        .unwrap()
        .expect("there are batches to archive");
        assert_eq!(a.first_record, 1);
        assert!(a.last_record >= 22, "{a:?}");
        let f = padu::gsb::archive::verify_file(&archive).unwrap();
        assert_eq!(
            (f.last_record, f.last_chain.as_str()),
            (a.last_record, a.last_chain.as_str())
        );
        assert_eq!(f.sha256, a.file_sha256);
        assert!(
            store
                .messages_between(1, a.last_record)
                .await
                .unwrap()
                .is_empty(),
            "moved out"
        );
        assert!(
            padu::gsb::archive::archive(
                store,
                padu::app::clock::system_now(),
                &archive,
                &mut |_, _| {}
            )
            .await
            .unwrap()
            .is_none(),
            "nothing new to archive"
        );
        let (_, fresh) = post(
            &format!("/api/v1/gsb/subsystems/{}/tokens", sipd["id"]),
            json!({"name": "after archiving"}),
        )
        .await;
        let v = padu::gsb::msglog::verify(store, &mut |_, _| {})
            .await
            .unwrap();
        assert!(v.archived_batches >= 1 && v.records == 0, "{v:?}");
        let r = gw
            .call(
                Method::GET,
                "/r1/ID-PESSEL/GOV/dinkes/simpus/listMethods",
                me,
                Some(fresh["secret"].as_str().unwrap()),
            )
            .await;
        assert_eq!(r.status(), 200);
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let v = padu::gsb::msglog::verify(store, &mut |_, _| {})
            .await
            .unwrap();
        assert_eq!(v.records, 1, "{v:?}");
        assert!(
            padu::gsb::archive::archive(
                store,
                padu::app::clock::system_now(),
                &archive,
                &mut |_, _| {}
            )
            .await
            .is_err(),
            "an archive file is never overwritten"
        );
        let second = s.dir.path().join("archive-2.jsonl");
        let b = padu::gsb::archive::archive(
            store,
            padu::app::clock::system_now(),
            &second,
            &mut |_, _| {},
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(b.first_record, a.last_record + 1);
        let f = padu::gsb::archive::verify_file(&second).unwrap();
        assert_eq!(f.last_chain, b.last_chain);
        let v = padu::gsb::msglog::verify(store, &mut |_, _| {})
            .await
            .unwrap();
        assert_eq!(v.records, 0, "{v:?}");
        // A changed byte in an archive is found.
        let text = std::fs::read_to_string(&archive).unwrap();
        std::fs::write(
            &archive,
            text.replacen(r#"\"status\":200"#, r#"\"status\":201"#, 1),
        )
        .unwrap();
        let e = padu::gsb::archive::verify_file(&archive).unwrap_err();
        assert!(format!("{e:#}").contains("altered"), "{e:#}");
        s.running.stop().await;
    })
    .await;
}

/// `/metrics` as Prometheus's own parser (Python's prometheus_client) reads it: the gateway's
/// duration is a histogram in seconds whose buckets are cumulative and end in `+Inf` =
/// `_count`, and the request gauges count what `/api/v1/gsb/monitoring` shows by default.
async fn check_prometheus(s: &TestServer, monitoring: &Value) {
    let python = "/usr/bin/python3";
    let has_parser = std::process::Command::new(python)
        .args(["-c", "import prometheus_client.parser"])
        .status()
        .is_ok_and(|st| st.success());
    if !has_parser {
        assert!(
            std::env::var("PADU_REQUIRE_PROMETHEUS_PARSER").as_deref() != Ok("1"),
            "PADU_REQUIRE_PROMETHEUS_PARSER=1 but python3-prometheus-client is missing"
        );
        eprintln!("note: python3-prometheus-client not installed; skipping the /metrics check");
        return;
    }
    let text = get_text(&s.http, s.url("/metrics")).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("metrics.txt"), &text).unwrap();
    let script = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
for f in text_string_to_metric_families(open(sys.argv[1]).read()):
    out[f.name] = {"type": f.type, "help": f.documentation,
                   "samples": [[s.name, s.labels, s.value] for s in f.samples]}
print(json.dumps(out))
"#;
    let run = std::process::Command::new(python)
        .args(["-c", script, "metrics.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}\n{text}",
        String::from_utf8_lossy(&run.stderr)
    );
    let families: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(families.get("padu_gsb_latency_ms").is_none());
    // The message log's backlog: a gauge, and a counter of exchanges that waited for it
    // (none at this load).
    let backlog = &families["padu_gsb_log_backlog_records"];
    assert_eq!(backlog["type"], "gauge", "{text}");
    assert!(
        backlog["samples"][0][2].as_f64().unwrap() >= 0.0,
        "{backlog}"
    );
    let waits = &families["padu_gsb_log_backlog_waits"];
    assert_eq!(waits["type"], "counter", "{text}");
    assert_eq!(waits["samples"][0][0], "padu_gsb_log_backlog_waits_total");
    assert_eq!(waits["samples"][0][2], 0.0, "{waits}");
    let h = &families["padu_gsb_request_duration_seconds"];
    assert_eq!(h["type"], "histogram", "{text}");
    assert!(h["help"].as_str().unwrap().contains("15m"), "{h}");
    let samples = h["samples"].as_array().unwrap();
    let service = "ID-PESSEL/GOV/dinkes/simpus/pasien";
    let of = |suffix: &str| -> Vec<(f64, f64)> {
        samples
            .iter()
            .filter(|x| {
                x[0] == format!("padu_gsb_request_duration_seconds{suffix}")
                    && x[1]["service"] == service
            })
            .map(|x| {
                let le = x[1]["le"].as_str().map_or(0.0, |le| {
                    if le == "+Inf" {
                        f64::INFINITY
                    } else {
                        le.parse().unwrap()
                    }
                });
                (le, x[2].as_f64().unwrap())
            })
            .collect()
    };
    let buckets = of("_bucket");
    assert!(buckets.len() > 10, "{buckets:?}");
    for pair in buckets.windows(2) {
        assert!(pair[0].0 < pair[1].0, "bounds rise: {pair:?}");
        assert!(pair[0].1 <= pair[1].1, "buckets are cumulative: {pair:?}");
    }
    let count = of("_count")[0].1;
    assert_eq!(buckets.last().unwrap(), &(f64::INFINITY, count));
    let sum = of("_sum")[0].1;
    assert!(
        sum > 0.0 && sum < count * 10.0,
        "seconds, not milliseconds: {sum}"
    );
    // The gauges' window is the monitoring API's default one.
    let requests = families["padu_gsb_requests"]["samples"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x[1]["service"] == service)
        .map(|x| x[2].as_f64().unwrap())
        .sum::<f64>();
    let shown = monitoring
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["service"] == service)
        .map(|r| r["requests"].as_f64().unwrap())
        .sum::<f64>();
    assert_eq!(requests, shown, "{monitoring}");
    assert_eq!(count, shown, "nothing older than the window yet");
}

/// The text of the first `<name>` element in `xml`.
fn xml_text_of(xml: &str, name: &str) -> String {
    xml.split(&format!("<{name}>"))
        .nth(1)
        .and_then(|rest| rest.split(&format!("</{name}>")).next())
        .unwrap_or_default()
        .to_string()
}

/// Programs use the service bus registry through the documented API (PRODUCT.md: "through the
/// JSON API, documented in OpenAPI"): every route of it is in /api/openapi.json.
#[tokio::test]
async fn openapi_documents_every_service_bus_route() {
    demo_on_both_engines(async |s| {
        let (status, doc) = s.get("/api/openapi.json", None).await;
        assert_eq!(status, 200);
        let routes = [
            ("get", "/api/v1/gsb/registry"),
            ("post", "/api/v1/gsb/members"),
            ("post", "/api/v1/gsb/members/{id}/subsystems"),
            ("post", "/api/v1/gsb/subsystems/{id}/services"),
            ("put", "/api/v1/gsb/services/{id}"),
            ("post", "/api/v1/gsb/services/{id}/access"),
            ("post", "/api/v1/gsb/services/{id}/clearance"),
            ("delete", "/api/v1/gsb/access/{id}"),
            ("get", "/api/v1/gsb/subsystems/{id}/tokens"),
            ("post", "/api/v1/gsb/subsystems/{id}/tokens"),
            ("delete", "/api/v1/gsb/tokens/{id}"),
            ("get", "/api/v1/gsb/monitoring"),
            ("get", "/api/v1/gsb/ca.pem"),
            ("get", "/api/v1/gsb/crl.pem"),
            ("get", "/api/v1/gsb/ca"),
            ("get", "/api/v1/gsb/subsystems/{id}/certificates"),
            ("post", "/api/v1/gsb/subsystems/{id}/certificates"),
            ("post", "/api/v1/gsb/certificates/{id}/renew"),
            ("post", "/api/v1/gsb/certificates/{id}/revoke"),
            ("get", "/api/v1/gsb/federation"),
            ("post", "/api/v1/gsb/federation"),
            ("delete", "/api/v1/gsb/federation/{id}"),
        ];
        for (method, path) in routes {
            let op = &doc["paths"][path][method];
            assert!(op.is_object(), "{method} {path} is not documented");
            assert_eq!(op["tags"][0], "service-bus", "{method} {path}");
        }
        let documented: std::collections::BTreeSet<&str> = doc["paths"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|p| p.starts_with("/api/v1/gsb/"))
            .collect();
        let listed: std::collections::BTreeSet<&str> = routes.iter().map(|r| r.1).collect();
        assert_eq!(
            documented, listed,
            "the documented gsb paths are the listed ones"
        );
        // The documented routes are the served ones: the public CA answers without a token.
        let ca = s
            .http
            .get(s.url("/api/v1/gsb/ca.pem"))
            .send()
            .await
            .unwrap();
        assert_eq!(ca.status(), 200);
        assert!(ca
            .text()
            .await
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----"));
    })
    .await;
}

/// A crash after records were acknowledged (in the journal) but before they reached the
/// database: the next start indexes and batches them, and the log verifies whole.
#[tokio::test]
async fn acknowledged_records_only_in_the_journal_are_indexed_at_the_next_start() {
    padu_store::testing::on_both_engines(async |t| {
        let (url, dir) = (t.url.clone(), t.data_dir());
        // Each runtime stands for one process, so that the first can die with its tasks; they
        // run on a thread of their own, outside the test's runtime.
        let processes = tokio::task::spawn_blocking(move || crash_and_restart(&url, &dir));
        if let Err(failed) = processes.await {
            std::panic::resume_unwind(failed.into_panic());
        }
    })
    .await;
}

/// Writes three records in one "process", kills it, journals two more as acknowledged but not
/// stored, and checks that the next "process" indexes them.
fn crash_and_restart(url: &str, dir: &std::path::Path) {
    use padu::gsb::journal::{Journal, Logged};
    use padu::gsb::msglog::{journal_dir, verify, verify_journal, MessageLog};
    let before = tokio::runtime::Runtime::new().unwrap();
    before.block_on(async {
        let store = padu_store::Store::open(url).await.unwrap();
        let key = padu::keys::InstanceKey::load_or_create(dir).unwrap();
        store
            .register_signing_key(
                &key.fingerprint(),
                &key.public_pem(),
                padu::app::clock::system_now(),
            )
            .await
            .unwrap();
        let log = MessageLog::start(store.clone(), key, "ID-T".into(), dir)
            .await
            .unwrap();
        for n in 1..=3 {
            assert_eq!(
                log.write(padu_store::testing::sample_message(n))
                    .await
                    .unwrap(),
                n
            );
        }
        log.settled().await;
    });
    // The process dies: its tasks stop where they are.
    drop(before);
    // One thread, as a gateway thread's runtime is: what ends in one turn is one group.
    let after = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    after.block_on(async {
        let store = padu_store::Store::open(url).await.unwrap();
        let (head, mut chain) = store.message_log_head().await.unwrap();
        assert_eq!(head, 3);
        // Records 4 and 5 were written to the journal and acknowledged; then the crash.
        let mut journal = Journal::open(&journal_dir(dir), 4).unwrap();
        for n in 4..=5 {
            let message = padu_store::testing::sample_message(n);
            let leaf = padu_domain::gsb::sha256_hex(message.record.as_bytes());
            chain = padu_domain::gsb::chain_next(&chain, &leaf);
            let tail = padu::gsb::journal::prepare(&message).unwrap();
            journal
                .append(
                    &Logged {
                        id: n,
                        leaf,
                        chain: chain.clone(),
                        message,
                    },
                    &tail,
                )
                .unwrap();
        }
        assert_eq!(verify_journal(&store, dir).await.unwrap(), 2);

        let key = padu::keys::InstanceKey::load_or_create(dir).unwrap();
        let log = MessageLog::start(store.clone(), key, "ID-T".into(), dir)
            .await
            .unwrap();
        assert_eq!(store.message_log_head().await.unwrap(), (5, chain));
        let v = verify(&store, &mut |_, _| {}).await.unwrap();
        assert_eq!((v.records, v.unbatched), (5, 0), "{v:?}");
        assert_eq!(verify_journal(&store, dir).await.unwrap(), 0);
        let kept = store.messages_with_bodies(4, 4).await.unwrap();
        assert_eq!(kept[0].2.as_deref(), Some(&[4u8; 3][..]), "bodies survive");
        assert_eq!(
            log.write(padu_store::testing::sample_message(6))
                .await
                .unwrap(),
            6
        );
        // Exchanges ending in the same turn of the runtime share one journal write, and
        // every one still gets its own number, in order.
        let writes = log.journal_writes();
        let ids = futures_util::future::join_all(
            (7..=26).map(|n| log.write(padu_store::testing::sample_message(n))),
        )
        .await;
        let ids: Vec<i64> = ids.into_iter().map(Result::unwrap).collect();
        assert_eq!(ids, (7..=26).collect::<Vec<_>>());
        assert_eq!(log.journal_writes() - writes, 1, "one write for the turn");
        log.settled().await;
        assert_eq!(store.message_log_head().await.unwrap().0, 26);
        let v = verify(&store, &mut |_, _| {}).await.unwrap();
        assert_eq!(v.records, 26, "{v:?}");
        assert_eq!(
            padu::gsb::journal::segments(&journal_dir(dir))
                .unwrap()
                .len(),
            1,
            "indexed segments are removed"
        );
    });
}

/// A provider's backend address (and its OpenAPI address) is for the Dinas and the providing
/// PD only, in the registry's API and on its page; everyone else signed in reads the registry
/// without them. Both engines.
#[tokio::test]
async fn backend_addresses_only_for_the_dinas_and_the_providing_pd() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let dinkes = s.pd_id("dinas-kesehatan").await;
        let (st, provider) = s
            .post(
                "/api/v1/gsb/members",
                Some(&admin),
                json!({
                    "instance": "ID-PESSEL",
                    "member_class": "GOV",
                    "member_code": "dinkes",
                    "name": "Dinas Kesehatan",
                    "pd_id": dinkes,
                }),
            )
            .await;
        assert_eq!(st, 200, "{provider}");
        let (st, simpus) = s
            .post(
                &format!("/api/v1/gsb/members/{}/subsystems", provider["id"]),
                Some(&admin),
                json!({"code": "simpus", "name": "SIMPUS"}),
            )
            .await;
        assert_eq!(st, 200, "{simpus}");
        let (st, svc) = s
            .post(
                &format!("/api/v1/gsb/subsystems/{}/services", simpus["id"]),
                Some(&admin),
                json!({
                    "code": "pasien",
                    "title": "Data pasien",
                    "base_url": "http://10.20.30.40:8080/simpus",
                    "openapi_url": "http://10.20.30.40:8080/openapi.json",
                }),
            )
            .await;
        assert_eq!(st, 200, "{svc}");
        for (user, sees) in [
            ("admin", true),
            ("operator.kesehatan", true),
            ("operator.kominfo", false),
            ("auditor", false),
            ("pimpinan", false),
            ("koordinator", false),
        ] {
            let password = password_of(user);
            let token = s.token(user, password).await;
            let (st, reg) = s.get("/api/v1/gsb/registry", Some(&token)).await;
            assert_eq!(st, 200);
            let service = &reg["services"][0];
            assert_eq!(service["code"], "pasien", "{reg}");
            assert_eq!(service.get("base_url").is_some(), sees, "{user}: {service}");
            assert_eq!(
                reg.to_string().contains("10.20.30.40"),
                sees,
                "{user}: no backend address anywhere"
            );
            let ui = signed_in(&s, user, password).await;
            let page = get_text(&ui, s.url("/penghubung")).await;
            assert!(page.contains("pasien"), "{user}: the service is listed");
            assert_eq!(page.contains("10.20.30.40"), sees, "{user}: the page");
        }
        let (st, _) = s.get("/api/v1/gsb/registry", None).await;
        assert_eq!(st, 401);
    })
    .await;
}
