//! A subsystem's credentials, for those who manage its member: client certificates (issued
//! here, the key shown once on this page only; revoked) and the client tokens.

use super::csrf_field;
use crate::app::penghubung::{self as ops, Issued};
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{confirm_box, confirmed, layout, OrPage, UiResult};
use crate::web::kit::SessionForm;
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;
use serde::Deserialize;

pub(super) async fn subsystem(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    subsystem_page(&state, &caller, id, None).await
}

async fn subsystem_page(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    issued: Option<Issued>,
) -> UiResult {
    let lang = caller.lang;
    let ops::Credentials {
        member,
        name,
        certificates: certs,
        tokens,
    } = ops::subsystem_credentials(state, &caller.actor, id)
        .await
        .or_page(state, caller)?;
    let body = html! {
        p { code #gsb-subsystem { (name) } " · " (member.name) }
        @if let Some(i) = &issued {
            section.notice #gsb-issued {
                p { strong { (t(lang, "gsb.issued")) } }
                pre { (i.certificate.cert_pem) }
                @if let Some(k) = &i.key_pem {
                    p { (t(lang, "gsb.key_once")) }
                    pre #gsb-key { (k) }
                }
            }
        }
        h2 { (t(lang, "gsb.certificates")) }
        table #gsb-certs {
            thead { tr { th { (t(lang, "gsb.serial")) } th { (t(lang, "gsb.valid_until")) } th { (t(lang, "gsb.status")) } th {} } }
            tbody {
                @for c in &certs {
                    tr {
                        td { code { (c.serial) } }
                        td { (c.not_after.get(..10).unwrap_or(&c.not_after)) }
                        td {
                            @if let Some(at) = &c.revoked_at {
                                span.bad { (t(lang, "gsb.revoked")) " " (at.get(..10).unwrap_or(at)) } " — " (c.revoked_reason.clone().unwrap_or_default())
                            } @else { (t(lang, "gsb.valid")) }
                        }
                        td {
                            @if c.revoked_at.is_none() {
                                form method="post" action={ "/penghubung/sertifikat/" (c.id) "/cabut" } class="inline" {
                                    (csrf_field(caller))
                                    input name="reason" required placeholder=(t(lang, "gsb.reason")) aria-label=(t(lang, "gsb.reason"));
                                    (confirm_box(lang, t(lang, "gsb.revoke_cert_confirm")))
                                    button.danger type="submit" { (t(lang, "gsb.revoke")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h3 { (t(lang, "gsb.issue")) }
        form method="post" action={ "/penghubung/subsistem/" (id) "/sertifikat" } #gsb-issue {
            (csrf_field(caller))
            label { (t(lang, "gsb.csr")) textarea name="csr_pem" rows="6" cols="66" {} }
            button type="submit" { (t(lang, "gsb.issue")) }
        }
        h2 { (t(lang, "gsb.tokens")) }
        ul {
            @for tk in &tokens {
                li { code { (tk.prefix) "…" } " " (tk.name) @if tk.revoked_at.is_some() { " — " (t(lang, "gsb.revoked")) } }
            }
        }
    };
    Ok(layout(state, caller, t(lang, "gsb.subsystem"), body))
}

#[derive(Deserialize)]
pub(super) struct IssueForm {
    #[serde(default)]
    csr_pem: String,
}

pub(super) async fn issue(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<IssueForm>,
) -> UiResult {
    let csr = Some(f.csr_pem.trim()).filter(|c| !c.is_empty());
    let ctx = caller.audit_ctx();
    let issued = ops::issue_certificate(&state, &caller.actor, &ctx, id, csr, None)
        .await
        .or_page(&state, &caller)?;
    // The key is on this one page and nowhere else.
    subsystem_page(&state, &caller, id, Some(issued)).await
}

#[derive(Deserialize)]
pub(super) struct RevokeCertForm {
    reason: String,
    #[serde(default)]
    confirm: String,
}

pub(super) async fn revoke_cert(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<RevokeCertForm>,
) -> UiResult {
    confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    let ctx = caller.audit_ctx();
    let c = ops::revoke_certificate(&state, &caller.actor, &ctx, id, &f.reason)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!(
        "/penghubung/subsistem/{}?pesan=saved",
        c.subsystem_id
    ))
    .into_response())
}
