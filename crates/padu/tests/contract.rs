//! The OpenAPI document tells the truth: schemathesis fuzzes every operation of
//! `/api/openapi.json` against a running demo server, as the admin, and any 5xx, any response
//! whose status, content type or body the document does not describe fails the test. Skipped
//! with a note where schemathesis is missing, unless PADU_REQUIRE_CONTRACT=1 (as in CI, where
//! scripts/test.sh installs it into a virtualenv under target/).
//!
//! A second test reads the document itself: no bare `object` bodies, no schema shared by two
//! different types, and every error response is the error envelope.

mod common;
use common::*;
use padu_store::Engine;
use serde_json::Value;

/// Where scripts/test.sh installs schemathesis; `PADU_SCHEMATHESIS` overrides, then the PATH.
fn schemathesis() -> Option<std::path::PathBuf> {
    if let Ok(p) = std::env::var("PADU_SCHEMATHESIS") {
        return Some(p.into());
    }
    let venv = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/contract-venv/bin/schemathesis"
    ));
    if venv.exists() {
        return Some(venv);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("schemathesis"))
            .find(|p| p.exists())
    })
}

/// Operations the fuzzer must not call, because they take away its own access mid-run:
/// revoking tokens (one of them is the fuzzer's), replacing a user's roles or deactivating a
/// user (the admin is user 1). Everything else, DELETEs included, is fuzzed.
/// (Operation ids are the handlers' names.)
const EXCLUDED: &[&str] = &["revoke_token", "set_grants", "update_user"];

async fn fuzz(engine: Engine) {
    let Some(bin) = schemathesis() else {
        assert!(
            std::env::var("PADU_REQUIRE_CONTRACT").as_deref() != Ok("1"),
            "PADU_REQUIRE_CONTRACT=1 but schemathesis is not installed (scripts/test.sh installs it)"
        );
        eprintln!("note: schemathesis not installed; skipping the contract test");
        return;
    };
    let Some(s) = demo_server(engine).await else {
        return;
    };
    let token = s.token_of("admin").await;
    let report = s.dir.path().join("contract-report");
    let mut cmd = tokio::process::Command::new(bin);
    cmd.arg("run")
        .arg(s.url("/api/openapi.json"))
        .args(["--url", &s.url("")])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        .args(["--max-examples", "8", "--seed", "20260101"])
        .arg("--generation-deterministic")
        .args(["--phases", "examples,coverage,fuzzing"])
        // One worker: with two, schemathesis parses its own sources (hypothesis describing a
        // lambda) from two threads at once, and CPython 3.11's `ast` can then fail with
        // "AST constructor recursion depth mismatch" (python/cpython#106905) — a runtime
        // error of the tool, reported as an error of a random operation (seen once, on
        // POST /api/v1/catalog/import/{register}).
        .args(["--workers", "1", "--request-timeout", "30"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--report", "junit", "--report-dir"])
        .arg(&report)
        .arg("--no-color")
        .kill_on_drop(true);
    for operation in EXCLUDED {
        cmd.args(["--exclude-operation-id", operation]);
    }
    let out = cmd.output().await.expect("schemathesis runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found contract violations:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "{}",
        text.lines().rev().take(15).collect::<Vec<_>>().join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contract_fuzz_sqlite() {
    fuzz(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contract_fuzz_postgres() {
    fuzz(Engine::Postgres).await;
}

/// Every place in `v` where a schema is a bare `{"type": "object"}`, by JSON pointer.
fn bare_objects(v: &Value, at: &str, found: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if m.len() == 1 && m.get("type") == Some(&Value::from("object")) {
                found.push(at.to_string());
            }
            for (k, child) in m {
                bare_objects(child, &format!("{at}/{k}"), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                bare_objects(child, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn openapi_document_names_every_body_exactly() {
    demo_on_both_engines(async |s| {
        let (status, doc) = s.get("/api/openapi.json", None).await;
        assert_eq!(status, 200);

        let mut bare = Vec::new();
        bare_objects(&doc, "", &mut bare);
        assert!(bare.is_empty(), "schemas that say only `object`: {bare:#?}");

        let mut problems = Vec::new();
        let mut operation_ids = std::collections::HashSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let name = format!("{} {path}", method.to_uppercase());
                if !operation_ids.insert(op["operationId"].clone()) {
                    problems.push(format!(
                        "{name}: operationId {} is taken",
                        op["operationId"]
                    ));
                }
                let json_body = &op["requestBody"]["content"]["application/json"]["schema"];
                if !op["requestBody"].is_null()
                    && !json_body.is_null()
                    && json_body["$ref"].is_null()
                {
                    problems.push(format!("{name}: request body is not a named schema"));
                }
                for (code, response) in op["responses"].as_object().unwrap() {
                    let schema = &response["content"]["application/json"]["schema"]["$ref"];
                    if code.starts_with('4') && schema != "#/components/schemas/ErrorEnvelope" {
                        problems.push(format!("{name}: {code} is not the error envelope"));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");

        // Two different step inputs, two different schemas.
        let step_body = |path: &str| {
            doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
                ["$ref"]
                .clone()
        };
        assert_eq!(
            step_body("/api/v1/catalog/requests/{id}/steps"),
            "#/components/schemas/RequestStepInput"
        );
        assert_eq!(
            step_body("/api/v1/complaints/{id}/steps"),
            "#/components/schemas/ComplaintStepInput"
        );

        // Exports say what they send.
        for path in ["/api/v1/plans/export", "/api/v1/catalog/export/{register}"] {
            let content = &doc["paths"][path]["get"]["responses"]["200"]["content"];
            assert!(!content["text/csv"].is_null(), "{path}: {content}");
            assert!(
                !content["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
                    .is_null(),
                "{path}: {content}"
            );
        }
        // A list of records is documented as an array.
        assert_eq!(
            doc["paths"]["/api/v1/pds/{id}/unit-kerja"]["get"]["responses"]["200"]["content"]
                ["application/json"]["schema"]["type"],
            "array"
        );
    })
    .await;
}
