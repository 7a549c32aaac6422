//! The Pemda, its Perangkat Daerah and their Unit Kerja.

use crate::audit::{append, Change};
use crate::{conflict_on, ts, AuditCtx, ListQuery, Page, Store, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, Serialize)]
pub struct Pemda {
    pub name: String,
    pub profile: String,
    pub domain: String,
    pub instance_id: String,
    pub created_at: String,
    /// The region's own profile file as the Dinas set it (none: the shipped `profile`).
    pub profile_text: Option<String>,
}

pub const PD_KINDS: [&str; 7] = [
    "dinas",
    "badan",
    "sekretariat",
    "inspektorat",
    "satuan",
    "kecamatan",
    "lainnya",
];

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Pd {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub is_dinas_kominfo: bool,
    pub address: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The fields of a PD that people edit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct PdInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub is_dinas_kominfo: bool,
    #[serde(default)]
    pub address: Option<String>,
}

impl PdInput {
    pub fn validate(&self) -> Result<(), StoreError> {
        let code_ok = (2..=64).contains(&self.code.len())
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !code_ok {
            return Err(StoreError::invalid(
                "code",
                "must be 2–64 characters of a–z, 0–9 and '-'",
            ));
        }
        if self.name.trim().is_empty() || self.name.len() > 200 {
            return Err(StoreError::invalid("name", "must be 1–200 characters"));
        }
        if !PD_KINDS.contains(&self.kind.as_str()) {
            return Err(StoreError::invalid(
                "kind",
                format!("must be one of {}", PD_KINDS.join(", ")),
            ));
        }
        if self.short_name.as_ref().is_some_and(|s| s.len() > 50) {
            return Err(StoreError::invalid(
                "short_name",
                "must be at most 50 characters",
            ));
        }
        Ok(())
    }
}

/// A slug for a PD code from its name: "DINAS KESEHATAN" → "dinas-kesehatan".
pub fn code_from_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(64).collect()
}

/// A PD's kind from its name's first word (PP 18/2016 nomenclature).
pub fn kind_from_name(name: &str) -> &'static str {
    let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
    PD_KINDS
        .iter()
        .find(|k| **k == first)
        .copied()
        .unwrap_or("lainnya")
}

const PD_COLUMNS: &str =
    "id, code, name, short_name, kind, is_dinas_kominfo, address, created_at, updated_at";

fn pd(r: &AnyRow) -> Result<Pd, sqlx::Error> {
    Ok(Pd {
        id: r.try_get(0)?,
        code: r.try_get(1)?,
        name: r.try_get(2)?,
        short_name: r.try_get(3)?,
        kind: r.try_get(4)?,
        is_dinas_kominfo: r.try_get::<i64, _>(5)? != 0,
        address: r.try_get(6)?,
        created_at: r.try_get(7)?,
        updated_at: r.try_get(8)?,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct UnitKerja {
    pub id: i64,
    pub pd_id: i64,
    pub name: String,
    pub kind: String,
}

impl Store {
    /// Sets the region's own profile (checked by the caller), with its name and domain as the
    /// file gives them; audited with the text before and after.
    pub async fn set_region_profile(
        &self,
        ctx: &AuditCtx,
        name: &str,
        domain: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        let before = self.pemda().await?.ok_or(StoreError::NotFound)?;
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE pemda SET profile_text = $1, name = $2, domain = $3 WHERE id = 1")
            .bind(text)
            .bind(name)
            .bind(domain)
            .execute(&mut *w.tx)
            .await?;
        crate::audit::append(
            &mut w.tx,
            ctx,
            crate::audit::Change {
                action: "profile_set",
                entity: "pemda",
                entity_id: Some("1".into()),
                pd_id: None,
                before: Some(serde_json::json!({ "profile_text": before.profile_text })),
                after: Some(serde_json::json!({ "profile_text": text })),
            },
        )
        .await?;
        w.commit().await
    }

    pub async fn pemda(&self) -> Result<Option<Pemda>, StoreError> {
        let r = sqlx::query(
            "SELECT name, profile, domain, instance_id, created_at, profile_text FROM pemda WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(match r {
            Some(r) => Some(Pemda {
                name: r.try_get(0)?,
                profile: r.try_get(1)?,
                domain: r.try_get(2)?,
                instance_id: r.try_get(3)?,
                created_at: r.try_get(4)?,
                profile_text: r.try_get(5)?,
            }),
            None => None,
        })
    }

    /// Records the Pemda on first start. Returns false when it already exists.
    pub async fn init_pemda(
        &self,
        ctx: &AuditCtx,
        name: &str,
        profile: &str,
        domain: &str,
        instance_id: &str,
    ) -> Result<bool, StoreError> {
        let mut w = self.begin_write().await?;
        if sqlx::query("SELECT 1 FROM pemda WHERE id = 1")
            .fetch_optional(&mut *w.tx)
            .await?
            .is_some()
        {
            return Ok(false);
        }
        sqlx::query("INSERT INTO pemda (id, name, profile, domain, instance_id, created_at) VALUES (1, $1, $2, $3, $4, $5)")
            .bind(name)
            .bind(profile)
            .bind(domain)
            .bind(instance_id)
            .bind(ts(ctx.at))
            .execute(&mut *w.tx)
            .await?;
        let after = serde_json::json!({ "name": name, "profile": profile, "domain": domain, "instance_id": instance_id });
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "pemda",
                entity_id: Some("1".into()),
                pd_id: None,
                before: None,
                after: Some(after),
            },
        )
        .await?;
        w.commit().await?;
        Ok(true)
    }

    pub async fn list_pds(
        &self,
        q: &ListQuery,
        kind: Option<&str>,
    ) -> Result<Page<Pd>, StoreError> {
        let cond = "($1 IS NULL OR LOWER(name || ' ' || code || ' ' || COALESCE(short_name, '')) LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR kind = $2)";
        let like = q.like();
        let total: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) FROM perangkat_daerah WHERE {cond}"
        ))
        .bind(&like)
        .bind(kind)
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
        let rows = sqlx::query(&format!("SELECT {PD_COLUMNS} FROM perangkat_daerah WHERE {cond} ORDER BY name, id LIMIT $3 OFFSET $4"))
            .bind(&like)
            .bind(kind)
            .bind(i64::from(q.limit()))
            .bind(q.offset())
            .fetch_all(&self.pool)
            .await?;
        Ok(Page::new(
            rows.iter().map(pd).collect::<Result<_, _>>()?,
            total,
            q,
        ))
    }

    /// Every PD, by name (a region has tens of them, not thousands).
    pub async fn all_pds(&self) -> Result<Vec<Pd>, StoreError> {
        sqlx::query(&format!(
            "SELECT {PD_COLUMNS} FROM perangkat_daerah ORDER BY name, id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| pd(r).map_err(StoreError::from))
        .collect()
    }

    /// A record's `pd_id` names a PD, or the record is refused naming the field.
    pub(crate) async fn check_pd(&self, id: i64) -> Result<(), StoreError> {
        self.get_pd(id)
            .await
            .map(|_| ())
            .map_err(|_| StoreError::invalid("pd_id", "no such Perangkat Daerah"))
    }

    pub async fn get_pd(&self, id: i64) -> Result<Pd, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {PD_COLUMNS} FROM perangkat_daerah WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(pd(&r.ok_or(StoreError::NotFound)?)?)
    }

    pub async fn pd_by_code(&self, code: &str) -> Result<Option<Pd>, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {PD_COLUMNS} FROM perangkat_daerah WHERE code = $1"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.map(|r| pd(&r)).transpose()?)
    }

    pub async fn create_pd(&self, ctx: &AuditCtx, input: &PdInput) -> Result<Pd, StoreError> {
        input.validate()?;
        let mut w = self.begin_write().await?;
        let created = insert_pd(&mut w.tx, ctx, input).await?;
        w.commit().await?;
        Ok(created)
    }

    pub async fn update_pd(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &PdInput,
    ) -> Result<Pd, StoreError> {
        input.validate()?;
        let before = self.get_pd(id).await?;
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE perangkat_daerah SET code = $1, name = $2, short_name = $3, kind = $4, is_dinas_kominfo = $5, address = $6, updated_at = $7 WHERE id = $8")
            .bind(&input.code)
            .bind(input.name.trim())
            .bind(&input.short_name)
            .bind(&input.kind)
            .bind(i64::from(input.is_dinas_kominfo))
            .bind(&input.address)
            .bind(ts(ctx.at))
            .bind(id)
            .execute(&mut *w.tx)
            .await
            .map_err(conflict_on("code"))?;
        let after = sqlx::query(&format!(
            "SELECT {PD_COLUMNS} FROM perangkat_daerah WHERE id = $1"
        ))
        .bind(id)
        .fetch_one(&mut *w.tx)
        .await?;
        let after = pd(&after)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "update",
                entity: "perangkat_daerah",
                entity_id: Some(id.to_string()),
                pd_id: Some(id),
                before: Some(serde_json::to_value(&before).unwrap_or_default()),
                after: Some(serde_json::to_value(&after).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Deletes a PD that nothing refers to any more; a PD still holding records (sites, units,
    /// roles, tokens, registers, tickets, ...: every foreign key the schema has) is a conflict
    /// naming them.
    pub async fn delete_pd(&self, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        let before = self.get_pd(id).await?;
        let what = crate::audit::Deletion {
            table: "perangkat_daerah",
            search: "",
            entity: "perangkat_daerah",
            id,
            pd_id: Some(id),
        };
        self.delete_audited(ctx, what, serde_json::to_value(&before).unwrap_or_default())
            .await
    }

    pub async fn count_pds(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM perangkat_daerah")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }

    pub async fn list_unit_kerja(&self, pd_id: i64) -> Result<Vec<UnitKerja>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, pd_id, name, kind FROM unit_kerja WHERE pd_id = $1 ORDER BY name",
        )
        .bind(pd_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(UnitKerja {
                    id: r.try_get(0)?,
                    pd_id: r.try_get(1)?,
                    name: r.try_get(2)?,
                    kind: r.try_get(3)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn create_unit_kerja(
        &self,
        ctx: &AuditCtx,
        pd_id: i64,
        name: &str,
        kind: &str,
    ) -> Result<UnitKerja, StoreError> {
        if name.trim().is_empty() || name.len() > 200 {
            return Err(StoreError::invalid("name", "must be 1–200 characters"));
        }
        self.check_pd(pd_id).await?;
        let mut w = self.begin_write().await?;
        let u = insert_unit_kerja(&mut w.tx, ctx, pd_id, name.trim(), kind).await?;
        w.commit().await?;
        Ok(u)
    }

    pub async fn count_unit_kerja(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM unit_kerja")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }
}

pub(crate) async fn insert_pd(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    input: &PdInput,
) -> Result<Pd, StoreError> {
    let r = sqlx::query(&format!("INSERT INTO perangkat_daerah (code, name, short_name, kind, is_dinas_kominfo, address, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {PD_COLUMNS}"))
        .bind(&input.code)
        .bind(input.name.trim())
        .bind(&input.short_name)
        .bind(&input.kind)
        .bind(i64::from(input.is_dinas_kominfo))
        .bind(&input.address)
        .bind(ts(ctx.at))
        .fetch_one(&mut **tx)
        .await
        .map_err(conflict_on("code"))?;
    let created = pd(&r)?;
    append(
        tx,
        ctx,
        Change {
            action: "create",
            entity: "perangkat_daerah",
            entity_id: Some(created.id.to_string()),
            pd_id: Some(created.id),
            before: None,
            after: Some(serde_json::to_value(&created).unwrap_or_default()),
        },
    )
    .await?;
    Ok(created)
}

pub(crate) async fn insert_unit_kerja(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    pd_id: i64,
    name: &str,
    kind: &str,
) -> Result<UnitKerja, StoreError> {
    let r = sqlx::query("INSERT INTO unit_kerja (pd_id, name, kind, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
        .bind(pd_id)
        .bind(name)
        .bind(kind)
        .bind(ts(ctx.at))
        .fetch_one(&mut **tx)
        .await
        .map_err(conflict_on("name"))?;
    let u = UnitKerja {
        id: r.try_get(0)?,
        pd_id,
        name: name.to_string(),
        kind: kind.to_string(),
    };
    append(
        tx,
        ctx,
        Change {
            action: "create",
            entity: "unit_kerja",
            entity_id: Some(u.id.to_string()),
            pd_id: Some(pd_id),
            before: None,
            after: Some(serde_json::to_value(&u).unwrap_or_default()),
        },
    )
    .await?;
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_kinds_from_names() {
        assert_eq!(
            code_from_name("DINAS KOMUNIKASI DAN INFORMATIKA"),
            "dinas-komunikasi-dan-informatika"
        );
        assert_eq!(
            code_from_name("Dinas Pemberdayaan Masyarakat dan Desa, Pengendalian Penduduk"),
            "dinas-pemberdayaan-masyarakat-dan-desa-pengendalian-penduduk"
        );
        assert_eq!(kind_from_name("KECAMATAN SUTERA"), "kecamatan");
        assert_eq!(kind_from_name("RSUD TAPAN"), "lainnya");
    }

    #[test]
    fn pd_input_names_the_bad_field() {
        let good = PdInput {
            code: "dinas-x".into(),
            name: "Dinas X".into(),
            short_name: None,
            kind: "dinas".into(),
            is_dinas_kominfo: false,
            address: None,
        };
        assert!(good.validate().is_ok());
        for (bad, field) in [
            (
                PdInput {
                    code: "Dinas X".into(),
                    ..good.clone()
                },
                "code",
            ),
            (
                PdInput {
                    name: " ".into(),
                    ..good.clone()
                },
                "name",
            ),
            (
                PdInput {
                    kind: "kementerian".into(),
                    ..good.clone()
                },
                "kind",
            ),
        ] {
            match bad.validate() {
                Err(StoreError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
    }
}
