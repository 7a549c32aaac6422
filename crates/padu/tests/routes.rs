//! The route table, walked as every role: every route Padu serves has a gate (a rule of
//! `padu_domain::Gate`), the gate refuses exactly whom its rule refuses, and a route the gate
//! lets through does not then refuse for a reason the gate should have said (sign-in, or a role
//! on a route that names no record). A PD's operator is refused another PD's records.
//!
//! A route cannot be added without a gate: `padu::web::kit::Routes` is the only way to add
//! one (it takes the gate), and `no_route_is_added_around_the_table` fails when a module builds
//! an axum or utoipa router of its own.

mod common;
use common::*;
use padu::web::kit::routes::REFUSED_BY;
use padu_domain::{Actor, Grant, PdId, Role, UserId};
use padu_store::Engine;
use reqwest::{Method, StatusCode};

/// The demo's users, each with the grants the demo gives them.
fn demo_actors(kominfo: PdId, kesehatan: PdId) -> Vec<(&'static str, Actor)> {
    let user = |role: Role, pd: Option<PdId>| Actor::User {
        id: UserId(0),
        grants: vec![Grant { role, pd }],
    };
    vec![
        ("admin", user(Role::AdminDinas, None)),
        ("operator.kominfo", user(Role::OperatorPd, Some(kominfo))),
        (
            "operator.kesehatan",
            user(Role::OperatorPd, Some(kesehatan)),
        ),
        ("koordinator", user(Role::Koordinator, None)),
        ("auditor", user(Role::Auditor, None)),
        ("pimpinan", user(Role::Pimpinan, None)),
    ]
}

/// A client that keeps cookies and does not follow redirects (a redirect to /login is an
/// answer here).
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// How one actor calls: pages with a session, the API with a bearer token.
struct Caller {
    name: &'static str,
    actor: Actor,
    pages: reqwest::Client,
    /// The session's form token (pages refuse a form without it).
    csrf: String,
    token: Option<String>,
}

async fn sign_in(s: &TestServer, user: &str) -> reqwest::Client {
    let c = raw_client();
    let login = c
        .get(s.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = c
        .post(s.url("/login"))
        .form(&[
            ("username", user),
            ("password", password_of(user)),
            ("csrf", &csrf_of(&login)),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_redirection(),
        "sign in {user}: {}",
        r.status()
    );
    c
}

/// A concrete path for a route's pattern: any value does for a gate, which decides before the
/// request is read; ids name no record, so that walking the routes changes nothing.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| match seg {
            "{register}" => "applications",
            "{file}" => "x.csv",
            "{code}" => "ABCD-EFGH",
            s if s.starts_with('{') => "999999",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn send(s: &TestServer, c: &Caller, method: &Method, path: &str) -> reqwest::Response {
    let api = path.starts_with("/api/");
    let mut req = c.pages.request(method.clone(), s.url(path));
    if api {
        if let Some(t) = &c.token {
            req = req.bearer_auth(t);
        }
        if method != Method::GET {
            req = req.header("content-type", "application/json").body("{}");
        }
    } else if method != Method::GET {
        req = req.form(&[("csrf", c.csrf.as_str())]);
    }
    req.send().await.unwrap()
}

/// What a page says when its form's token is wrong (`error.csrf`, in Bahasa Indonesia).
const FORM_EXPIRED: &str = "Formulir kedaluwarsa";

fn refused_by_gate(r: &reqwest::Response) -> bool {
    r.headers().get(REFUSED_BY).is_some_and(|v| v == "gate")
}

fn asks_to_sign_in(r: &reqwest::Response) -> bool {
    r.status() == StatusCode::UNAUTHORIZED
        || (r.status().is_redirection()
            && r.headers()
                .get("location")
                .is_some_and(|l| l.to_str().unwrap_or("").starts_with("/login")))
}

#[tokio::test]
async fn every_route_has_a_gate_and_the_gate_is_the_rule() {
    let Some(s) = demo_server(Engine::Sqlite).await else {
        return;
    };
    let kominfo = PdId(s.pd_id("dinas-komunikasi-dan-informatika").await);
    let kesehatan = PdId(s.pd_id("dinas-kesehatan").await);
    let mut callers = vec![Caller {
        name: "anonymous",
        actor: Actor::Public,
        pages: raw_client(),
        csrf: String::new(),
        token: None,
    }];
    for (name, actor) in demo_actors(kominfo, kesehatan) {
        let pages = sign_in(&s, name).await;
        let tokens_page = pages.get(s.url("/tokens")).send().await.unwrap();
        let csrf = csrf_of(&tokens_page.text().await.unwrap());
        callers.push(Caller {
            name,
            actor,
            pages,
            csrf,
            token: Some(s.token(name, password_of(name)).await),
        });
    }
    let table = padu::web::route_table();
    assert!(
        table.len() > 150,
        "the table holds every route: {}",
        table.len()
    );
    let mut problems = Vec::new();
    for rule in &table {
        // Signing out would end the session the other routes are walked with.
        if rule.path == "/logout" {
            continue;
        }
        let path = concrete(&rule.path);
        for c in &callers {
            let admitted = rule.gate.admits(&c.actor).is_ok();
            let r = send(&s, c, &rule.method, &path).await;
            let status = r.status();
            let by_gate = refused_by_gate(&r);
            let route = format!(
                "{} {} as {} ({:?})",
                rule.method, rule.path, c.name, rule.gate
            );
            if admitted == by_gate {
                problems.push(format!(
                    "{route}: gate admits={admitted}, answered {status}"
                ));
            } else if admitted && asks_to_sign_in(&r) {
                // The handler wanted a signed-in caller the gate let through.
                problems.push(format!("{route}: passed the gate, then {status} (sign-in)"));
            } else if admitted
                && status == StatusCode::FORBIDDEN
                && !rule.path.contains('{')
                && !matches!(c.actor, Actor::Public)
                // Sign-in's own token lives in a cookie of the sign-in form, not the session.
                && !r.text().await.unwrap().contains(FORM_EXPIRED)
            {
                // No record in the path: a 403 is about the role, which is the gate's to say.
                problems.push(format!("{route}: passed the gate, then 403"));
            }
        }
    }
    // Every form post checks its token: with a wrong one it is refused (403), or the form comes
    // back saying it expired (the citizen's report keeps what was typed); nothing is done.
    let admin = &callers[1];
    let page_forms = table.iter().filter(|r| {
        r.method == Method::POST && !r.path.starts_with("/api/") && !r.path.starts_with("/open311/")
    });
    for rule in page_forms {
        let r = admin
            .pages
            .post(s.url(&concrete(&rule.path)))
            .form(&[("csrf", "not-the-token")])
            .send()
            .await
            .unwrap();
        // An upload's form is multipart: sent as such, with a file, it reaches the token check.
        let r = if r.status() == StatusCode::BAD_REQUEST {
            let file = reqwest::multipart::Part::bytes(b"%PDF-1.7 x".to_vec()).file_name("a.pdf");
            let form = reqwest::multipart::Form::new()
                .text("csrf", "not-the-token")
                .part("file", file);
            let url = s.url(&concrete(&rule.path));
            admin.pages.post(url).multipart(form).send().await.unwrap()
        } else {
            r
        };
        let status = r.status();
        let expired = r.text().await.unwrap().contains(FORM_EXPIRED);
        if !(status == StatusCode::FORBIDDEN || (status == StatusCode::OK && expired)) {
            problems.push(format!(
                "POST {} with a wrong form token: {status}",
                rule.path
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} routes disagree with their gate:\n{}",
        problems.len(),
        problems.join("\n")
    );
    s.running.stop().await;
}

#[test]
fn no_route_is_added_around_the_table() {
    let mut offenders = Vec::new();
    for (rel, text) in web_sources() {
        if rel == "kit/routes.rs" || rel == "router.rs" {
            continue;
        }
        for needle in [
            ".route(",
            ".routes(",
            "Router::new(",
            "OpenApiRouter::",
            ".nest(",
        ] {
            if text.contains(needle) {
                offenders.push(format!("{rel}: {needle}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "routes must be added through web::kit::Routes with a gate: {offenders:?}"
    );
}

#[test]
fn module_folders_do_not_import_each_other() {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let modules = [
        "foundation",
        "katalog",
        "layanan",
        "pengaduan",
        "penghubung",
    ];
    let mut crossings = Vec::new();
    for module in modules {
        for entry in std::fs::read_dir(web.join(module)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for other in modules.iter().filter(|m| **m != module) {
                for spelling in [format!("web::{other}"), format!("super::super::{other}")] {
                    if text.contains(&spelling) {
                        crossings.push(format!("{}: {spelling}", path.display()));
                    }
                }
            }
        }
    }
    // The kit is shared by all and imports none of them.
    for entry in std::fs::read_dir(web.join("kit")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for m in modules {
            if text.contains(&format!("web::{m}")) || text.contains(&format!("super::{m}")) {
                crossings.push(format!("{}: {m}", path.display()));
            }
        }
    }
    assert!(crossings.is_empty(), "{crossings:?}");
}

/// Handlers outside the kit reach the data only through `app` operations, which ask the rules:
/// no file under `web/` but the kit's touches `.store` (the kit keeps what resolving the
/// caller needs).
#[test]
fn web_modules_do_not_touch_the_store() {
    let mut offenders = Vec::new();
    for (rel, text) in web_sources() {
        if rel.starts_with("kit/") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let touches = line.match_indices(".store").any(|(at, needle)| {
                !line[at + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            if touches {
                offenders.push(format!("{rel}:{}", n + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "web handlers call app operations, not the store: {offenders:?}"
    );
}

/// A PD's operator reads and changes its own PD's records and not another PD's: the same
/// records, asked for by the operator of the owning PD and by the operator of another.
#[tokio::test]
async fn an_operator_is_refused_another_pds_records() {
    let Some(s) = demo_server(Engine::Sqlite).await else {
        return;
    };
    let admin = s.token("admin", ADMIN_PASSWORD).await;
    let own = s.token("operator.kesehatan", DEMO_PASSWORD).await;
    let other = s.token("operator.kominfo", DEMO_PASSWORD).await;
    let kesehatan = s.pd_id("dinas-kesehatan").await;
    // A Terbatas record of Dinas Kesehatan in each register the API lists.
    let registers = [
        "/api/v1/catalog/applications",
        "/api/v1/catalog/datasets",
        "/api/v1/sites",
    ];
    for list in registers {
        let (st, page) = s
            .call(
                Method::GET,
                &format!("{list}?pd_id={kesehatan}&per_page=200"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(st, 200, "{list}: {page}");
        let items = page["items"].as_array().expect("items");
        let record = items
            .iter()
            .find(|r| r["classification"] == "terbatas")
            .or_else(|| items.first())
            .unwrap_or_else(|| panic!("{list}: the demo has a record of Dinas Kesehatan"));
        let one = format!("{list}/{}", record["id"]);
        let terbatas = record["classification"] == "terbatas";
        let (st, _) = s.call(Method::GET, &one, Some(&own), None).await;
        assert_eq!(st, 200, "{one}: its own operator reads it");
        let (st, _) = s.call(Method::GET, &one, Some(&other), None).await;
        if terbatas {
            assert_eq!(
                st, 404,
                "{one}: another PD's operator does not see a Terbatas record"
            );
        }
        let (st, e) = s.call(Method::DELETE, &one, Some(&other), None).await;
        assert!(
            st == 403 || st == 404,
            "{one}: another PD's operator may not delete it: {st} {e}"
        );
        let (st, _) = s.call(Method::GET, &one, Some(&own), None).await;
        assert_eq!(st, 200, "{one}: still there");
    }
    s.running.stop().await;
}

/// Every source file under `src/web`, as (its path below `web/`, its text).
fn web_sources() -> Vec<(String, String)> {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut files = Vec::new();
    let mut stack = vec![web.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&web)
                .unwrap()
                .to_string_lossy()
                .to_string();
            files.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
    files
}
