//! Open311 GeoReport v2 as the specification shows it, in JSON and XML (the XML parsed by
//! Python's standard parser), on both engines.

mod common;
use common::*;
use serde_json::{json, Value};

/// Parses XML with Python's ElementTree; returns the root tag and its children's tags.
fn parse_xml(text: &str) -> (String, Vec<String>) {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", "import sys, xml.etree.ElementTree as E\nr = E.fromstring(sys.stdin.read())\nprint(r.tag)\nfor c in r: print(c.tag + ' ' + ' '.join(x.tag for x in c))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "not well-formed XML: {text}");
    let s = String::from_utf8(out.stdout).unwrap();
    let mut lines = s.lines().map(str::to_string);
    (lines.next().unwrap(), lines.collect())
}

async fn get(s: &TestServer, path: &str) -> (u16, String, String) {
    let r = s.http.get(s.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.text().await.unwrap())
}

async fn post(s: &TestServer, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = s.http.post(s.url(path)).form(form).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn georeport_v2_in_json_and_xml() {
    demo_on_both_engines(async |s| {
        // Services.
        let (st, ct, body) = get(&s, "/open311/v2/services.json").await;
        assert_eq!(st, 200);
        assert!(ct.starts_with("application/json"));
        let services: Value = serde_json::from_str(&body).unwrap();
        let codes: Vec<&str> = services
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["service_code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, vec!["pengaduan", "aspirasi", "permintaan_informasi"]);
        for key in [
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        ] {
            assert!(services[0].get(key).is_some(), "{key}");
        }
        let (st, ct, body) = get(&s, "/open311/v2/services.xml").await;
        assert_eq!(st, 200);
        assert!(ct.starts_with("text/xml"));
        let (root, children) = parse_xml(&body);
        assert_eq!(root, "services");
        assert_eq!(children.len(), 3);
        assert!(
            children[0].starts_with("service service_code service_name"),
            "{}",
            children[0]
        );
        let (st, _, body) = get(&s, "/open311/v2/services/aspirasi.json").await;
        assert_eq!(st, 200);
        let def: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(def["service_code"], "aspirasi");
        assert!(def["attributes"].is_array());
        let (st, _, body) = get(&s, "/open311/v2/services/aspirasi.xml").await;
        assert_eq!(st, 200);
        assert_eq!(parse_xml(&body).0, "service_definition");
        let (st, _, body) = get(&s, "/open311/v2/services/banjir.json").await;
        assert_eq!(st, 404);
        let errs: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(errs[0]["code"], 404);
        // jurisdiction_id must be this Pemda's.
        let domain = s.running.state.pemda.domain.clone();
        let (st, _, _) = get(
            &s,
            &format!("/open311/v2/services.json?jurisdiction_id={domain}"),
        )
        .await;
        assert_eq!(st, 200);
        let (st, _, body) = get(
            &s,
            "/open311/v2/services.xml?jurisdiction_id=kota-lain.go.id",
        )
        .await;
        assert_eq!(st, 404);
        assert_eq!(parse_xml(&body).0, "errors");

        // POST requests: an api_key is a Padu API token.
        let admin = s.token_of("admin").await;
        let (st, created) = s
            .post(
                "/api/v1/tokens",
                Some(&admin),
                json!({ "name": "aplikasi-warga", "role": "admin_dinas", "expires_in_days": 30 }),
            )
            .await;
        assert_eq!(st, 201, "{created}");
        let key = created["token"].as_str().unwrap().to_string();
        let form = |k: &'static str| {
            vec![
                ("api_key", k),
                ("service_code", "pengaduan"),
                ("lat", "-1.3485"),
                ("long", "100.5778"),
                (
                    "description",
                    "Jembatan gantung di Nagari Salido rusak\nPapan lantai lepas.",
                ),
                ("first_name", "Sari"),
            ]
        };
        let (st, body) = post(&s, "/open311/v2/requests.json", &form("salah")).await;
        assert_eq!(st, 403, "{body}");
        let mut no_location = form("x");
        no_location.retain(|(k, _)| !["lat", "long"].contains(k));
        no_location[0].1 = &key;
        let (st, body) = post(&s, "/open311/v2/requests.json", &no_location).await;
        assert_eq!(st, 400, "{body}");
        let mut bad_code = form("x");
        bad_code[0].1 = &key;
        bad_code[1].1 = "banjir";
        let (st, body) = post(&s, "/open311/v2/requests.xml", &bad_code).await;
        assert_eq!(st, 404, "an unknown service_code is 404: {body}");
        assert_eq!(parse_xml(&body).0, "errors");
        let (st, body) = post(&s, "/open311/v2/requests.json", &bad_code).await;
        assert_eq!(st, 404);
        let errs: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(errs[0]["code"], 404);
        let mut good = form("x");
        good[0].1 = &key;
        let (st, body) = post(&s, "/open311/v2/requests.json", &good).await;
        assert_eq!(st, 201, "{body}");
        let made: Value = serde_json::from_str(&body).unwrap();
        // The spec answers a service_request_id or a token: a request that is not public
        // until verified answers its token.
        assert!(
            made[0].get("service_request_id").is_none(),
            "one or the other, not both: {made}"
        );
        let token = made[0]["token"].as_str().unwrap().to_string();
        let (st, body) = post(&s, "/open311/v2/requests.xml", &good).await;
        assert_eq!(st, 201);
        let (root, children) = parse_xml(&body);
        assert_eq!(root, "service_requests");
        assert!(
            children[0].starts_with("request token") && !children[0].contains("service_request_id"),
            "{}",
            children[0]
        );

        // Unverified: not public yet, but the token resolves to its id.
        let (st, _, body) = get(&s, &format!("/open311/v2/tokens/{token}.json")).await;
        assert_eq!(st, 200);
        let id = serde_json::from_str::<Value>(&body).unwrap()[0]["service_request_id"]
            .as_str()
            .unwrap()
            .to_string();
        let (st, _, _) = get(&s, &format!("/open311/v2/requests/{id}.json")).await;
        assert_eq!(st, 404);

        // The Dinas forwards it: open, with the PD responsible and the deadline expected.
        let pd = s.pd_id("dinas-kesehatan").await;
        let (st, v) = s
            .post(
                &format!("/api/v1/complaints/{id}/steps"),
                Some(&admin),
                json!({ "step": "forward", "pd_id": pd, "body": "Mohon ditindaklanjuti" }),
            )
            .await;
        assert_eq!(st, 200, "{v}");
        let (st, _, body) = get(&s, &format!("/open311/v2/requests/{id}.json")).await;
        assert_eq!(st, 200);
        let r: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(r[0]["status"], "open");
        assert_eq!(r[0]["detailed_status"], "diteruskan");
        assert_eq!(r[0]["status_notes"], "diteruskan: Mohon ditindaklanjuti");
        assert!(r[0]["agency_responsible"]
            .as_str()
            .unwrap()
            .contains("Kesehatan"));
        assert!(r[0]["expected_datetime"].is_string());
        assert_eq!(r[0]["lat"], -1.3485);
        assert_eq!(
            r[0]["description"], "Jembatan gantung di Nagari Salido rusak\nPapan lantai lepas.",
            "the description comes back as it was sent, not doubled"
        );
        assert!(!body.contains("Sari"), "no personal data");
        let (_, _, body) = get(&s, &format!("/open311/v2/requests/{id}.xml")).await;
        let (root, children) = parse_xml(&body);
        assert_eq!(root, "service_requests");
        assert!(
            children[0].starts_with("request service_request_id status status_notes"),
            "{}",
            children[0]
        );

        // The list and its filters; closing maps to closed.
        let (_, _, body) = get(
            &s,
            "/open311/v2/requests.json?status=open&service_code=pengaduan",
        )
        .await;
        let list: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            list.as_array().unwrap().len(),
            1,
            "only the verified one is public"
        );
        let (st, _, _) = get(&s, "/open311/v2/requests.json?status=pending").await;
        assert_eq!(st, 400);
        let (st, _, _) = get(&s, "/open311/v2/requests.json?start_date=kemarin").await;
        assert_eq!(st, 400);
        let (st, _) = s
            .post(
                &format!("/api/v1/complaints/{id}/steps"),
                Some(&admin),
                json!({ "step": "close" }),
            )
            .await;
        assert_eq!(st, 200);
        let (_, _, body) = get(
            &s,
            &format!("/open311/v2/requests.json?service_request_id={id}&status=closed"),
        )
        .await;
        let list: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(list[0]["status"], "closed");
        let (_, _, body) = get(&s, "/open311/v2/requests.json?status=open").await;
        assert_eq!(
            serde_json::from_str::<Value>(&body)
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            0
        );
    })
    .await;
}

/// An XML document as a tree of tags (text only at the leaves), parsed by Python's standard
/// parser: `{"tag": …, "text": …}` or `{"tag": …, "children": […]}`.
fn xml_tree(text: &str) -> Value {
    use std::io::Write;
    let script = "import sys, json, xml.etree.ElementTree as E\n\
def t(e):\n    c = list(e)\n    return {'tag': e.tag, 'children': [t(x) for x in c]} if c else {'tag': e.tag, 'text': (e.text or '')}\n\
print(json.dumps(t(E.fromstring(sys.stdin.read()))))";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "not well-formed XML: {text}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The tags of a tree, nested, without the text: what the specification's example fixes.
fn shape(tree: &Value) -> Value {
    match tree.get("children") {
        Some(c) => {
            json!({
                tree["tag"].as_str().unwrap(): c.as_array().unwrap().iter().map(shape).collect::<Vec<_>>(),
            })
        }
        None => json!(tree["tag"]),
    }
}

/// Service Discovery (wiki.open311.org/Service_Discovery) has the structure of the
/// specification's example in XML and in JSON (the Spark convention), every field present,
/// and an absolute endpoint URL a client can call: `--public-url` when set, else the address
/// the client reached.
#[tokio::test]
async fn discovery_has_the_structure_of_the_specification() {
    demo_on_both_engines(async |s| {
        let (st, ct, body) = get(&s, "/open311/v2/discovery.xml").await;
        assert_eq!(st, 200);
        assert!(ct.starts_with("text/xml"));
        let tree = xml_tree(&body);
        // The specification's example, one endpoint: every field of "Fields for All Versions".
        let endpoint = json!({ "endpoint": [
            "specification", "url", "changeset", "type", { "formats": ["format", "format"] }
        ] });
        assert_eq!(
            shape(&tree),
            json!({
                "discovery": ["changeset", "contact", "key_service", { "endpoints": [endpoint] }],
            }),
            "{body}"
        );
        let leaf = |path: &[usize]| {
            let mut node = &tree;
            for i in path {
                node = &node["children"][*i];
            }
            node["text"].as_str().unwrap().to_string()
        };
        let xml_url = leaf(&[3, 0, 1]);
        assert_eq!(leaf(&[3, 0, 0]), "http://wiki.open311.org/GeoReport_v2");
        assert_eq!(leaf(&[3, 0, 3]), "production");
        assert_eq!(
            [leaf(&[3, 0, 4, 0]), leaf(&[3, 0, 4, 1])],
            ["text/xml", "application/json"]
        );
        for i in [0, 1, 2] {
            assert!(!leaf(&[i]).is_empty(), "field {i} is required");
        }

        let (st, ct, body) = get(&s, "/open311/v2/discovery.json").await;
        assert_eq!(st, 200);
        assert!(ct.starts_with("application/json"));
        let d: Value = serde_json::from_str(&body).unwrap();
        let keys = |v: &Value| {
            let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(
            keys(&d),
            ["changeset", "contact", "endpoints", "key_service"]
        );
        let endpoints = d["endpoints"].as_array().expect("endpoints is an array");
        assert_eq!(endpoints.len(), 1);
        let e = &endpoints[0];
        assert_eq!(
            keys(e),
            ["changeset", "formats", "specification", "type", "url"]
        );
        assert_eq!(e["formats"], json!(["text/xml", "application/json"]));
        assert_eq!(e["specification"], "http://wiki.open311.org/GeoReport_v2");
        assert_eq!(d["changeset"], leaf(&[0]).as_str(), "JSON and XML agree");
        assert_eq!(e["changeset"].as_str(), Some(leaf(&[3, 0, 2]).as_str()));

        // The URL is absolute and answers.
        let url = e["url"].as_str().unwrap();
        assert_eq!(url, xml_url);
        assert_eq!(url, s.url("/open311/v2"), "the address the client reached");
        let r = s
            .http
            .get(format!("{url}/services.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    })
    .await;
    // Behind a proxy, the configured public address.
    let behind_proxy = |a: &mut padu::config::ServeArgs| {
        a.public_url = Some("https://lapor.pesisirselatankab.go.id/".into());
    };
    demo_on_both_engines_with(behind_proxy, async |s| {
        let (_, _, body) = get(&s, "/open311/v2/discovery.json").await;
        let d: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            d["endpoints"][0]["url"],
            "https://lapor.pesisirselatankab.go.id/open311/v2"
        );
    })
    .await;
}
