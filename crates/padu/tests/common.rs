//! Shared helpers: a Padu server on port 0 over a fresh store of either engine.

#![allow(dead_code)]

use padu::config::{LogFormat, ServeArgs, StorageArgs};
use padu::server::Running;
use padu_domain::profile::ProfileId;
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
    pub dir: tempfile::TempDir,
    pub database_url: Option<String>,
    pub http: reqwest::Client,
}

pub fn regulations() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations"))
}

/// A server with the demo region on `engine`, or None where PostgreSQL is skipped.
pub async fn demo_server(engine: Engine) -> Option<TestServer> {
    demo_server_with(engine, |_| {}).await
}

/// A demo server whose service-bus gateway also listens, on a loopback port of its own.
pub async fn gateway_server(engine: Engine) -> Option<TestServer> {
    demo_server_with(engine, |a| {
        a.gateway_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await
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
        profile: ProfileId::Pessel,
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
        let mut a = vec![
            "--data-dir".to_string(),
            self.dir.path().display().to_string(),
        ];
        if let Some(u) = &self.database_url {
            a.push("--database-url".into());
            a.push(u.clone());
        }
        a
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

    /// POSTs JSON with `token` and expects 200; returns the body.
    pub async fn post_ok(&self, token: &str, path: &str, body: Value) -> Value {
        let (st, v) = self
            .call(reqwest::Method::POST, path, Some(token), Some(body))
            .await;
        assert_eq!(st, 200, "POST {path}: {v}");
        v
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

/// A browser-like client signed in as `user` through the login form.
pub async fn signed_in(s: &TestServer, user: &str, password: &str) -> reqwest::Client {
    let ui = test_client(true);
    let login = get_text(&ui, s.url("/login")).await;
    let r = ui
        .post(s.url("/login"))
        .form(&[
            ("username", user),
            ("password", password),
            ("csrf", &csrf_of(&login)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "sign in {user}");
    ui
}

/// The body of a GET with `client` (a signed-in session, or none).
pub async fn get_text(client: &reqwest::Client, url: String) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}
