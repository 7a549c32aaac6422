//! The service bus's trust on both engines: the instance CA issues client certificates (from an
//! openssl-made CSR, or with a key made by Padu) that `openssl verify` accepts; curl, an
//! ordinary X-Road REST client, calls the TLS gateway with one; a revocation refuses it at the
//! next request and shows in the CRL; and two instances on loopback federate: a client of A
//! calls a service of B through both gateways over mutual TLS, B enforces the access right, and
//! both message logs hold the exchange.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// The provider: echoes the request line and the X-Road headers it got.
async fn upstream() -> String {
    let app = axum::Router::new().fallback(|req: axum::extract::Request| async move {
        let h = |n: &str| {
            req.headers()
                .get(n)
                .map(|v| v.to_str().unwrap_or("").to_string())
        };
        axum::Json(json!({
            "method": req.method().as_str(),
            "uri": req.uri().to_string(),
            "client": h("x-road-client"),
            "id": h("x-road-id"),
        }))
    });
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    format!("http://{addr}")
}

fn openssl(args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// curl through a TLS gateway: (HTTP status, X-Road-Error, body).
fn curl(
    dir: &Path,
    url: &str,
    ca: &str,
    cert: Option<(&str, &str)>,
    client: &str,
    method: &str,
) -> (u16, String, Value) {
    let mut c = Command::new("curl");
    c.current_dir(dir)
        .args([
            "-s",
            "-S",
            "--max-time",
            "30",
            "-X",
            method,
            "--cacert",
            ca,
            "-D",
            "headers.txt",
            "-o",
            "body.txt",
        ])
        .args(["-w", "%{http_code}", "-H"])
        .arg(format!("X-Road-Client: {client}"));
    if let Some((cert, key)) = cert {
        c.args(["--cert", cert, "--key", key]);
    }
    let out = c.arg(url).output().expect("curl runs");
    let status: u16 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    assert!(
        status != 0,
        "curl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let headers = std::fs::read_to_string(dir.join("headers.txt")).unwrap();
    let error = headers
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("x-road-error")
                .then(|| value.trim().to_string())
        })
        .unwrap_or_default();
    let body = std::fs::read_to_string(dir.join("body.txt")).unwrap();
    let body = serde_json::from_str(&body).unwrap_or(Value::String(body));
    (status, error, body)
}

/// The arguments of an instance `code` whose gateway speaks TLS.
fn instance(code: &str) -> impl Fn(&mut padu::config::ServeArgs) + '_ {
    move |a| {
        with_gateway(a);
        a.gateway_plain = false;
        a.gsb_instance = Some(code.to_string());
    }
}

async fn text(s: &TestServer, path: &str) -> String {
    let r = s.http.get(s.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    r.text().await.unwrap()
}

async fn logged(s: &TestServer, x_road_id: &str) -> Vec<Value> {
    s.running.state.gsb.log.settled().await;
    s.running
        .state
        .store
        .messages_by_xroad_id(x_road_id)
        .await
        .unwrap()
        .iter()
        .map(|m| serde_json::from_str(&m.record).unwrap())
        .collect()
}

// curl and openssl run as blocking child processes while the servers serve on other workers.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn certificates_mutual_tls_revocation_and_federation() {
    demo_on_both_engines_with(instance("ID-PROV"), async |a| {
        let b = a.another_with(instance("ID-KAB")).await;
        let work = tempfile::tempdir().unwrap();
        let dir = work.path();
        let admin_a = a.token_of("admin").await;
        let admin_b = b.token_of("admin").await;
        let up = upstream().await;
        std::fs::write(dir.join("ca-a.pem"), text(&a, "/api/v1/gsb/ca.pem").await).unwrap();
        std::fs::write(dir.join("ca-b.pem"), text(&b, "/api/v1/gsb/ca.pem").await).unwrap();
        let gw_a = format!(
            "https://127.0.0.1:{}",
            a.running.gateway_addr.unwrap().port()
        );
        let gw_b = format!(
            "https://127.0.0.1:{}",
            b.running.gateway_addr.unwrap().port()
        );

        // On A: a provider and a client subsystem with a right.
        let portal = a
            .bus_subsystem(&admin_a, "ID-PROV", "diskominfo", "portal")
            .await;
        let sipd = a
            .bus_subsystem(&admin_a, "ID-PROV", "bappeda", "sipd")
            .await;
        let svc = a
            .post_ok(
                &admin_a,
                &format!("/api/v1/gsb/subsystems/{sipd}/services"),
                json!({"code": "anggaran", "title": "Anggaran", "base_url": up}),
            )
            .await;
        a.post_ok(
            &admin_a,
            &format!("/api/v1/gsb/services/{}/access", svc["id"]),
            json!({"client": "ID-PROV/GOV/diskominfo/portal", "method": "GET", "path": "/v1/**"}),
        )
        .await;

        // A certificate from the client's own CSR (the key never leaves the client).
        let (ok, out) = openssl(
            &[
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "portal-key.pem",
                "-out",
                "portal.csr",
                "-subj",
                "/CN=ignored",
            ],
            dir,
        );
        assert!(ok, "{out}");
        let csr = std::fs::read_to_string(dir.join("portal.csr")).unwrap();
        let cert = a
            .post_ok(
                &admin_a,
                &format!("/api/v1/gsb/subsystems/{portal}/certificates"),
                json!({"csr_pem": csr}),
            )
            .await;
        assert!(
            cert.get("key_pem").is_none(),
            "no key when the CSR brought one"
        );
        assert_eq!(cert["subject"], "ID-PROV/GOV/diskominfo/portal");
        std::fs::write(dir.join("portal.pem"), cert["cert_pem"].as_str().unwrap()).unwrap();
        let (ok, out) = openssl(&["verify", "-CAfile", "ca-a.pem", "portal.pem"], dir);
        assert!(ok && out.contains("portal.pem: OK"), "{out}");
        let (ok, out) = openssl(
            &[
                "x509",
                "-in",
                "portal.pem",
                "-noout",
                "-subject",
                "-ext",
                "extendedKeyUsage",
            ],
            dir,
        );
        assert!(
            ok && out.contains("ID-PROV/GOV/diskominfo/portal")
                && out.contains("TLS Web Client Authentication"),
            "{out}"
        );
        // A CSR whose signature does not verify is refused, naming the field.
        let tampered = {
            use base64::Engine;
            let b64: String = csr.lines().filter(|l| !l.starts_with("-----")).collect();
            let mut der = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            let n = der.len();
            der[n - 90] ^= 0x01; // inside the public key, which the signature covers
            let b64 = base64::engine::general_purpose::STANDARD.encode(der);
            format!(
                "-----BEGIN CERTIFICATE REQUEST-----\n{b64}\n-----END CERTIFICATE REQUEST-----\n"
            )
        };
        let (st, bad) = a
            .post(
                &format!("/api/v1/gsb/subsystems/{portal}/certificates"),
                Some(&admin_a),
                json!({"csr_pem": tampered}),
            )
            .await;
        assert_refused(st, &bad, 422, "csr_pem");
        // A certificate whose key Padu makes (shown once), renewed into a second one.
        let made = a
            .post_ok(
                &admin_a,
                &format!("/api/v1/gsb/subsystems/{portal}/certificates"),
                json!({}),
            )
            .await;
        std::fs::write(dir.join("made.pem"), made["cert_pem"].as_str().unwrap()).unwrap();
        std::fs::write(dir.join("made-key.pem"), made["key_pem"].as_str().unwrap()).unwrap();
        let (ok, out) = openssl(&["verify", "-CAfile", "ca-a.pem", "made.pem"], dir);
        assert!(ok, "{out}");
        let renewed = a
            .post_ok(
                &admin_a,
                &format!("/api/v1/gsb/certificates/{}/renew", made["id"]),
                json!({}),
            )
            .await;
        assert_eq!(renewed["renews_id"], made["id"]);
        assert_ne!(renewed["serial"], made["serial"]);
        // Only the Dinas or the member's own PD may issue.
        let op = a.token_of("operator.kesehatan").await;
        let (st, _) = a
            .post(
                &format!("/api/v1/gsb/subsystems/{portal}/certificates"),
                Some(&op),
                json!({}),
            )
            .await;
        assert_eq!(st, 403);

        // curl, an unmodified X-Road REST client, over mutual TLS.
        let me = "ID-PROV/GOV/diskominfo/portal";
        let local = format!("{gw_a}/r1/ID-PROV/GOV/bappeda/sipd/anggaran/v1/pagu/2026");
        let (st, err, body) = curl(
            dir,
            &local,
            "ca-a.pem",
            Some(("portal.pem", "portal-key.pem")),
            me,
            "GET",
        );
        assert_eq!((st, err.as_str()), (200, ""), "{body}");
        assert_eq!(body["client"], me);
        assert_eq!(body["uri"], "/v1/pagu/2026");
        let (st, err, _) = curl(dir, &local, "ca-a.pem", None, me, "GET");
        assert_eq!((st, err.as_str()), (400, "Client.Unauthorized"));
        let (st, err, _) = curl(
            dir,
            &local,
            "ca-a.pem",
            Some(("portal.pem", "portal-key.pem")),
            "ID-PROV/GOV/bappeda/sipd",
            "GET",
        );
        assert_eq!(
            (st, err.as_str()),
            (400, "Client.Unauthorized"),
            "a certificate speaks only for its subsystem"
        );
        let (st, _, _) = curl(
            dir,
            &local,
            "ca-a.pem",
            Some(("made.pem", "made-key.pem")),
            me,
            "GET",
        );
        assert_eq!(st, 200);

        // An https provider whose certificate the instance CA signed (openssl s_server).
        let ca_key = a.dir.path().join("keys/gsb-ca-key.pem");
        let ca_key = ca_key.to_str().unwrap();
        std::fs::write(
            dir.join("ext.cnf"),
            "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        for args in [
            vec![
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "srv-key.pem",
                "-out",
                "srv.csr",
                "-subj",
                "/CN=provider",
            ],
            vec![
                "x509",
                "-req",
                "-in",
                "srv.csr",
                "-CA",
                "ca-a.pem",
                "-CAkey",
                ca_key,
                "-set_serial",
                "7",
                "-days",
                "1",
                "-extfile",
                "ext.cnf",
                "-out",
                "srv.pem",
            ],
        ] {
            let (ok, out) = openssl(&args, dir);
            assert!(ok, "{out}");
        }
        std::fs::create_dir_all(dir.join("v1")).unwrap();
        std::fs::write(dir.join("v1/data.json"), r#"{"dari":"https"}"#).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut tls_provider = Command::new("openssl")
            .args(["s_server", "-quiet", "-accept"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-cert", "srv.pem", "-key", "srv-key.pem", "-WWW"])
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("openssl s_server starts");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let berkas = a
            .post_ok(
                &admin_a,
                &format!("/api/v1/gsb/subsystems/{sipd}/services"),
                json!({
                    "code": "berkas",
                    "title": "Berkas",
                    "base_url": format!("https://127.0.0.1:{port}"),
                }),
            )
            .await;
        a.post_ok(
            &admin_a,
            &format!("/api/v1/gsb/services/{}/access", berkas["id"]),
            json!({"client": me, "method": "GET", "path": "/v1/**"}),
        )
        .await;
        let (st, err, body) = curl(
            dir,
            &format!("{gw_a}/r1/ID-PROV/GOV/bappeda/sipd/berkas/v1/data.json"),
            "ca-a.pem",
            Some(("portal.pem", "portal-key.pem")),
            me,
            "GET",
        );
        let _ = tls_provider.kill();
        let _ = tls_provider.wait();
        assert_eq!((st, err.as_str()), (200, ""), "{body}");
        assert_eq!(body["dari"], "https");

        // Federation: each trusts the other's CA; B registers A's client and grants it GET.
        a.post_ok(
            &admin_a,
            "/api/v1/gsb/federation",
            json!({
                "instance": "ID-KAB",
                "gateway_url": gw_b,
                "ca_cert_pem": std::fs::read_to_string(dir.join("ca-b.pem")).unwrap(),
            }),
        )
        .await;
        let fed_b = b
            .post_ok(
                &admin_b,
                "/api/v1/gsb/federation",
                json!({
                    "instance": "ID-PROV",
                    "gateway_url": gw_a,
                    "ca_cert_pem": std::fs::read_to_string(dir.join("ca-a.pem")).unwrap(),
                }),
            )
            .await;
        let (st, bad) = b
            .post(
                "/api/v1/gsb/federation",
                Some(&admin_b),
                json!({
                    "instance": "ID-X",
                    "gateway_url": "https://x",
                    "ca_cert_pem": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
                }),
            )
            .await;
        assert_refused(st, &bad, 422, "ca_cert_pem");
        let simpus = b
            .bus_subsystem(&admin_b, "ID-KAB", "dinkes", "simpus")
            .await;
        let pasien = b
            .post_ok(
                &admin_b,
                &format!("/api/v1/gsb/subsystems/{simpus}/services"),
                json!({"code": "pasien", "title": "Pasien", "base_url": up}),
            )
            .await;
        b.bus_subsystem(&admin_b, "ID-PROV", "diskominfo", "portal")
            .await;
        b.post_ok(
            &admin_b,
            &format!("/api/v1/gsb/services/{}/access", pasien["id"]),
            json!({"client": me, "method": "GET", "path": "/v1/items/*"}),
        )
        .await;

        let remote = format!("{gw_a}/r1/ID-KAB/GOV/dinkes/simpus/pasien/v1/items/5");
        let (st, err, body) = curl(
            dir,
            &remote,
            "ca-a.pem",
            Some(("portal.pem", "portal-key.pem")),
            me,
            "GET",
        );
        assert_eq!((st, err.as_str()), (200, ""), "{body}");
        assert_eq!(body["client"], me, "B's provider sees A's client");
        let id = body["id"].as_str().unwrap().to_string();
        // PR-REST 4.3 "Request hash header": "The request hash header MUST be automatically
        // created by the service provider's Security Server and it MUST be verified by the
        // service client's Security Server" (example `X-Road-Request-Hash:
        // 14sEri8SmLNy/DJyTob0ZddAskmdRy5ZUyhbr33iLkaA+gLpWcivUH16fzbuIs7hhs2AnA4lJDloyIihXMlVQA==`):
        // A passes B's hash on, and both logs hold that same hash.
        let response_header = |name: &str| {
            std::fs::read_to_string(dir.join("headers.txt"))
                .unwrap()
                .lines()
                .find_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
                })
                .unwrap_or_else(|| panic!("no {name} in the response"))
        };
        let request_hash = response_header("x-road-request-hash");
        assert_eq!(request_hash.len(), 88, "{request_hash}");
        assert_eq!(response_header("x-road-request-id").len(), 36);
        for (side, s) in [("A", &a), ("B", &b)] {
            let records = logged(s, &id).await;
            assert_eq!(
                records.len(),
                1,
                "{side} logged the exchange once: {records:?}"
            );
            assert_eq!(records[0]["client"], me);
            assert_eq!(records[0]["service"], "ID-KAB/GOV/dinkes/simpus/pasien");
            assert_eq!(records[0]["status"], 200);
            assert_eq!(
                records[0]["request_hash"], request_hash,
                "{side}'s record holds the hash B made"
            );
        }
        // B decides access: POST is not granted, and A passes B's verdict on (and logs it).
        let (st, err, body) = curl(
            dir,
            &remote,
            "ca-a.pem",
            Some(("portal.pem", "portal-key.pem")),
            me,
            "POST",
        );
        assert_eq!(
            (st, err.as_str()),
            (500, "Server.ServerProxy.AccessDenied"),
            "{body}"
        );
        let records = logged(&a, body["detail"].as_str().unwrap()).await;
        assert_eq!(records[0]["error"], "Server.ServerProxy.AccessDenied");
        // An instance nobody federated with.
        let (st, err, _) = curl(
            dir,
            &format!("{gw_a}/r1/ID-XYZ/GOV/x/y/z"),
            "ca-a.pem",
            Some(("portal.pem", "portal-key.pem")),
            me,
            "GET",
        );
        assert_eq!(
            (st, err.as_str()),
            (500, "Server.ClientProxy.UnknownInstance")
        );
        // B's gateway does not take A's client certificate directly: A's clients come through A.
        let direct = format!("{gw_b}/r1/ID-KAB/GOV/dinkes/simpus/pasien/v1/items/5");
        let (st, err, _) = curl(
            dir,
            &direct,
            "ca-b.pem",
            Some(("portal.pem", "portal-key.pem")),
            me,
            "GET",
        );
        assert_eq!((st, err.as_str()), (400, "Client.Unauthorized"));

        // Revocation takes effect at the next request, and the CRL says so to openssl.
        let (st, rev) = a
            .post(
                &format!("/api/v1/gsb/certificates/{}/revoke", cert["id"]),
                Some(&admin_a),
                json!({"reason": "laptop lost"}),
            )
            .await;
        assert_eq!(st, 200, "{rev}");
        let (st, err, _) = curl(
            dir,
            &local,
            "ca-a.pem",
            Some(("portal.pem", "portal-key.pem")),
            me,
            "GET",
        );
        assert_eq!((st, err.as_str()), (400, "Client.Unauthorized"));
        let (st, _, _) = curl(
            dir,
            &local,
            "ca-a.pem",
            Some(("made.pem", "made-key.pem")),
            me,
            "GET",
        );
        assert_eq!(st, 200, "the subsystem's other certificate still works");
        std::fs::write(dir.join("crl.pem"), text(&a, "/api/v1/gsb/crl.pem").await).unwrap();
        let (ok, out) = openssl(
            &[
                "verify",
                "-crl_check",
                "-CAfile",
                "ca-a.pem",
                "-CRLfile",
                "crl.pem",
                "portal.pem",
            ],
            dir,
        );
        assert!(!ok && out.contains("revoked"), "{out}");
        let (ok, out) = openssl(
            &[
                "verify",
                "-crl_check",
                "-CAfile",
                "ca-a.pem",
                "-CRLfile",
                "crl.pem",
                "made.pem",
            ],
            dir,
        );
        assert!(ok, "{out}");

        // B stops trusting A: A's calls no longer get through.
        let (st, _) = b
            .delete(
                &format!("/api/v1/gsb/federation/{}", fed_b["id"]),
                Some(&admin_b),
            )
            .await;
        assert_eq!(st, 200);
        // (On A's pooled connection B refuses the request; on a new one, the handshake.)
        let (st, err, _) = curl(
            dir,
            &remote,
            "ca-a.pem",
            Some(("made.pem", "made-key.pem")),
            me,
            "GET",
        );
        assert!(
            [
                (400, "Client.Unauthorized"),
                (500, "Server.ServerProxy.ServiceUnreachable")
            ]
            .contains(&(st, err.as_str())),
            "{st} {err}"
        );

        // Both logs verify.
        for s in [&a, &b] {
            s.running.state.gsb.log.settled().await;
            let v = padu::gsb::msglog::verify(&s.running.state.store, &mut |_, _| {})
                .await
                .unwrap();
            assert!(v.records >= 3, "{v:?}");
        }
    })
    .await;
}

/// A stand-in for another instance's gateway: HTTPS on loopback with a certificate from a CA
/// made here, answering every request 200 with `FAKE_BODY` and, if given, that
/// `X-Road-Request-Hash`. Returns its URL and its CA certificate (PEM).
async fn fake_gateway(request_hash: Option<&'static str>) -> (String, String) {
    use rcgen::{
        BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, KeyPair,
        KeyUsagePurpose,
    };
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = ca.self_signed(&ca_key).unwrap();
    let srv_key = KeyPair::generate().unwrap();
    let mut srv =
        CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    srv.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let srv = srv.signed_by(&srv_key, &ca, &ca_key).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![srv.der().clone()],
        rustls::pki_types::PrivatePkcs8KeyDer::from(srv_key.serialize_der()).into(),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = l.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let answer = hyper::service::service_fn(move |_req| async move {
                    let mut r = hyper::Response::builder()
                        .status(200)
                        .header("content-type", "application/json");
                    if let Some(h) = request_hash {
                        r = r.header("x-road-request-hash", h);
                    }
                    r.body(http_body_util::Full::new(bytes::Bytes::from_static(
                        FAKE_BODY.as_bytes(),
                    )))
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), answer)
                    .await;
            });
        }
    });
    (format!("https://127.0.0.1:{}", addr.port()), ca.pem())
}

const FAKE_BODY: &str = r#"{"from":"the fake gateway"}"#;

/// PR-REST 4.3: "The request hash header MUST be automatically created by the service
/// provider's Security Server and it MUST be verified by the service client's Security
/// Server". A federated gateway (a fake one here) answering with a wrong hash, or with none,
/// is refused with `Server.ClientProxy.InconsistentResponse`, and its body is not passed on.
/// The check is the gateway's own and the same on both engines; both run, as the setup is cheap.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn federated_response_with_a_wrong_or_missing_request_hash_is_refused() {
    let wrong =
        "14sEri8SmLNy/DJyTob0ZddAskmdRy5ZUyhbr33iLkaA+gLpWcivUH16fzbuIs7hhs2AnA4lJDloyIihXMlVQA==";
    // A's gateway speaks plain HTTP to its client (the token authenticates it); towards the
    // federated instance it speaks TLS, trusting only that instance's CA.
    gateway_on_both_engines(async |a| {
        let admin = a.token_of("admin").await;
        let instance = a.running.state.gsb.instance.clone();
        let portal = a
            .bus_subsystem(&admin, &instance, "diskominfo", "portal")
            .await;
        let secret = a.bus_token(&admin, portal).await;
        let gw = format!("http://{}", a.running.gateway_addr.unwrap());
        for (case, far, hash) in [
            ("a wrong hash", "ID-FAKE-WRONG", Some(wrong)),
            ("no hash", "ID-FAKE-NONE", None),
        ] {
            let (url, ca_pem) = fake_gateway(hash).await;
            a.post_ok(
                &admin,
                "/api/v1/gsb/federation",
                json!({"instance": far, "gateway_url": url, "ca_cert_pem": ca_pem}),
            )
            .await;
            let r = a
                .http
                .get(format!("{gw}/r1/{far}/GOV/dinkes/simpus/pasien/v1/items/5"))
                .header("X-Road-Client", format!("{instance}/GOV/diskominfo/portal"))
                .header("X-Padu-Token", &secret)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let error = r
                .headers()
                .get("x-road-error")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            let body = r.text().await.unwrap();
            assert_eq!(
                (status, error.as_str()),
                (500, "Server.ClientProxy.InconsistentResponse"),
                "{case}: {body}"
            );
            assert!(
                !body.contains("the fake gateway"),
                "{case}: the far gateway's body is not passed on: {body}"
            );
        }
    })
    .await;
}

/// RFC 5280 §5.2.3: the CRL number is "a monotonically increasing sequence number", so two
/// CRLs issued in the same second, before and after a revocation, and one after a restart,
/// carry increasing numbers, as `openssl crl -text` reads them.
#[test]
fn crl_numbers_increase_within_a_second_and_across_restarts() {
    use padu::gsb::ca::InstanceCa;
    let dir = tempfile::tempdir().unwrap();
    let now = padu::app::clock::system_now();
    let number = |pem: String| -> u64 {
        std::fs::write(dir.path().join("crl.pem"), pem).unwrap();
        let (ok, text) = openssl(&["crl", "-in", "crl.pem", "-noout", "-text"], dir.path());
        assert!(ok, "{text}");
        let value = text
            .split("X509v3 CRL Number:")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no CRL number: {text}"));
        match value.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16).unwrap(),
            None => value.parse().unwrap(),
        }
    };
    let ca = InstanceCa::load_or_create(dir.path(), "ID-CRL", now).unwrap();
    let before = number(ca.crl_pem(&[], now).unwrap());
    let revoked = [("0a1b2c".to_string(), now)];
    let after = number(ca.crl_pem(&revoked, now).unwrap());
    assert!(after > before, "{before} then {after}");
    drop(ca);
    let ca = InstanceCa::load_or_create(dir.path(), "ID-CRL", now).unwrap();
    let restarted = number(ca.crl_pem(&revoked, now).unwrap());
    assert!(
        restarted > after,
        "{after} then, after a restart, {restarted}"
    );
}
