//! Metaservices (X-Road PR-META and PR-MREST): `listClients`, `listMethods`,
//! `allowedMethods` and `getOpenAPI`, answered by the gateway from its registry.

use super::{Gsb, GsbError};
use crate::interchange::archimate::esc as xml_text;
use http_body_util::BodyExt;
use padu_store::gsb::{Registry, Service};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::time::Duration;

/// The members and subsystems of `instance` (PR-META 2 `listClients`): JSON when the client
/// asked for `application/json`, otherwise the `clientList` XML of PR-META Annex A. As in
/// PR-META Annex C.1, `name` is always the member's name; a subsystem's own name is
/// `subsystem_name` (`subsystemName` in XML).
pub fn list_clients(registry: &Registry, instance: &str, json: bool) -> (String, &'static str) {
    let mut members = Vec::new();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<ns2:clientList xmlns:ns1=\"http://x-road.eu/xsd/identifiers\" xmlns:ns2=\"http://x-road.eu/xsd/xroad.xsd\">\n",
    );
    for m in registry.members.iter().filter(|m| m.instance == instance) {
        let subsystems = registry.subsystems.iter().filter(|s| s.member_id == m.id);
        for s in std::iter::once(None).chain(subsystems.map(Some)) {
            if json {
                let mut id = json!({
                    "member_class": m.member_class, "member_code": m.member_code,
                    "object_type": if s.is_some() { "SUBSYSTEM" } else { "MEMBER" },
                    "xroad_instance": m.instance,
                });
                let mut member = json!({ "name": m.name });
                if let Some(s) = s {
                    id["subsystem_code"] = json!(s.code);
                    member["subsystem_name"] = json!(s.name);
                }
                member["id"] = id;
                members.push(member);
                continue;
            }
            let _ = write!(
                xml,
                "    <ns2:member>\n        <ns2:id ns1:objectType=\"{}\">\n            <ns1:xRoadInstance>{}</ns1:xRoadInstance>\n            <ns1:memberClass>{}</ns1:memberClass>\n            <ns1:memberCode>{}</ns1:memberCode>\n",
                if s.is_some() { "SUBSYSTEM" } else { "MEMBER" },
                xml_text(&m.instance),
                xml_text(&m.member_class),
                xml_text(&m.member_code),
            );
            if let Some(s) = s {
                let _ = writeln!(
                    xml,
                    "            <ns1:subsystemCode>{}</ns1:subsystemCode>",
                    xml_text(&s.code)
                );
            }
            let _ = writeln!(
                xml,
                "        </ns2:id>\n        <ns2:name>{}</ns2:name>",
                xml_text(&m.name)
            );
            if let Some(s) = s {
                let _ = writeln!(
                    xml,
                    "        <ns2:subsystemName>{}</ns2:subsystemName>",
                    xml_text(&s.name)
                );
            }
            xml.push_str("    </ns2:member>\n");
        }
    }
    if json {
        return (
            json!({ "member": members }).to_string(),
            "application/json;charset=utf-8",
        );
    }
    xml.push_str("</ns2:clientList>\n");
    (xml, "text/xml;charset=utf-8")
}

/// The services of a provider subsystem with their endpoints (`listMethods`), or only those
/// open to `client` with the endpoints it may call (`allowedMethods`).
pub fn list_methods(
    registry: &Registry,
    provider: i64,
    client: Option<i64>,
) -> (String, &'static str) {
    let id = registry.client_id(provider);
    let mut services = Vec::new();
    for s in registry
        .services
        .iter()
        .filter(|s| s.subsystem_id == provider)
    {
        let endpoints: Vec<Value> = match client {
            Some(c) => registry
                .endpoints(s.id, c)
                .into_iter()
                .map(|e| json!({ "method": e.method, "path": e.path }))
                .collect(),
            None => declared_endpoints(s),
        };
        if client.is_some() && endpoints.is_empty() {
            continue;
        }
        let Some(id) = &id else { continue };
        services.push(json!({
            "member_class": id.member_class, "member_code": id.member_code,
            "object_type": "SERVICE", "service_code": s.code,
            "service_type": if s.openapi.is_some() || s.openapi_url.is_some() { "OPENAPI" } else { "REST" },
            "service_version": s.version,
            "subsystem_code": id.subsystem, "xroad_instance": id.instance,
            "endpoint_list": endpoints,
        }));
    }
    (
        json!({ "service": services }).to_string(),
        "application/json;charset=utf-8",
    )
}

/// The endpoints an OpenAPI description (JSON) declares, path parameters as `*`; any method
/// on any path when there is none.
fn declared_endpoints(s: &Service) -> Vec<Value> {
    let doc: Option<Value> = s
        .openapi
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok());
    let Some(paths) = doc
        .as_ref()
        .and_then(|d| d.get("paths"))
        .and_then(Value::as_object)
    else {
        return vec![json!({ "method": "*", "path": "**" })];
    };
    let mut out = Vec::new();
    for (path, ops) in paths {
        let pattern: Vec<String> = path
            .split('/')
            .map(|seg| {
                if seg.starts_with('{') {
                    "*".to_string()
                } else {
                    seg.to_string()
                }
            })
            .collect();
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            if ops.get(method).is_some() {
                out.push(json!({ "method": method.to_uppercase(), "path": pattern.join("/") }));
            }
        }
    }
    out
}

/// The OpenAPI description of a service: as uploaded, or fetched from the provider.
pub async fn openapi(gsb: &Gsb, s: &Service) -> Result<(String, &'static str), GsbError> {
    let text = match (&s.openapi, &s.openapi_url) {
        (Some(doc), _) => doc.clone(),
        (None, Some(url)) => fetch(gsb, url).await?,
        (None, None) => return Err(GsbError::NoOpenApi("none was uploaded or linked".into())),
    };
    let kind = if text.trim_start().starts_with('{') {
        "application/json;charset=utf-8"
    } else {
        "text/yaml;charset=utf-8"
    };
    Ok((text, kind))
}

/// Fetches a provider's description (at most 2 MiB, 10 seconds).
pub async fn fetch(gsb: &Gsb, url: &str) -> Result<String, GsbError> {
    let req = hyper::Request::get(url)
        .body(
            http_body_util::Empty::new()
                .map_err(|e| match e {})
                .boxed_unsync(),
        )
        .map_err(|e| GsbError::NoOpenApi(e.to_string()))?;
    let resp = tokio::time::timeout(Duration::from_secs(10), gsb.client.request(req))
        .await
        .map_err(|_| GsbError::NoOpenApi("the provider did not answer in 10 s".into()))?
        .map_err(|e| GsbError::NoOpenApi(e.to_string()))?;
    if !resp.status().is_success() {
        return Err(GsbError::NoOpenApi(format!(
            "the provider answered {}",
            resp.status()
        )));
    }
    let body = http_body_util::Limited::new(resp.into_body(), 2 * 1024 * 1024)
        .collect()
        .await
        .map_err(|e| GsbError::NoOpenApi(e.to_string()))?
        .to_bytes();
    String::from_utf8(body.to_vec()).map_err(|_| GsbError::NoOpenApi("not UTF-8".into()))
}
