//! The WebDriver harness the browser tests share: Debian's chromium driven by chromedriver,
//! headless, one session per test. Where chromedriver is missing a test is skipped with a note,
//! unless PADU_REQUIRE_BROWSER=1 (as in CI).

#![allow(dead_code)]

use super::common::*;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};

pub struct Driver {
    child: Child,
    pub base: String,
    pub http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

impl Driver {
    pub async fn start() -> Option<Driver> {
        let path = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists());
        let Some(path) = path else {
            assert!(
                std::env::var("PADU_REQUIRE_BROWSER").as_deref() != Ok("1"),
                "PADU_REQUIRE_BROWSER=1 but chromedriver is not installed"
            );
            eprintln!("note: chromedriver not installed; skipping the browser test");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let d = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            http: test_client(false),
        };
        for _ in 0..100 {
            if d.http
                .get(format!("{}/status", d.base))
                .send()
                .await
                .is_ok()
            {
                return Some(d);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not start");
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        r.json::<Value>().await.unwrap()["value"].clone()
    }

    pub async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["value"]
            .clone()
    }
}

/// One browser session on one Padu server (a fresh one for each engine's server: cookies do
/// not tell two loopback ports apart).
pub struct Browser {
    pub driver: Driver,
    pub sid: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn open() -> Option<Browser> {
        let driver = Driver::start().await?;
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", format!("--user-data-dir={}", profile.path().display())]
        } } } });
        let session = driver.post("/session", caps).await;
        let sid = session["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {session}"))
            .to_string();
        Some(Browser {
            driver,
            sid,
            _profile: profile,
        })
    }

    pub fn path(&self, p: &str) -> String {
        format!("/session/{}{p}", self.sid)
    }

    pub async fn goto(&self, url: String) {
        self.driver
            .post(&self.path("/url"), json!({ "url": url }))
            .await;
    }

    pub async fn find(&self, css: &str) -> String {
        let v = self
            .driver
            .post(
                &self.path("/element"),
                json!({ "using": "css selector", "value": css }),
            )
            .await;
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(|x| x.as_str())
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.driver
            .post(
                &self.path(&format!("/element/{e}/value")),
                json!({ "text": text }),
            )
            .await;
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.driver
            .post(&self.path(&format!("/element/{e}/click")), json!({}))
            .await;
    }

    /// The element's text. An element found while a form's response page is still replacing
    /// the old one can go stale before its text is read (ChromeDriver then answers with an
    /// error, not a string), so the element is found again, for up to five seconds.
    pub async fn text(&self, css: &str) -> String {
        let mut last = Value::Null;
        for _ in 0..50 {
            let e = self.find(css).await;
            last = self
                .driver
                .get(&self.path(&format!("/element/{e}/text")))
                .await;
            if let Some(text) = last.as_str() {
                return text.to_string();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no text for {css}: {last}")
    }

    pub async fn wait_for_url(&self, ending: &str) -> String {
        let mut url = String::new();
        for _ in 0..50 {
            url = self
                .driver
                .get(&self.path("/url"))
                .await
                .as_str()
                .unwrap_or("")
                .to_string();
            if url.ends_with(ending) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        url
    }

    pub async fn sign_in(&self, s: &TestServer, user: &str) {
        self.goto(s.url("/login")).await;
        self.fill("input[name=username]", user).await;
        self.fill("input[name=password]", password_of(user)).await;
        self.click("#login-submit").await;
        let url = self.wait_for_url("/dashboard").await;
        assert!(url.ends_with("/dashboard"), "{user} landed on {url}");
    }

    /// Signs out by forgetting every cookie (as a citizen on a shared computer would).
    pub async fn forget(&self) {
        let _ = self
            .driver
            .http
            .delete(format!("{}{}", self.driver.base, self.path("/cookie")))
            .send()
            .await;
    }

    /// The window's size in CSS pixels.
    pub async fn resize(&self, width: u32, height: u32) {
        self.driver
            .post(
                &self.path("/window/rect"),
                json!({ "width": width, "height": height }),
            )
            .await;
    }

    /// What `script` (a function body) returns in the page.
    pub async fn eval(&self, script: &str) -> Value {
        self.driver
            .post(
                &self.path("/execute/sync"),
                json!({ "script": script, "args": [] }),
            )
            .await
    }

    /// What an asynchronous `script` (a function body whose last argument is the callback)
    /// hands its callback.
    pub async fn eval_async(&self, script: &str) -> Value {
        self.driver
            .post(
                &self.path("/execute/async"),
                json!({ "script": script, "args": [] }),
            )
            .await
    }

    /// The page's visible text.
    pub async fn page_text(&self) -> String {
        self.eval("return document.body.innerText")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The window as a PNG, grown first to the page's height (at most 3000 px) so that the
    /// whole page is in it.
    pub async fn screenshot(&self, width: u32) -> Vec<u8> {
        let height = self
            .eval("return document.documentElement.scrollHeight")
            .await
            .as_u64()
            .unwrap_or(900)
            .clamp(600, 3000) as u32;
        self.resize(width, height).await;
        let png = self.driver.get(&self.path("/screenshot")).await;
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(
                png.as_str()
                    .unwrap_or_else(|| panic!("no screenshot: {png}")),
            )
            .unwrap()
    }

    /// The accessibility violations axe-core finds on the page (WCAG 2 A and AA rules), each
    /// as `rule (impact): where — why`; axe's script is injected by WebDriver, which the
    /// page's CSP does not govern. None when axe-core is not installed and not required.
    pub async fn accessibility_violations(&self) -> Option<Vec<String>> {
        let axe = axe_source()?;
        self.eval(&format!("{axe}\n;return typeof axe")).await;
        let found = self
            .eval_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                    .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '
                        + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ')).join(' | '))))
                    .catch(e => done(['axe failed: ' + e]));",
            )
            .await;
        Some(
            found
                .as_array()
                .unwrap_or_else(|| panic!("axe answered {found}"))
                .iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect(),
        )
    }

    pub async fn close(self) {
        let _ = self
            .driver
            .http
            .delete(format!("{}/session/{}", self.driver.base, self.sid))
            .send()
            .await;
    }
}

/// axe-core's script: `PADU_AXE_JS`, or where scripts/test.sh installs it. Required (the test
/// fails without it) where PADU_REQUIRE_BROWSER=1.
fn axe_source() -> Option<&'static str> {
    static AXE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    AXE.get_or_init(|| {
        let path = std::env::var("PADU_AXE_JS").unwrap_or_else(|_| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/axe/node_modules/axe-core/axe.min.js"
            )
            .to_string()
        });
        match std::fs::read_to_string(&path) {
            Ok(js) => Some(js),
            Err(e) => {
                assert!(
                    std::env::var("PADU_REQUIRE_BROWSER").as_deref() != Ok("1"),
                    "PADU_REQUIRE_BROWSER=1 but axe-core is not at {path}: {e}"
                );
                eprintln!("note: axe-core not at {path}; skipping the accessibility check");
                None
            }
        }
    })
    .as_deref()
}
