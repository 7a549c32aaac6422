//! A real browser (Debian's chromium, driven by chromedriver over WebDriver) signs in and
//! reaches the dashboard. Skipped with a note where chromedriver is missing, unless
//! PADU_REQUIRE_BROWSER=1 (as in CI).

mod common;
use common::*;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};

struct Driver {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

impl Driver {
    async fn start() -> Option<Driver> {
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

    async fn post(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        r.json::<Value>().await.unwrap()["value"].clone()
    }

    async fn get(&self, path: &str) -> Value {
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

#[tokio::test]
async fn signs_in_and_reaches_the_dashboard() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
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
    let sp = |p: &str| format!("/session/{sid}{p}");
    let find = |css: &'static str| {
        let d = &driver;
        let path = sp("/element");
        async move {
            let v = d
                .post(&path, json!({ "using": "css selector", "value": css }))
                .await;
            v.as_object()
                .and_then(|o| o.values().next())
                .and_then(|x| x.as_str())
                .unwrap_or_else(|| panic!("no element {css}: {v}"))
                .to_string()
        }
    };
    driver
        .post(&sp("/url"), json!({ "url": s.url("/login") }))
        .await;
    let user = find("input[name=username]").await;
    driver
        .post(
            &sp(&format!("/element/{user}/value")),
            json!({ "text": "admin" }),
        )
        .await;
    let pass = find("input[name=password]").await;
    driver
        .post(
            &sp(&format!("/element/{pass}/value")),
            json!({ "text": ADMIN_PASSWORD }),
        )
        .await;
    let submit = find("#login-submit").await;
    driver
        .post(&sp(&format!("/element/{submit}/click")), json!({}))
        .await;
    let mut url = String::new();
    for _ in 0..50 {
        url = driver
            .get(&sp("/url"))
            .await
            .as_str()
            .unwrap_or("")
            .to_string();
        if url.ends_with("/dashboard") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(url.ends_with("/dashboard"), "landed on {url}");
    let count = find("#count-pds").await;
    let text = driver.get(&sp(&format!("/element/{count}/text"))).await;
    let expected = s.running.state.store.count_pds().await.unwrap();
    assert_eq!(
        text.as_str().unwrap(),
        expected.to_string(),
        "the dashboard shows the real PD count"
    );
    let title = driver.get(&sp("/title")).await;
    assert!(
        title.as_str().unwrap().starts_with("Dasbor"),
        "Bahasa Indonesia by default: {title}"
    );
    let _ = driver
        .http
        .delete(format!("{}/session/{sid}", driver.base))
        .send()
        .await;
}
