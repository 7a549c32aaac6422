//! Each year's self-evaluation of the Pemda (Kalbar Pasal 44, Bogor Pasal 45, Pessel Lampiran
//! III Bab VI): on one instrument, a claim per indicator (the level, why, and links to the
//! evidence) and the assessor's review of it. Whether an indicator is the instrument's is the
//! application's check (it reads the instrument); the store checks what a row holds.

use crate::audit::{append, Change};
use crate::{check_len, check_text, conflict_on, ts, AuditCtx, Store, StoreError};
use padu_domain::evaluasi::{on_scale, VERDICTS};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Evaluation {
    pub id: i64,
    pub year: i64,
    pub instrument_code: String,
    pub created_at: String,
    pub created_by: String,
}

/// A link to evidence: a Padu page (a path) or an address elsewhere on the intranet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceLink {
    pub label: String,
    /// A path in Padu ("/manajemen/risiko") or an http(s) address.
    pub href: String,
}

/// An indicator's claim as a call makes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimInput {
    /// The indicator's number in the evaluation's instrument.
    pub indicator: i64,
    /// 1–5.
    pub level: i64,
    pub justification: String,
    #[serde(default)]
    pub links: Vec<EvidenceLink>,
}

/// The assessor's review of a claim.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimReview {
    /// setuju (agree) or revisi (revise to `level`, with a note).
    pub verdict: String,
    /// The level the assessor sets, for revisi.
    #[serde(default)]
    pub level: Option<i64>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Claim {
    pub id: i64,
    pub indicator: i64,
    pub level: i64,
    pub justification: String,
    pub links: Vec<EvidenceLink>,
    pub claimed_by: String,
    pub claimed_at: String,
    /// None until reviewed.
    pub verdict: Option<String>,
    pub reviewed_level: Option<i64>,
    pub review_note: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    /// The member of staff who claimed it last.
    pub claimed_by_user_id: Option<i64>,
}

impl Claim {
    /// The level that counts: the assessor's where revised, else the claim's.
    pub fn final_level(&self) -> i64 {
        match self.verdict.as_deref() {
            Some("revisi") => self.reviewed_level.unwrap_or(self.level),
            _ => self.level,
        }
    }
}

const EVALUATION: &str = "id, year, instrument_code, created_at, created_by";
const CLAIM: &str = "id, indicator, level, justification, links, claimed_by, claimed_at, verdict, reviewed_level, review_note, reviewed_by, reviewed_at, claimed_by_user_id";

fn evaluation(r: &sqlx::any::AnyRow) -> Result<Evaluation, StoreError> {
    Ok(Evaluation {
        id: r.try_get(0)?,
        year: r.try_get(1)?,
        instrument_code: r.try_get(2)?,
        created_at: r.try_get(3)?,
        created_by: r.try_get(4)?,
    })
}

fn claim(r: &sqlx::any::AnyRow) -> Result<Claim, StoreError> {
    let links: String = r.try_get(4)?;
    Ok(Claim {
        id: r.try_get(0)?,
        indicator: r.try_get(1)?,
        level: r.try_get(2)?,
        justification: r.try_get(3)?,
        links: serde_json::from_str(&links).unwrap_or_default(),
        claimed_by: r.try_get(5)?,
        claimed_at: r.try_get(6)?,
        verdict: r.try_get(7)?,
        reviewed_level: r.try_get(8)?,
        review_note: r.try_get(9)?,
        reviewed_by: r.try_get(10)?,
        reviewed_at: r.try_get(11)?,
        claimed_by_user_id: r.try_get(12)?,
    })
}

/// A row read, or not found.
fn found<T>(read: Option<Result<T, StoreError>>) -> Result<T, StoreError> {
    read.unwrap_or(Err(StoreError::NotFound))
}

fn check_claim(c: &ClaimInput) -> Result<(), StoreError> {
    on_scale(c.level).ok_or_else(|| StoreError::invalid("level", "must be 1–5"))?;
    check_text("justification", &c.justification, 4000)?;
    if c.links.len() > 50 {
        return Err(StoreError::invalid("links", "at most 50 links"));
    }
    for (i, l) in c.links.iter().enumerate() {
        check_text(&format!("links[{i}].label"), &l.label, 200)?;
        check_len(&format!("links[{i}].href"), &l.href, 500)?;
        let href = l.href.trim();
        let inside = href.starts_with('/') && !href.starts_with("//");
        if !(inside || href.starts_with("https://") || href.starts_with("http://")) {
            return Err(StoreError::invalid(
                &format!("links[{i}].href"),
                "must be a Padu path (/...) or an http(s) address",
            ));
        }
    }
    Ok(())
}

fn check_review(r: &ClaimReview) -> Result<(), StoreError> {
    if !VERDICTS.contains(&r.verdict.as_str()) {
        return Err(StoreError::invalid(
            "verdict",
            format!("must be one of {}", VERDICTS.join(", ")),
        ));
    }
    check_len("note", &r.note, 4000)?;
    if r.verdict == "revisi" {
        r.level
            .and_then(on_scale)
            .ok_or_else(|| StoreError::invalid("level", "a revision sets a level 1–5"))?;
        check_text("note", &r.note, 4000)?;
    }
    Ok(())
}

impl Store {
    /// Every year's evaluation, oldest first.
    pub async fn evaluations(&self) -> Result<Vec<Evaluation>, StoreError> {
        sqlx::query(&format!(
            "SELECT {EVALUATION} FROM evaluasi_evaluations ORDER BY year"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(evaluation)
        .collect()
    }

    pub async fn evaluation_of_year(&self, year: i64) -> Result<Evaluation, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {EVALUATION} FROM evaluasi_evaluations WHERE year = $1"
        ))
        .bind(year)
        .fetch_optional(&self.pool)
        .await?;
        found(row.as_ref().map(evaluation))
    }

    /// Starts year `year`'s evaluation on instrument `code` (one a year).
    pub async fn start_evaluation(
        &self,
        ctx: &AuditCtx,
        year: i64,
        code: &str,
    ) -> Result<Evaluation, StoreError> {
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO evaluasi_evaluations (year, instrument_code, created_at, created_by) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(year)
            .bind(code)
            .bind(ts(ctx.at))
            .bind(&ctx.actor_label)
            .fetch_one(&mut *w.tx)
            .await
            .map_err(conflict_on("year"))?
            .try_get(0)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "evaluation_started",
                entity: "evaluation",
                entity_id: Some(year.to_string()),
                pd_id: None,
                before: None,
                after: Some(json!({ "id": id, "year": year, "instrument": code })),
            },
        )
        .await?;
        w.commit().await?;
        self.evaluation_of_year(year).await
    }

    /// The claims of evaluation `id`, by indicator.
    pub async fn claims(&self, evaluation_id: i64) -> Result<Vec<Claim>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CLAIM} FROM evaluasi_claims WHERE evaluation_id = $1 ORDER BY indicator"
        ))
        .bind(evaluation_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(claim)
        .collect()
    }

    /// Claim `id`, with the year of its evaluation.
    pub async fn claim(&self, id: i64) -> Result<(i64, Claim), StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {}, e.year FROM evaluasi_claims c JOIN evaluasi_evaluations e ON e.id = c.evaluation_id WHERE c.id = $1",
            CLAIM.split(", ").map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ")
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((r.try_get(13)?, claim(&r)?))
    }

    /// Claims (or claims again) an indicator's level; a claim changed after its review goes
    /// back to be reviewed. One audit entry with the claim as it was and as it is.
    pub async fn save_claim(
        &self,
        ctx: &AuditCtx,
        evaluation: &Evaluation,
        input: &ClaimInput,
    ) -> Result<Claim, StoreError> {
        check_claim(input)?;
        let links = serde_json::to_string(&input.links).unwrap_or_else(|_| "[]".into());
        let before = self.claims(evaluation.id).await?;
        let before = before.iter().find(|c| c.indicator == input.indicator);
        let mut w = self.begin_write().await?;
        match before {
            // A claim keeps its id (its evidence files hang on it) and, its level unchanged,
            // its review.
            Some(b) => {
                // Only a claim saved again as it was keeps its review.
                let keeps_review = b.level == input.level
                    && b.justification == input.justification.trim()
                    && b.links == input.links;
                sqlx::query("UPDATE evaluasi_claims SET level = $1, justification = $2, links = $3, claimed_by = $4, claimed_at = $5, verdict = CASE WHEN $6 = 1 THEN verdict END, reviewed_level = CASE WHEN $6 = 1 THEN reviewed_level END, review_note = CASE WHEN $6 = 1 THEN review_note ELSE '' END, reviewed_by = CASE WHEN $6 = 1 THEN reviewed_by END, reviewed_at = CASE WHEN $6 = 1 THEN reviewed_at END, claimed_by_user_id = $8 WHERE id = $7")
                    .bind(input.level)
                    .bind(input.justification.trim())
                    .bind(&links)
                    .bind(&ctx.actor_label)
                    .bind(ts(ctx.at))
                    .bind(i64::from(keeps_review))
                    .bind(b.id)
                    .bind(ctx.actor_user_id)
                    .execute(&mut *w.tx)
                    .await?;
            }
            None => {
                sqlx::query("INSERT INTO evaluasi_claims (evaluation_id, indicator, level, justification, links, claimed_by, claimed_at, review_note, claimed_by_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8)")
                    .bind(evaluation.id)
                    .bind(input.indicator)
                    .bind(input.level)
                    .bind(input.justification.trim())
                    .bind(&links)
                    .bind(&ctx.actor_label)
                    .bind(ts(ctx.at))
                    .bind(ctx.actor_user_id)
                    .execute(&mut *w.tx)
                    .await?;
            }
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "level_claimed",
                entity: "evaluation",
                entity_id: Some(evaluation.year.to_string()),
                pd_id: None,
                before: before.map(|b| json!({ "indicator": b.indicator, "level": b.level, "justification": b.justification, "links": b.links })),
                after: Some(json!(input)),
            },
        )
        .await?;
        w.commit().await?;
        self.claim_of(evaluation.id, input.indicator).await
    }

    async fn claim_of(&self, evaluation_id: i64, indicator: i64) -> Result<Claim, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {CLAIM} FROM evaluasi_claims WHERE evaluation_id = $1 AND indicator = $2"
        ))
        .bind(evaluation_id)
        .bind(indicator)
        .fetch_optional(&self.pool)
        .await?;
        found(row.as_ref().map(claim))
    }

    /// Records the assessor's review of indicator `indicator`'s claim.
    pub async fn review_claim(
        &self,
        ctx: &AuditCtx,
        evaluation: &Evaluation,
        indicator: i64,
        review: &ClaimReview,
    ) -> Result<Claim, StoreError> {
        check_review(review)?;
        let claimed = self
            .claim_of(evaluation.id, indicator)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => {
                    StoreError::invalid("indicator", "has no claim to review yet")
                }
                e => e,
            })?;
        let level = (review.verdict == "revisi")
            .then_some(review.level)
            .flatten();
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE evaluasi_claims SET verdict = $1, reviewed_level = $2, review_note = $3, reviewed_by = $4, reviewed_at = $5 WHERE id = $6")
            .bind(&review.verdict)
            .bind(level)
            .bind(review.note.trim())
            .bind(&ctx.actor_label)
            .bind(ts(ctx.at))
            .bind(claimed.id)
            .execute(&mut *w.tx)
            .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "claim_reviewed",
                entity: "evaluation",
                entity_id: Some(evaluation.year.to_string()),
                pd_id: None,
                before: Some(json!({ "indicator": indicator, "level": claimed.level, "verdict": claimed.verdict })),
                after: Some(json!({ "indicator": indicator, "verdict": review.verdict, "level": level, "note": review.note.trim() })),
            },
        )
        .await?;
        w.commit().await?;
        self.claim_of(evaluation.id, indicator).await
    }

    /// Year `year`'s newest signed report, if any.
    pub async fn signed_report(&self, year: i64) -> Result<Option<SignedReport>, StoreError> {
        let row = sqlx::query("SELECT year, statement, signature, public_key_pem, signed_by, signed_at FROM evaluasi_reports WHERE year = $1 ORDER BY id DESC LIMIT 1")
            .bind(year)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(SignedReport {
                year: r.try_get(0)?,
                statement: r.try_get(1)?,
                signature: r.try_get(2)?,
                public_key_pem: r.try_get(3)?,
                signed_by: r.try_get(4)?,
                signed_at: r.try_get(5)?,
            })
        })
        .transpose()
    }

    /// Keeps a report signed by the application.
    pub async fn save_signed_report(
        &self,
        ctx: &AuditCtx,
        report: &SignedReport,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        sqlx::query("INSERT INTO evaluasi_reports (year, statement, signature, public_key_pem, signed_by, signed_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(report.year)
            .bind(&report.statement)
            .bind(&report.signature)
            .bind(&report.public_key_pem)
            .bind(&report.signed_by)
            .bind(&report.signed_at)
            .execute(&mut *w.tx)
            .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "report_signed",
                entity: "evaluation",
                entity_id: Some(report.year.to_string()),
                pd_id: None,
                before: None,
                after: Some(
                    json!({ "statement": report.statement, "signature": report.signature }),
                ),
            },
        )
        .await?;
        w.commit().await
    }
}

/// A year's report as signed.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct SignedReport {
    pub year: i64,
    pub statement: String,
    /// Ed25519, hex.
    pub signature: String,
    pub public_key_pem: String,
    pub signed_by: String,
    pub signed_at: String,
}
