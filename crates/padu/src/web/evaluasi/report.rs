//! The year's report to the head of region as a printable document: the evaluation's index by
//! domain and aspect beside the earlier years, the audits reported that year with their
//! findings, and the signature with what it takes to check it with openssl. The Dinas or the
//! Koordinator signs it; the same over the API.

use super::pages::{comparison, structure};
use crate::app::evaluasi::{self, YearReport};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{layout, OrPage, UiResult};
use crate::web::kit::{ApiError, Caller, Routes, SessionForm, SharedState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::{html, Markup};
use padu_domain::evaluasi::CLAIMS_LEVELS;
use padu_domain::Gate;
use std::collections::HashMap;
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(report_api))
        .api(CLAIMS_LEVELS, routes!(sign_api))
        .get("/evaluasi/{year}/laporan", Gate::SignedIn, report_page)
        .post("/evaluasi/{year}/laporan", CLAIMS_LEVELS, sign_submit)
}

/// Year `year`'s report to the head of region: the text as the records stand, and the newest
/// signed one with whether its signature verifies and whether it is still current.
#[utoipa::path(get, path = "/api/v1/evaluasi/evaluations/{year}/report", tag = "evaluasi", params(("year" = i64, Path)), responses((status = 200, body = YearReport), (status = 403), (status = 404)))]
async fn report_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(year): Path<i64>,
) -> Result<Json<YearReport>, ApiError> {
    Ok(Json(evaluasi::report(&state, &caller.actor, year).await?))
}

/// Signs year `year`'s report as it stands with the instance key (every indicator claimed).
#[utoipa::path(post, path = "/api/v1/evaluasi/evaluations/{year}/report", tag = "evaluasi", params(("year" = i64, Path)), responses((status = 201, body = YearReport), (status = 403), (status = 404), (status = 422)))]
async fn sign_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(year): Path<i64>,
) -> Result<(StatusCode, Json<YearReport>), ApiError> {
    let r = evaluasi::sign_report(&state, &caller.actor, &caller.audit_ctx(), year).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

async fn report_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(year): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let r = evaluasi::report(&state, &caller.actor, year)
        .await
        .or_page(&state, &caller)?;
    let v = &r.evaluation;
    let title = format!("{} {year}", t(lang, "report.title"));
    Ok(layout(
        &state,
        &caller,
        &title,
        html! {
            p.noprint { a href={ "/evaluasi/" (year) } { "← " (t(lang, "eval.title")) " " (year) } }
            article.document #year-report {
                p { (state.pemda.name) " · " (v.instrument.name) }
                table.facts {
                    tr { th { (t(lang, "eval.index")) } td { strong { (v.index.total.shown()) } " · " (v.index.predicate) } }
                }
                h2 { (t(lang, "eval.by_domain")) }
                (structure(lang, v))
                @if !v.earlier.is_empty() {
                    h2 { (t(lang, "eval.earlier")) }
                    (comparison(lang, v))
                }
                h2 { (t(lang, "report.audits")) " " (year) }
                @if r.audits.is_empty() { p { (t(lang, "report.no_audits")) } }
                @else {
                    table #report-audits {
                        thead { tr {
                            th { (t(lang, "field.title")) }
                            th { (t(lang, "field.kind")) }
                            th { (t(lang, "audittik.reported_on")) }
                            th.num { (t(lang, "audittik.findings")) }
                            th.num { (t(lang, "audittik.open_findings")) }
                        } }
                        tbody {
                            @for a in &r.audits {
                                tr {
                                    td { (a.audit.title) }
                                    td { (value_label(lang, &a.audit.object_kind)) }
                                    td { (a.audit.reported_on.as_deref().unwrap_or_default()) }
                                    td.num { (a.findings) }
                                    td.num { (a.open_findings) }
                                }
                            }
                        }
                    }
                }
                h2 { (t(lang, "report.signature")) }
                (signature(lang, &r, state.public_url.as_deref().unwrap_or("http://127.0.0.1:8080")))
            }
            @if r.may_sign {
                form.card.noprint #sign-report method="post" action={ "/evaluasi/" (year) "/laporan" } {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    p.muted { (t(lang, "report.sign_intro")) }
                    button type="submit" { (t(lang, "report.sign")) }
                }
            }
        },
    ))
}

fn signature(lang: Lang, r: &YearReport, base: &str) -> Markup {
    let Some(s) = &r.signed else {
        return html! { p #report-signature { (t(lang, "report.unsigned")) } };
    };
    let standing = match (r.valid, r.current) {
        (true, true) => "report.valid",
        (true, false) => "report.outdated",
        _ => "report.invalid",
    };
    html! {
        div #report-signature {
            p { strong { (t(lang, standing)) } }
            table.facts {
                tr { th { (t(lang, "report.signed_by")) } td { (s.signed_by) " · " (s.signed_at.get(..16).unwrap_or_default()) } }
                tr { th { (t(lang, "report.fingerprint")) } td { code { (r.key_fingerprint) } } }
                tr { th { (t(lang, "report.signature_hex")) } td { code.detail { (s.signature) } } }
            }
            details.noprint {
                summary { (t(lang, "report.verify_how")) }
                p { (t(lang, "report.verify_intro")) }
                pre { "curl -s -H \"Authorization: Bearer $TOKEN\" " (base) "/api/v1/evaluasi/evaluations/" (r.evaluation.evaluation.year) "/report > laporan.json\n"
                      "python3 -c 'import json; s=json.load(open(\"laporan.json\"))[\"signed\"]; open(\"statement.txt\",\"wb\").write(s[\"statement\"].encode()); open(\"key.pem\",\"w\").write(s[\"public_key_pem\"]); open(\"sig\",\"wb\").write(bytes.fromhex(s[\"signature\"]))'\n"
                      "openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in statement.txt -sigfile sig" }
                pre.statement { (s.statement) }
            }
        }
    }
}

async fn sign_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(year): Path<i64>,
    SessionForm(_): SessionForm<HashMap<String, String>>,
) -> UiResult {
    evaluasi::sign_report(&state, &caller.actor, &caller.audit_ctx(), year)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/evaluasi/{year}/laporan?pesan=saved")).into_response())
}
