//! Shared helpers: a Padu server on port 0 over a fresh store of either engine, the helpers that
//! run a test on both engines, and the fixtures the tests share (demo users' tokens and
//! sessions, the CLI).

#![allow(dead_code)]

use padu::config::{LogFormat, ServeArgs, StorageArgs};
use padu::server::Running;
use padu_store::testing::on_both_engines_with;
use padu_store::Engine;
use serde_json::Value;

pub const ADMIN_PASSWORD: &str = "Kominfo-Pessel-2026!";
pub const DEMO_PASSWORD: &str = padu::bootstrap::DEMO_PASSWORD;

/// The password of a demo user (`admin`'s is the test's own).
pub fn password_of(user: &str) -> &'static str {
    if user == "admin" {
        ADMIN_PASSWORD
    } else {
        DEMO_PASSWORD
    }
}

pub struct TestServer {
    pub running: Running,
    pub engine: Engine,
    pub dir: tempfile::TempDir,
    pub database_url: Option<String>,
    pub http: reqwest::Client,
}

pub fn regulations() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations"))
}

/// Runs `test` on a fresh demo server of each engine; a failure names the engine (see
/// `padu_store::testing::on_both_engines_with`).
pub async fn demo_on_both_engines(test: impl AsyncFnMut(TestServer)) {
    demo_on_both_engines_with(|_| {}, test).await
}

/// Like [`demo_on_both_engines`], with the service-bus gateway listening too.
pub async fn gateway_on_both_engines(test: impl AsyncFnMut(TestServer)) {
    demo_on_both_engines_with(with_gateway, test).await
}

/// Like [`demo_on_both_engines`], with the server's arguments adjusted first (an SMTP relay, a
/// trusted proxy, a gateway of its own).
pub async fn demo_on_both_engines_with(
    mut adjust: impl FnMut(&mut ServeArgs),
    test: impl AsyncFnMut(TestServer),
) {
    on_both_engines_with(
        async |engine| demo_server_with(engine, &mut adjust).await,
        test,
    )
    .await
}

/// A server with the demo region on `engine`, or None where PostgreSQL is skipped.
pub async fn demo_server(engine: Engine) -> Option<TestServer> {
    demo_server_with(engine, |_| {}).await
}

/// The service-bus gateway also listens, on a loopback port of its own.
pub fn with_gateway(a: &mut ServeArgs) {
    a.gateway_listen = Some("127.0.0.1:0".parse().unwrap());
}

/// Like [`demo_server`], with the arguments adjusted first (e.g. an SMTP relay).
pub async fn demo_server_with(
    engine: Engine,
    adjust: impl FnOnce(&mut ServeArgs),
) -> Option<TestServer> {
    let dir = tempfile::tempdir().unwrap();
    let url = padu_store::testing::fresh_url(engine, dir.path()).await?;
    let database_url = (engine == Engine::Postgres).then_some(url);
    let mut args = ServeArgs {
        storage: StorageArgs {
            data_dir: dir.path().to_path_buf(),
            database_url: database_url.clone(),
        },
        listen: "127.0.0.1:0".parse().unwrap(),
        profile: "pessel".into(),
        profile_file: None,
        demo: true,
        regulations_dir: Some(regulations()),
        public_url: None,
        trusted_proxy: Vec::new(),
        log_format: LogFormat::Text,
        checkpoint_secs: 3600,
        smtp_url: None,
        smtp_from: "padu@pessel.go.id".into(),
        // Tests run the jobs themselves, at the instants they choose.
        jobs_secs: 3600,
        gateway_listen: None,
        gsb_instance: None,
        // The gateway tests that are not about TLS speak plain HTTP on loopback.
        gateway_plain: true,
        gateway_threads: None,
        gateway_names: vec!["localhost".into(), "127.0.0.1".into()],
        gsb_log_retention_days: None,
        gsb_archive_dir: None,
    };
    adjust(&mut args);
    let running = padu::server::start(&args, Some(ADMIN_PASSWORD.into()))
        .await
        .expect("server starts");
    Some(TestServer {
        running,
        engine,
        dir,
        database_url,
        http: test_client(false),
    })
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.url())
    }

    /// The data-dir/database arguments for the CLI.
    pub fn storage_args(&self) -> Vec<String> {
        storage_args(self.dir.path(), self.database_url.as_deref())
    }

    /// Another demo server on this one's engine, its arguments adjusted first (a second
    /// instance for federation, another proxy setting).
    pub async fn another_with(&self, adjust: impl FnOnce(&mut ServeArgs)) -> TestServer {
        demo_server_with(self.engine, adjust)
            .await
            .expect("this engine is configured: it serves this server")
    }

    /// An API token of demo user `user` (see [`password_of`]).
    pub async fn token_of(&self, user: &str) -> String {
        self.token(user, password_of(user)).await
    }

    /// A browser-like client signed in as demo user `user` through the login form.
    pub async fn signed_in_as(&self, user: &str) -> reqwest::Client {
        signed_in(self, user, password_of(user)).await
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        self.running
            .state
            .store
            .user_for_login(username)
            .await
            .unwrap()
            .unwrap()
            .0
            .id
    }

    /// `padu <args>` against this server's storage.
    pub fn cli(&self, args: &[&str]) -> (bool, String) {
        padu_cli(args, &self.storage_args())
    }

    pub async fn token(&self, username: &str, password: &str) -> String {
        let r = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "login {username}");
        r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::PUT, path, token, Some(body))
            .await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.call(reqwest::Method::DELETE, path, token, None).await
    }

    /// POSTs JSON with `token` and expects 200; returns the body.
    pub async fn post_ok(&self, token: &str, path: &str, body: Value) -> Value {
        let (st, v) = self.post(path, Some(token), body).await;
        assert_eq!(st, 200, "POST {path}: {v}");
        v
    }

    /// Asserts that the audit chain verifies whole, as `token`'s holder asks for it.
    pub async fn assert_audit_chain_verifies(&self, token: &str) {
        let (st, v) = self
            .call(
                reqwest::Method::GET,
                "/api/v1/audit/verify",
                Some(token),
                None,
            )
            .await;
        assert_eq!((st, v["ok"].as_bool()), (200, Some(true)), "{v}");
    }

    /// A service-bus member with one subsystem, both named by their codes, registered by the
    /// holder of `admin`; returns the subsystem's id.
    pub async fn bus_subsystem(
        &self,
        admin: &str,
        instance: &str,
        member: &str,
        code: &str,
    ) -> i64 {
        let m = self
            .post_ok(
                admin,
                "/api/v1/gsb/members",
                serde_json::json!({
                    "instance": instance,
                    "member_class": "GOV",
                    "member_code": member,
                    "name": member,
                }),
            )
            .await;
        let sub = self
            .post_ok(
                admin,
                &format!("/api/v1/gsb/members/{}/subsystems", m["id"]),
                serde_json::json!({"code": code, "name": code}),
            )
            .await;
        sub["id"].as_i64().unwrap()
    }

    /// A new service-bus token of subsystem `id`, issued by the holder of `admin`; its secret.
    pub async fn bus_token(&self, admin: &str, subsystem: i64) -> String {
        let token = self
            .post_ok(
                admin,
                &format!("/api/v1/gsb/subsystems/{subsystem}/tokens"),
                serde_json::json!({"name": "t"}),
            )
            .await;
        token["secret"].as_str().unwrap().to_string()
    }

    pub async fn pd_id(&self, code: &str) -> i64 {
        self.running
            .state
            .store
            .pd_by_code(code)
            .await
            .unwrap()
            .unwrap()
            .id
    }
}

/// Asserts that an API answer `(status, body)` refused with `expected` and an error naming
/// `field`.
#[track_caller]
pub fn assert_refused(status: u16, body: &Value, expected: u16, field: &str) {
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (expected, Some(field)),
        "{body}"
    );
}

/// An HTTP client whose every request gives up after 60 s, so a hang fails the test
/// instead of stalling the whole run.
pub fn test_client(cookies: bool) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(cookies)
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("HTTP client")
}

/// The CSRF field of a page's first form.
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a csrf field")
        .to_string()
}

/// Posts `fields` to `url` with `client` as the form on `page` (its HTML) does, with the page's
/// CSRF token.
pub async fn post_form(
    client: &reqwest::Client,
    url: String,
    page: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = csrf_of(page);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    client.post(url).form(&form).send().await.unwrap()
}

/// A browser-like client signed in as `user` through the login form.
pub async fn signed_in(s: &TestServer, user: &str, password: &str) -> reqwest::Client {
    let ui = test_client(true);
    let login = get_text(&ui, s.url("/login")).await;
    let fields = [("username", user), ("password", password)];
    let r = post_form(&ui, s.url("/login"), &login, &fields).await;
    assert_eq!(r.status(), 200, "sign in {user}");
    ui
}

/// The body of a GET with `client` (a signed-in session, or none).
pub async fn get_text(client: &reqwest::Client, url: String) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// `padu <args> <storage>` (see [`TestServer::storage_args`]), as an operator runs it on the
/// host; whether it succeeded, and what it printed.
pub fn padu_cli(args: &[&str], storage: &[String]) -> (bool, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_padu"));
    cmd.args(args).args(storage);
    output_of(cmd)
}

/// A fresh, empty database on an engine and the CLI arguments that name it (a restore target).
pub struct EmptyStorage {
    pub dir: tempfile::TempDir,
    pub args: Vec<String>,
}

/// An empty database on `engine`, or None where PostgreSQL is skipped.
pub async fn empty_storage(engine: Engine) -> Option<EmptyStorage> {
    let dir = tempfile::tempdir().unwrap();
    let url = padu_store::testing::fresh_url(engine, dir.path()).await?;
    let database_url = (engine == Engine::Postgres).then_some(url);
    let args = storage_args(dir.path(), database_url.as_deref());
    Some(EmptyStorage { dir, args })
}

/// The CLI's data-dir and database arguments (SQLite lives in the data dir).
fn storage_args(data_dir: &std::path::Path, database_url: Option<&str>) -> Vec<String> {
    let mut args = vec!["--data-dir".to_string(), data_dir.display().to_string()];
    if let Some(url) = database_url {
        args.extend(["--database-url".to_string(), url.to_string()]);
    }
    args
}

/// Runs `cmd` to its end; whether it succeeded, and what it printed (stdout, then stderr).
pub fn output_of(mut cmd: std::process::Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Whether openssl alone verifies the Ed25519 `signature_hex` of `statement` with the public
/// key in PEM (as README's recipe does: `openssl pkeyutl -verify -rawin`).
pub fn openssl_verifies(statement: &str, public_key_pem: &str, signature_hex: &str) -> bool {
    let dir = tempfile::tempdir().expect("a scratch directory");
    std::fs::write(dir.path().join("key.pem"), public_key_pem).unwrap();
    std::fs::write(dir.path().join("statement.txt"), statement).unwrap();
    std::fs::write(dir.path().join("sig"), hex::decode(signature_hex).unwrap()).unwrap();
    std::process::Command::new("openssl")
        .current_dir(dir.path())
        .args([
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "key.pem",
            "-rawin",
            "-in",
            "statement.txt",
            "-sigfile",
            "sig",
        ])
        .output()
        .expect("openssl")
        .status
        .success()
}
