//! Bulk synthetic Layanan data for benchmarks (`padu bench-seed`): complaints and tickets with
//! realistic text, statuses and ages, written in large batches. Never used by the application;
//! the one audit entry it writes says what was generated.

use crate::audit::{append, Change};
use crate::{ts, AuditCtx, Engine, Store, StoreError};
use chrono::Duration;
use padu_domain::ticket::{Priority, TicketType};
use sqlx::Row;

const SUBJECTS: &[&str] = &[
    "Jalan rusak berlubang",
    "Lampu jalan padam",
    "Sampah menumpuk",
    "Air PDAM tidak mengalir",
    "Antrean puskesmas lama",
    "Pelayanan KTP lambat",
    "Drainase tersumbat",
    "Jembatan retak",
    "Guru jarang hadir",
    "Izin usaha belum terbit",
    "Sinyal internet kantor nagari putus",
    "Bantuan sosial belum diterima",
    "Pasar becek dan kotor",
    "Banjir saat hujan",
];
const PLACES: &[&str] = &[
    "Painan",
    "Salido",
    "Tarusan",
    "Batang Kapas",
    "Sutera",
    "Lengayang",
    "Ranah Pesisir",
    "Linggo Sari Baganti",
    "Pancung Soal",
    "Basa Ampek Balai",
    "Lunang",
    "Silaut",
    "Koto XI Tarusan",
    "IV Jurai",
    "Bayang",
];
const DETAILS: &[&str] = &[
    "sudah lebih dari dua minggu",
    "membahayakan pengendara",
    "warga sudah melapor ke wali nagari",
    "terjadi setiap pagi",
    "mengganggu aktivitas anak sekolah",
    "belum ada tindak lanjut",
    "mohon segera diperbaiki",
    "kondisi makin parah setelah hujan",
];

/// A small deterministic generator: the same seed gives the same data on both engines.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next() as usize % list.len()]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const BATCH: usize = 400;

/// `($1, …, $cols), ($cols+1, …)` for `rows` rows.
fn values(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|i| {
            let marks: Vec<String> = (1..=cols).map(|c| format!("${}", i * cols + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Generates `complaints` complaints and `tickets` tickets spread over the PDs and the last
    /// three years. Returns one tracking code of a public complaint (for status lookups).
    pub async fn bench_seed(
        &self,
        ctx: &AuditCtx,
        complaints: usize,
        tickets: usize,
        progress: &mut (dyn FnMut(&str, usize, usize) + Send),
    ) -> Result<String, StoreError> {
        let pds: Vec<i64> = sqlx::query("SELECT id FROM perangkat_daerah ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        if pds.is_empty() {
            return Err(StoreError::invalid(
                "perangkat_daerah",
                "load the demo region first",
            ));
        }
        let mut rng = Lcg(20261123);
        let now = ctx.at;
        let mut sample = String::new();
        let mut done = 0;
        while done < complaints {
            let n = BATCH.min(complaints - done);
            let mut w = self.begin_write().await?;
            let mut sql = String::from("INSERT INTO complaints (tracking_code, category, title, body, location_text, latitude, longitude, anonymous, confidential, reporter_name, status, pd_id, verify_due, follow_up_due, respond_due, created_at, updated_at, closed_at) VALUES ");
            sql.push_str(&values(n, 18));
            let mut q = sqlx::query(&sql);
            for _ in 0..n {
                let mut bytes = [0u8; 12];
                for b in bytes.iter_mut() {
                    *b = rng.next() as u8;
                }
                let code = padu_domain::complaint::tracking_code(bytes);
                let created = now - Duration::minutes(rng.below(3 * 365 * 24 * 60) as i64);
                let roll = rng.below(100);
                let status = match roll {
                    0..=4 => "menunggu_verifikasi",
                    5..=9 => "diteruskan",
                    10..=14 => "ditindaklanjuti",
                    15..=19 => "ditolak",
                    _ => "selesai",
                };
                let pd = (status != "menunggu_verifikasi" && status != "ditolak")
                    .then(|| pds[rng.below(pds.len() as u64) as usize]);
                let place = rng.pick(PLACES);
                let title = format!("{} di {place}", rng.pick(SUBJECTS));
                let body = format!(
                    "{} di {place}, {}. {}.",
                    rng.pick(SUBJECTS),
                    rng.pick(DETAILS),
                    rng.pick(DETAILS)
                );
                let closed = matches!(status, "selesai" | "ditolak")
                    .then(|| ts(created + Duration::days(6)));
                let confidential = rng.below(20) == 0;
                if sample.is_empty() && status == "diteruskan" && !confidential {
                    sample = code.clone();
                }
                q = q
                    .bind(code)
                    .bind(["pengaduan", "aspirasi", "permintaan_informasi"][rng.below(3) as usize])
                    .bind(title)
                    .bind(body)
                    .bind(place)
                    .bind(-1.0 - rng.below(20_000) as f64 / 10_000.0)
                    .bind(100.3 + rng.below(10_000) as f64 / 10_000.0)
                    .bind(i64::from(rng.below(5) == 0))
                    .bind(i64::from(confidential))
                    .bind("Warga")
                    .bind(status)
                    .bind(pd)
                    .bind(
                        (status == "menunggu_verifikasi").then(|| ts(created + Duration::days(3))),
                    )
                    .bind((status == "diteruskan").then(|| ts(created + Duration::days(8))))
                    .bind((status == "ditindaklanjuti").then(|| ts(created + Duration::days(18))))
                    .bind(ts(created))
                    .bind(ts(created))
                    .bind(closed);
            }
            let last: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM complaints")
                .fetch_one(&mut *w.tx)
                .await?
                .try_get(0)?;
            q.execute(&mut *w.tx).await?;
            if self.engine == Engine::Sqlite {
                sqlx::query("INSERT INTO complaints_fts (rowid, title, body) SELECT id, title, body FROM complaints WHERE id > $1")
                    .bind(last)
                    .execute(&mut *w.tx)
                    .await?;
            }
            w.commit().await?;
            done += n;
            if done % 20_000 < BATCH || done == complaints {
                progress("complaints", done, complaints);
            }
        }
        // The bench's tickets carry the national base's targets.
        let nasional = padu_domain::profile::shipped("nasional").expect("shipped");
        let mut done = 0;
        while done < tickets {
            let n = BATCH.min(tickets - done);
            let mut w = self.begin_write().await?;
            let mut sql = String::from("INSERT INTO tickets (kind, priority, status, tier, pd_id, title, body, requester_label, sla_first_response, sla_next_update, sla_resolution, sla_state, sla_due_at, sla_breached, created_at, updated_at, closed_at) VALUES ");
            sql.push_str(&values(n, 17));
            let mut q = sqlx::query(&sql);
            for _ in 0..n {
                let kind = TicketType::ALL[rng.below(5) as usize];
                let priority = Priority::ALL[rng.below(4) as usize];
                let sla = padu_domain::ticket::sla_for(nasional, kind, priority);
                let created = now - Duration::minutes(rng.below(3 * 365 * 24 * 60) as i64);
                let open = rng.below(100) < 8;
                let status = if open {
                    ["baru", "ditangani", "menunggu_pemohon"][rng.below(3) as usize]
                } else {
                    "ditutup"
                };
                let due = open
                    .then(|| ts(now + Duration::minutes(rng.below(7 * 24 * 60) as i64 - 24 * 60)));
                q = q
                    .bind(kind.as_str())
                    .bind(priority.as_str())
                    .bind(status)
                    .bind(if rng.below(5) == 0 { 2i64 } else { 1 })
                    .bind(pds[rng.below(pds.len() as u64) as usize])
                    .bind(format!(
                        "{} kantor {}",
                        rng.pick(&[
                            "Printer rusak",
                            "Internet putus",
                            "Akun email",
                            "Aplikasi SIMPEG error",
                            "Permintaan VPN",
                            "Ganti password"
                        ]),
                        rng.pick(PLACES)
                    ))
                    .bind(rng.pick(DETAILS).to_string())
                    .bind("Pegawai")
                    .bind(sla.first_response)
                    .bind(sla.next_update)
                    .bind(sla.resolution)
                    .bind(if open { "running" } else { "met" })
                    .bind(due)
                    .bind(i64::from(rng.below(10) == 0))
                    .bind(ts(created))
                    .bind(ts(created))
                    .bind((!open).then(|| ts(created + Duration::days(2))));
            }
            let last: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM tickets")
                .fetch_one(&mut *w.tx)
                .await?
                .try_get(0)?;
            q.execute(&mut *w.tx).await?;
            if self.engine == Engine::Sqlite {
                sqlx::query("INSERT INTO tickets_fts (rowid, title, body) SELECT id, title, body FROM tickets WHERE id > $1")
                    .bind(last)
                    .execute(&mut *w.tx)
                    .await?;
            }
            w.commit().await?;
            done += n;
            if done % 20_000 < BATCH || done == tickets {
                progress("tickets", done, tickets);
            }
        }
        let mut w = self.begin_write().await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "bench_seed",
                entity: "layanan",
                entity_id: None,
                pd_id: None,
                before: None,
                after: Some(serde_json::json!({ "complaints": complaints, "tickets": tickets })),
            },
        )
        .await?;
        w.commit().await?;
        if self.engine == Engine::Postgres {
            // What autovacuum does after a bulk load: statistics and the visibility map.
            sqlx::query("VACUUM ANALYZE").execute(&self.pool).await?;
        }
        Ok(sample)
    }
}
