//! First start: the Pemda of the chosen profile, the first administrator and, with `--demo`,
//! the demo region read from the Pessel regulation (Lampiran I Tabel 4.2).

use anyhow::{bail, Context, Result};
use chrono::Datelike;
use padu_domain::catalog::{required_documents, ApplicationKind, Origin};
use padu_domain::network_table;
use padu_domain::password::{check_policy, generate_password, hash_password};
use padu_domain::profile::ProfileId;
use padu_domain::{Classification, Grant, PdId, Role};
use padu_store::catalog::ApplicationInput;
use padu_store::datasets::DatasetInput;
use padu_store::users::NewUser;
use padu_store::{AuditCtx, Store};
use std::path::Path;

pub const ADMIN_USERNAME: &str = "admin";
/// The password of every demo user but `admin` (documented in README; demo only).
pub const DEMO_PASSWORD: &str = "Demo-Padu-2026!";
pub const PESSEL_REGULATION: &str = "pesisir-selatan-perbup-22-2021.md";

/// What the first start did, for the operator.
#[derive(Debug, Default)]
pub struct Bootstrapped {
    pub first_start: bool,
    /// A password generated for `admin`, to print once.
    pub generated_admin_password: Option<String>,
    pub demo_loaded: bool,
}

/// The Pessel regulation as published (a copy under `regulations/` in the repository), so
/// `serve --demo` works from any folder. The shared copy beside the repository wins when present.
const EMBEDDED_PESSEL: &str =
    include_str!("../../../regulations/pesisir-selatan-perbup-22-2021.md");

/// The Pessel regulation text and where it came from: the given folder (which must hold it),
/// else `../shared/regulations` or `./shared/regulations`, else the copy built into the binary.
pub fn pessel_regulation(given: Option<&Path>) -> Result<(String, String)> {
    if let Some(dir) = given {
        let path = dir.join(PESSEL_REGULATION);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {} (--regulations-dir)", path.display()))?;
        return Ok((text, path.display().to_string()));
    }
    for dir in ["../shared/regulations", "shared/regulations"] {
        let path = Path::new(dir).join(PESSEL_REGULATION);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return Ok((text, path.display().to_string()));
        }
    }
    Ok((
        EMBEDDED_PESSEL.to_string(),
        format!("{PESSEL_REGULATION} (built in)"),
    ))
}

/// Refuses an administrator password from `PADU_ADMIN_PASSWORD` that misses the Peraturan
/// BSSN policy, naming what it misses.
pub fn check_admin_password(password: &str, username: &str) -> Result<()> {
    let bad = check_policy(password, username);
    if !bad.is_empty() {
        bail!(
            "PADU_ADMIN_PASSWORD {} (Peraturan BSSN password policy)",
            bad.iter()
                .map(|v| v.message())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

pub async fn first_start(
    store: &Store,
    key: &crate::keys::InstanceKey,
    profile: ProfileId,
    admin_password: Option<String>,
    demo: bool,
    regulations: Option<&Path>,
) -> Result<Bootstrapped> {
    let mut out = Bootstrapped::default();
    let ctx = AuditCtx::system(crate::app::clock::system_now());
    let p = profile.profile();
    let instance_id = format!(
        "{}-{}",
        p.id.as_str(),
        hex::encode(rand::random::<[u8; 4]>())
    );
    if store.pemda().await?.is_none() {
        // Read the demo source before writing anything, so a missing file changes nothing.
        let demo_table = if demo {
            Some(read_demo_table(regulations)?)
        } else {
            None
        };
        let password = match admin_password {
            Some(pw) => {
                check_admin_password(&pw, ADMIN_USERNAME)?;
                pw
            }
            None => {
                let pw = generate_password(&mut rand::rngs::OsRng);
                out.generated_admin_password = Some(pw.clone());
                pw
            }
        };
        store
            .init_pemda(&ctx, p.pemda, p.id.as_str(), p.domain, &instance_id)
            .await?;
        let admin = NewUser {
            username: ADMIN_USERNAME.into(),
            full_name: "Administrator Padu".into(),
            email: None,
            password_hash: hash_password(&password, &mut rand::rngs::OsRng),
            grants: vec![Grant {
                role: Role::AdminDinas,
                pd: None,
            }],
        };
        store.create_user(&ctx, &admin).await?;
        out.first_start = true;
        if let Some(table) = demo_table {
            load_demo(store, &ctx, &table).await?;
            demo_applications(store, &ctx, profile).await?;
            demo_datasets(store, &ctx).await?;
            demo_websites_and_agendas(store, &ctx).await?;
            demo_plans(store, &ctx, key, &instance_id).await?;
            demo_services_and_processes(store, &ctx).await?;
            demo_infrastructure(store, &ctx).await?;
            demo_policies(store, &ctx).await?;
            out.demo_loaded = true;
        }
    }
    Ok(out)
}

fn read_demo_table(regulations: Option<&Path>) -> Result<network_table::ParsedTable> {
    let (text, source) = pessel_regulation(regulations)?;
    let table = network_table::parse(&text);
    if let Some(e) = table.errors.first() {
        bail!(
            "{source}: line {} column {}: {}",
            e.line,
            e.column,
            e.message
        );
    }
    Ok(table)
}

/// The demo region: Pessel's PDs and 70 network sites, and one user per role.
async fn load_demo(
    store: &Store,
    ctx: &AuditCtx,
    table: &network_table::ParsedTable,
) -> Result<()> {
    store
        .import_network_table(
            ctx,
            table,
            "Pessel Lampiran I Tabel 4.2",
            Classification::Terbatas,
            false,
            &mut |_, _| {},
        )
        .await?;
    let pd = |code: &'static str| async move {
        store
            .pd_by_code(code)
            .await
            .ok()
            .flatten()
            .map(|p| PdId(p.id))
    };
    let kominfo = pd("dinas-komunikasi-dan-informatika").await;
    let kesehatan = pd("dinas-kesehatan").await;
    let users = [
        (
            "operator.kominfo",
            "Operator Dinas Kominfo",
            Role::OperatorPd,
            kominfo,
        ),
        (
            "operator.kesehatan",
            "Operator Dinas Kesehatan",
            Role::OperatorPd,
            kesehatan,
        ),
        (
            "koordinator",
            "Koordinator SPBE (Sekretaris Daerah)",
            Role::Koordinator,
            None,
        ),
        ("auditor", "Auditor Inspektorat", Role::Auditor, None),
        ("pimpinan", "Bupati Pesisir Selatan", Role::Pimpinan, None),
    ];
    let hash = hash_password(DEMO_PASSWORD, &mut rand::rngs::OsRng);
    for (username, name, role, pd) in users {
        let user = NewUser {
            username: username.into(),
            full_name: name.into(),
            email: None,
            password_hash: hash.clone(),
            grants: vec![Grant { role, pd }],
        };
        store.create_user(ctx, &user).await?;
    }
    Ok(())
}

/// One demo application: (PD code, name, description, kind, sector, origin, repository, url,
/// status, in production since, tested on, last review, how many checklist documents,
/// classification).
type DemoApplication = (
    &'static str,
    &'static str,
    &'static str,
    ApplicationKind,
    &'static str,
    Origin,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    usize,
    Classification,
);

/// A realistic applications register for the demo region: the region's own builds (some fully
/// documented, some not, one never tested before going live), national ready-made systems, one
/// in development and one retired, so that the catalogue shows findings as a real one would.
async fn demo_applications(store: &Store, ctx: &AuditCtx, profile: ProfileId) -> Result<()> {
    use ApplicationKind::{Khusus, Umum};
    use Classification::{Biasa, Rahasia, Terbatas};
    use Origin::{Built, ReadyMade};
    let apps: [DemoApplication; 10] = [
        ("dinas-kesehatan", "SIMPUS", "Sistem informasi manajemen puskesmas: pendaftaran, rekam medis elektronik, laporan LB1", Khusus, "Kesehatan", Built, None, Some("https://simpus.pesisirselatankab.go.id"), "production", Some("2023-02-01"), Some("2023-01-16"), Some("2025-11-03"), 4, Terbatas),
        ("dinas-kependudukan-dan-catatan-sipil", "SIAK Terpusat", "Sistem Informasi Administrasi Kependudukan dari Kemendagri", Khusus, "Administrasi Kependudukan dan Pencatatan Sipil", ReadyMade, None, None, "production", Some("2019-01-02"), None, None, 0, Rahasia),
        ("dinas-komunikasi-dan-informatika", "Portal Pesisir Selatan", "Portal resmi Pemerintah Kabupaten Pesisir Selatan", Umum, "Komunikasi dan Informatika", Built, Some("https://git.pesisirselatankab.go.id/diskominfo/portal"), Some("https://pesisirselatankab.go.id"), "production", Some("2021-05-10"), Some("2021-04-30"), Some("2024-05-02"), 2, Biasa),
        ("dinas-komunikasi-dan-informatika", "SRIKANDI", "Sistem Informasi Kearsipan Dinamis Terintegrasi (ANRI)", Umum, "Perpustakaan dan Arsip", ReadyMade, None, Some("https://srikandi.arsip.go.id"), "production", Some("2023-08-01"), Some("2023-07-20"), None, 0, Biasa),
        ("badan-pengelola-keuangan-daerah", "SIPD", "Sistem Informasi Pemerintahan Daerah (Kemendagri): perencanaan, penganggaran, penatausahaan", Umum, "Manajemen Keuangan", ReadyMade, None, Some("https://sipd.kemendagri.go.id"), "production", Some("2021-01-04"), Some("2020-12-15"), None, 0, Terbatas),
        ("dinas-penanaman-modal-dan-pelayanan-perizinan-terpadu-satu-pintu", "SiCantik Cloud", "Perizinan non-berusaha (Kominfo)", Khusus, "Perizinan", ReadyMade, None, Some("https://sicantik.go.id"), "production", Some("2022-06-13"), Some("2022-06-01"), None, 0, Biasa),
        ("dinas-sosial-pemberdayaan-perempuan-dan-perlindungan-anak", "DTKS Pessel", "Pemutakhiran Data Terpadu Kesejahteraan Sosial tingkat kabupaten", Khusus, "Sosial", Built, None, Some("https://dtks.pesisirselatankab.go.id"), "production", Some("2022-03-14"), None, None, 1, Rahasia),
        ("badan-kepegawaian-dan-pengembangan-sdm", "SIMPEG", "Sistem informasi manajemen kepegawaian daerah", Umum, "Administrasi dan Manajemen Umum", Built, Some("https://git.pesisirselatankab.go.id/bkpsdm/simpeg"), Some("https://simpeg.pesisirselatankab.go.id"), "production", Some("2020-07-01"), Some("2020-06-20"), Some("2026-01-12"), 4, Terbatas),
        ("dinas-pendidikan-dan-kebudayaan", "SIPENDIK", "Data sekolah, guru dan beasiswa daerah", Khusus, "Pendidikan", Built, None, None, "development", None, None, None, 1, Biasa),
        ("dinas-perhubungan", "SI-PARKIR", "Retribusi parkir tepi jalan (dihentikan 2024)", Khusus, "Perhubungan", Built, None, None, "retired", Some("2018-09-01"), Some("2018-08-20"), None, 0, Biasa),
    ];
    let checklist = required_documents(profile);
    let date = |d: Option<&str>| d.and_then(|d| d.parse().ok());
    for (
        code,
        name,
        description,
        kind,
        sector,
        origin,
        repository,
        url,
        status,
        since,
        tested,
        review,
        docs,
        classification,
    ) in apps
    {
        let Some(pd) = store.pd_by_code(code).await? else {
            continue;
        };
        let input = ApplicationInput {
            pd_id: pd.id,
            name: name.into(),
            description: description.into(),
            kind,
            sector: sector.into(),
            origin,
            open_source: repository.is_some(),
            source_repository: repository.map(str::to_string),
            url: url.map(str::to_string),
            status: status.into(),
            in_production_since: date(since),
            tested_on: date(tested),
            last_review: date(review),
            documents: checklist
                .iter()
                .take(docs)
                .map(|d| d.code.to_string())
                .collect(),
            classification,
        };
        store.create_application(ctx, profile, &input).await?;
    }
    Ok(())
}

/// The demo's data and information inventory (Kalbar Pasal 11(7)): real kinds of data a
/// regency keeps, dated from the first start so that the same ones are always overdue.
async fn demo_datasets(store: &Store, ctx: &AuditCtx) -> Result<()> {
    use Classification::{Biasa, Rahasia, Terbatas};
    // (PD, name, description, responsible, classification, distribution, retention years,
    //  storage, backup period, media, update every n months, last updated n days ago)
    type DemoDataset<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        Classification,
        &'a str,
        Option<i64>,
        &'a str,
        &'a str,
        &'a str,
        i64,
        u64,
    );
    let sets: [DemoDataset; 10] = [
        (
            "dinas-kesehatan",
            "Jumlah tenaga kesehatan per puskesmas",
            "Dokter, perawat, bidan dan tenaga kesehatan lain di 18 puskesmas",
            "Kepala Seksi SDM Kesehatan",
            Biasa,
            "publik",
            Some(10),
            "Pusat Data Diskominfo (server SIMPUS)",
            "harian",
            "NAS Pusat Data, salinan mingguan ke DRC",
            12,
            40,
        ),
        (
            "dinas-kesehatan",
            "Cakupan imunisasi dasar lengkap",
            "Per nagari, per triwulan",
            "Kepala Seksi Surveilans dan Imunisasi",
            Biasa,
            "publik",
            Some(10),
            "Pusat Data Diskominfo (server SIMPUS)",
            "harian",
            "NAS Pusat Data",
            3,
            150,
        ),
        (
            "dinas-kependudukan-dan-catatan-sipil",
            "Jumlah penduduk per nagari",
            "Agregat kependudukan semester",
            "Kepala Bidang Pengelolaan Informasi Administrasi Kependudukan",
            Biasa,
            "publik",
            Some(25),
            "Server SIAK Disdukcapil",
            "mingguan",
            "Pita LTO",
            6,
            60,
        ),
        (
            "dinas-kependudukan-dan-catatan-sipil",
            "Data kependudukan by name by address",
            "Data pribadi penduduk dari SIAK Terpusat",
            "Kepala Dinas Kependudukan dan Catatan Sipil",
            Rahasia,
            "internal",
            None,
            "Server SIAK Disdukcapil (ruang server terkunci)",
            "harian",
            "Replikasi ke Data Center Ditjen Dukcapil",
            1,
            10,
        ),
        (
            "dinas-sosial-pemberdayaan-perempuan-dan-perlindungan-anak",
            "Penerima bantuan sosial (DTKS)",
            "Keluarga penerima PKH, BPNT dan bantuan daerah",
            "Kepala Bidang Perlindungan dan Jaminan Sosial",
            Rahasia,
            "antar_instansi",
            Some(5),
            "Pusat Data Diskominfo (DTKS Pessel)",
            "mingguan",
            "NAS Pusat Data",
            1,
            20,
        ),
        (
            "dinas-komunikasi-dan-informatika",
            "Daftar aplikasi dan layanan SPBE",
            "Inventaris aplikasi, layanan dan infrastruktur SPBE daerah",
            "Kepala Bidang Aplikasi Informatika",
            Biasa,
            "publik",
            Some(5),
            "Padu (Pusat Data Diskominfo)",
            "harian",
            "NAS Pusat Data, salinan mingguan ke DRC",
            12,
            400,
        ),
        (
            "badan-pengelola-keuangan-daerah",
            "Realisasi APBD per triwulan",
            "Pendapatan dan belanja per urusan",
            "Kepala Bidang Akuntansi",
            Biasa,
            "publik",
            Some(10),
            "SIPD Kemendagri dan arsip BPKD",
            "bulanan",
            "Hard disk eksternal terenkripsi",
            3,
            30,
        ),
        (
            "dinas-pendidikan-dan-kebudayaan",
            "Jumlah sekolah, guru dan murid",
            "Per jenjang dan kecamatan (Dapodik)",
            "Kepala Seksi Data dan Informasi Pendidikan",
            Biasa,
            "publik",
            Some(5),
            "Server Dinas Pendidikan",
            "bulanan",
            "Hard disk eksternal",
            12,
            500,
        ),
        (
            "badan-kepegawaian-dan-pengembangan-sdm",
            "Data ASN per golongan dan jabatan",
            "Rekap ASN daerah",
            "Kepala Bidang Data dan Informasi Kepegawaian",
            Terbatas,
            "antar_instansi",
            Some(10),
            "Pusat Data Diskominfo (server SIMPEG)",
            "harian",
            "NAS Pusat Data",
            6,
            90,
        ),
        (
            "dinas-perhubungan",
            "Titik parkir dan realisasi retribusi",
            "Titik parkir tepi jalan umum dan setoran retribusi",
            "Kepala Seksi Perparkiran",
            Biasa,
            "publik",
            Some(5),
            "Komputer Seksi Perparkiran",
            "tidak_ada",
            "",
            12,
            800,
        ),
    ];
    let today = padu_domain::sla::wib_date(ctx.at);
    for (
        code,
        name,
        description,
        responsible,
        classification,
        distribution,
        retention,
        storage,
        period,
        media,
        every,
        days_ago,
    ) in sets
    {
        let Some(pd) = store.pd_by_code(code).await? else {
            continue;
        };
        let input = DatasetInput {
            pd_id: pd.id,
            name: name.into(),
            description: description.into(),
            responsible_person: responsible.into(),
            classification,
            distribution: distribution.into(),
            retention_years: retention,
            storage_location: storage.into(),
            backup_period: period.into(),
            backup_media: media.into(),
            update_every_months: every,
            last_updated: today
                .checked_sub_days(chrono::Days::new(days_ago))
                .unwrap_or(today),
        };
        store.create_dataset(ctx, today, &input).await?;
    }
    Ok(())
}

/// The demo's websites (one still outside the Pemda's domain, as in many regions before Pessel
/// Pasal 69's deadline) and the Tim Koordinasi's agendas, dated from the first start.
async fn demo_websites_and_agendas(store: &Store, ctx: &AuditCtx) -> Result<()> {
    let sites: [(&str, &str, &str, &str, &str); 6] = [
        (
            "dinas-komunikasi-dan-informatika",
            "pesisirselatankab.go.id",
            "Portal resmi Pemerintah Kabupaten Pesisir Selatan",
            "aktif",
            "Pusat Data Diskominfo",
        ),
        (
            "dinas-komunikasi-dan-informatika",
            "ppid.pesisirselatankab.go.id",
            "Pejabat Pengelola Informasi dan Dokumentasi",
            "aktif",
            "Pusat Data Diskominfo",
        ),
        (
            "dinas-kesehatan",
            "dinkes.pesisirselatankab.go.id",
            "Informasi layanan kesehatan dan puskesmas",
            "aktif",
            "Pusat Data Diskominfo",
        ),
        (
            "dinas-pendidikan-dan-kebudayaan",
            "disdikbud.pesisirselatankab.go.id",
            "Informasi pendidikan dan kebudayaan",
            "aktif",
            "Pusat Data Diskominfo",
        ),
        (
            "dinas-pariwisata-pemuda-dan-olahraga",
            "wisatapesisirselatan.com",
            "Promosi pariwisata Mandeh dan Bukit Langkisau",
            "aktif",
            "Penyedia hosting komersial",
        ),
        (
            "dinas-perhubungan",
            "dishub.pesisirselatankab.go.id",
            "Informasi retribusi parkir (tidak dipakai lagi)",
            "nonaktif",
            "Pusat Data Diskominfo",
        ),
    ];
    for (code, host, purpose, status, hosted_at) in sites {
        let Some(pd) = store.pd_by_code(code).await? else {
            continue;
        };
        let input = padu_store::websites::WebsiteInput {
            pd_id: pd.id,
            host: host.into(),
            purpose: purpose.into(),
            status: status.into(),
            hosted_at: hosted_at.into(),
            classification: Classification::Biasa,
        };
        store.create_website(ctx, &input).await?;
    }
    let Some(dinas) = store.pd_by_code("dinas-komunikasi-dan-informatika").await? else {
        return Ok(());
    };
    let today = padu_domain::sla::wib_date(ctx.at);
    let day = |offset: i64| today + chrono::Duration::days(offset);
    let agendas = [
        ("tim_koordinasi", "berkala", "Rapat berkala Tim Koordinasi SPBE: evaluasi indeks SPBE dan rencana tahun berikutnya", -330, "terlaksana", "Dihadiri Sekretaris Daerah (Tim Pengarah), Kepala Diskominfo dan 14 PD. Dibahas hasil evaluasi SPBE, kesiapan Pusat Data, dan integrasi aplikasi kependudukan.", "1. Seluruh PD memutakhirkan data aplikasi di Katalog SPBE paling lambat akhir bulan depan.\n2. Diskominfo menyusun rencana migrasi subdomain ke pesisirselatankab.go.id."),
        ("tim_koordinasi", "berkala", "Rapat berkala Tim Koordinasi SPBE: tindak lanjut audit TIK dan keamanan informasi", -150, "terlaksana", "Dibahas temuan audit TIK, insiden keamanan semester lalu, dan status dokumen aplikasi (Pessel Pasal 29(5)).", "1. PD pemilik aplikasi melengkapi dokumen yang kurang.\n2. Uji penetrasi portal dijadwalkan triwulan depan."),
        ("tim_koordinasi", "insidental", "Rapat insidental: integrasi SIMPUS dengan layanan BPJS", -40, "terlaksana", "Usulan Dinas Kesehatan untuk membuka layanan SIMPUS melalui Sistem Penghubung Layanan.", "Disetujui; Diskominfo mendaftarkan layanan pada Sistem Penghubung Layanan."),
        ("tim_koordinasi", "berkala", "Rapat berkala Tim Koordinasi SPBE: semester II", 20, "direncanakan", "", ""),
        ("komite_ti", "berkala", "Kajian Komite TI atas rencana pusat data cadangan (DRC)", -90, "terlaksana", "Komite (unsur Pemda, akademisi Universitas Andalas, praktisi) mengkaji pilihan DRC di Padang dan layanan cloud pemerintah.", "Direkomendasikan memakai layanan DRC Pusat Data Nasional."),
    ];
    for (body, kind, title, offset, status, minutes, decisions) in agendas {
        let input = padu_store::agendas::AgendaInput {
            pd_id: dinas.id,
            body: body.into(),
            kind: kind.into(),
            title: title.into(),
            scheduled_on: day(offset),
            location: "Ruang Rapat Bupati, Painan".into(),
            status: status.into(),
            minutes: minutes.into(),
            decisions: decisions.into(),
            classification: Classification::Biasa,
        };
        store.create_agenda(ctx, today, &input).await?;
    }
    Ok(())
}

/// The demo's planning documents: Pessel's Peta Rencana (Lampiran II) and Arsitektur,
/// approved and signed, with the Peta Rencana's mid-term review not recorded (Pessel Pasal
/// 40(4)); and Diskominfo's Rencana dan Anggaran for next year, a draft awaiting approval.
async fn demo_plans(
    store: &Store,
    ctx: &AuditCtx,
    key: &crate::keys::InstanceKey,
    instance: &str,
) -> Result<()> {
    use padu_domain::planning::PlanKind;
    use padu_store::planning::PlanInput;
    let Some(dinas) = store.pd_by_code("dinas-komunikasi-dan-informatika").await? else {
        return Ok(());
    };
    let year = padu_domain::sla::wib_date(ctx.at).year();
    let sections = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let plans = [
        (
            PlanKind::PetaRencana,
            "Peta Rencana SPBE Kabupaten Pesisir Selatan",
            year - 4,
            year,
            sections(&[
                ("Tata kelola SPBE", "Penetapan Tim Koordinasi SPBE dan Komite TI; kebijakan internal SPBE; Arsitektur SPBE daerah."),
                ("Manajemen SPBE", "Manajemen risiko, keamanan informasi, data, aset TIK, SDM, pengetahuan, perubahan dan layanan SPBE (Lampiran III)."),
                ("Layanan SPBE", "Integrasi layanan administrasi pemerintahan (perencanaan, penganggaran, kepegawaian, kearsipan) dan layanan publik berbasis elektronik."),
                ("Infrastruktur SPBE", "Pusat Data daerah, jaringan intra Metro-E ke 70 titik, Sistem Penghubung Layanan."),
                ("Aplikasi SPBE", "Penggunaan Aplikasi Umum nasional (SRIKANDI, SIPD); pengembangan aplikasi khusus sesuai rekomendasi Dinas."),
                ("Keamanan SPBE", "Sertifikat elektronik untuk seluruh PD, uji penetrasi tahunan, penanganan insiden."),
                ("Audit TIK SPBE", "Audit infrastruktur, aplikasi dan keamanan SPBE paling sedikit dua tahun sekali."),
            ]),
            true,
        ),
        (
            PlanKind::Arsitektur,
            "Arsitektur SPBE Kabupaten Pesisir Selatan",
            year - 4,
            year,
            sections(&[
                ("Proses bisnis", "Peta proses bisnis level 1–4 pada 11 sektor urusan (Pasal 39)."),
                ("Data dan informasi", "Data induk kependudukan, data referensi wilayah nagari, katalog data PD."),
                ("Infrastruktur SPBE", "Pusat Data Diskominfo, DRC, jaringan Metro-E, internet 1 Gbps."),
                ("Aplikasi SPBE", "23 sektor aplikasi (Lampiran I): aplikasi umum dan khusus."),
                ("Keamanan SPBE", "Klasifikasi informasi, kendali akses, enkripsi, audit log."),
                ("Layanan SPBE", "Layanan administrasi pemerintahan dan layanan publik berbasis elektronik."),
            ]),
            true,
        ),
        (
            PlanKind::RencanaAnggaran,
            "Rencana dan Anggaran SPBE Dinas Komunikasi dan Informatika",
            year + 1,
            year + 1,
            sections(&[
                ("Program dan kegiatan", "Peningkatan kapasitas Pusat Data; perluasan jaringan intra ke 12 kantor nagari; pelatihan keamanan informasi."),
                ("Anggaran", "Rp 2.450.000.000 (APBD), termasuk Rp 850.000.000 untuk perangkat jaringan."),
            ]),
            false,
        ),
    ];
    for (kind, title, start_year, end_year, sections, approved) in plans {
        let input = PlanInput {
            pd_id: dinas.id,
            kind,
            title: title.into(),
            start_year,
            end_year,
            classification: Classification::Biasa,
            sections,
            note: "Versi awal".into(),
        };
        let plan = store.create_plan(ctx, &input).await?;
        if approved {
            crate::approvals::approve(
                store,
                key,
                instance,
                ctx,
                &plan,
                1,
                "pimpinan",
                Role::Pimpinan,
                ctx.at,
            )
            .await
            .map_err(|r| anyhow::anyhow!("demo plan approval: {r:?}"))?;
        }
    }
    Ok(())
}

/// The demo's Layanan SPBE and a slice of its business process map (levels 1–4), linked to
/// the demo applications by name.
async fn demo_services_and_processes(store: &Store, ctx: &AuditCtx) -> Result<()> {
    use padu_store::architecture::{ProcessInput, ServiceInput};
    let everything = padu_domain::ReadScope {
        classes: Classification::ALL.to_vec(),
        own_pds: vec![],
    };
    let apps = store.all_applications(&everything).await?;
    let app = |name: &str| {
        apps.iter()
            .filter(|a| a.name == name)
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    // (PD, name, description, kind, sector, application, service-bus service)
    type DemoService<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        Option<&'a str>,
    );
    let services: [DemoService; 7] = [
        (
            "dinas-kesehatan",
            "Pendaftaran pasien puskesmas",
            "Pendaftaran dan antrean daring di 18 puskesmas",
            "publik",
            "Kesehatan",
            "SIMPUS",
            Some("ID-PESSEL/GOV/DINKES/SIMPUS/kunjungan"),
        ),
        (
            "dinas-kependudukan-dan-catatan-sipil",
            "Penerbitan dokumen kependudukan",
            "KK, KTP-el, akta kelahiran dan kematian",
            "publik",
            "Sektor strategis lainnya",
            "SIAK Terpusat",
            None,
        ),
        (
            "dinas-penanaman-modal-dan-pelayanan-perizinan-terpadu-satu-pintu",
            "Perizinan non-berusaha",
            "Izin reklame, izin penelitian dan izin lain di luar OSS",
            "publik",
            "Pekerjaan dan usaha",
            "SiCantik Cloud",
            None,
        ),
        (
            "dinas-komunikasi-dan-informatika",
            "Pengelolaan naskah dinas elektronik",
            "Surat masuk, surat keluar dan disposisi",
            "administrasi",
            "Kearsipan",
            "SRIKANDI",
            None,
        ),
        (
            "badan-pengelola-keuangan-daerah",
            "Perencanaan dan penganggaran daerah",
            "RKPD, KUA-PPAS dan APBD",
            "administrasi",
            "Penganggaran",
            "SIPD",
            None,
        ),
        (
            "badan-kepegawaian-dan-pengembangan-sdm",
            "Layanan data kepegawaian",
            "Data ASN, kenaikan pangkat dan pensiun",
            "administrasi",
            "Kepegawaian",
            "SIMPEG",
            None,
        ),
        (
            "dinas-komunikasi-dan-informatika",
            "Pengaduan pelayanan publik",
            "Pengaduan masyarakat terhubung ke SP4N-LAPOR!",
            "administrasi",
            "Pengaduan pelayanan publik",
            "",
            None,
        ),
    ];
    let mut service_ids = std::collections::HashMap::new();
    for (code, name, description, kind, sector, application, bus) in services {
        let Some(pd) = store.pd_by_code(code).await? else {
            continue;
        };
        let s = store
            .create_spbe_service(
                ctx,
                &ServiceInput {
                    pd_id: pd.id,
                    name: name.into(),
                    description: description.into(),
                    kind: kind.into(),
                    sector: sector.into(),
                    application_ids: app(application),
                    bus_service: bus.map(str::to_string),
                    url: None,
                    classification: Classification::Biasa,
                },
            )
            .await?;
        service_ids.insert(name, s.id);
    }
    let service = |name: &str| {
        service_ids
            .get(name)
            .copied()
            .into_iter()
            .collect::<Vec<_>>()
    };
    // (PD, code, name, level, parent, sector, service, application)
    type DemoProcess<'a> = (
        &'a str,
        &'a str,
        &'a str,
        i64,
        Option<&'a str>,
        &'a str,
        &'a str,
        &'a str,
    );
    let processes: [DemoProcess; 9] = [
        (
            "dinas-kesehatan",
            "KES",
            "Pelayanan kesehatan masyarakat",
            1,
            None,
            "Kesehatan",
            "",
            "",
        ),
        (
            "dinas-kesehatan",
            "KES.01",
            "Pelayanan kesehatan dasar di puskesmas",
            2,
            Some("KES"),
            "Kesehatan",
            "",
            "",
        ),
        (
            "dinas-kesehatan",
            "KES.01.01",
            "Pendaftaran dan rekam medis pasien",
            3,
            Some("KES.01"),
            "Kesehatan",
            "Pendaftaran pasien puskesmas",
            "SIMPUS",
        ),
        (
            "dinas-kesehatan",
            "KES.01.01.01",
            "Verifikasi kepesertaan BPJS Kesehatan",
            4,
            Some("KES.01.01"),
            "Kesehatan",
            "Pendaftaran pasien puskesmas",
            "SIMPUS",
        ),
        (
            "dinas-kependudukan-dan-catatan-sipil",
            "ADK",
            "Administrasi kependudukan",
            1,
            None,
            "Kependudukan",
            "",
            "",
        ),
        (
            "dinas-kependudukan-dan-catatan-sipil",
            "ADK.01",
            "Pendaftaran penduduk",
            2,
            Some("ADK"),
            "Kependudukan",
            "Penerbitan dokumen kependudukan",
            "SIAK Terpusat",
        ),
        (
            "dinas-kependudukan-dan-catatan-sipil",
            "ADK.02",
            "Pencatatan sipil",
            2,
            Some("ADK"),
            "Kependudukan",
            "Penerbitan dokumen kependudukan",
            "SIAK Terpusat",
        ),
        (
            "badan-kepegawaian-dan-pengembangan-sdm",
            "PEG",
            "Manajemen aparatur sipil negara",
            1,
            None,
            "Kepegawaian",
            "",
            "",
        ),
        (
            "badan-kepegawaian-dan-pengembangan-sdm",
            "PEG.01",
            "Pengelolaan data dan karier ASN",
            2,
            Some("PEG"),
            "Kepegawaian",
            "Layanan data kepegawaian",
            "SIMPEG",
        ),
    ];
    for (code, pcode, name, level, parent, sector, svc, application) in processes {
        let Some(pd) = store.pd_by_code(code).await? else {
            continue;
        };
        store
            .create_process(
                ctx,
                &ProcessInput {
                    pd_id: pd.id,
                    code: pcode.into(),
                    name: name.into(),
                    level,
                    parent_code: parent.map(str::to_string),
                    sector: sector.into(),
                    description: String::new(),
                    service_ids: service(svc),
                    application_ids: app(application),
                    classification: Classification::Biasa,
                },
            )
            .await?;
    }
    Ok(())
}

/// The demo's infrastructure: the Pusat Data at Diskominfo with its offerings, a DRC at the
/// national data centre, servers and a VPS, and one server still in a PD's own room (Pessel
/// Pasal 26(1)).
async fn demo_infrastructure(store: &Store, ctx: &AuditCtx) -> Result<()> {
    use padu_store::infrastructure::InfrastructureInput;
    let everything = padu_domain::ReadScope {
        classes: Classification::ALL.to_vec(),
        own_pds: vec![],
    };
    let items: [(&str, &str, &str, &str, &str, &str); 8] = [
        (
            "dinas-komunikasi-dan-informatika",
            "Pusat Data Pemerintah Kabupaten Pesisir Selatan",
            "pusat_data",
            "pusat_data",
            "Diskominfo",
            "Ruang server Tier II, 8 rak, UPS 20 kVA, genset, pemadam gas",
        ),
        (
            "dinas-komunikasi-dan-informatika",
            "DRC di Pusat Data Nasional",
            "drc",
            "pusat_data_nasional",
            "Kementerian Komunikasi dan Digital",
            "Replikasi harian basis data aplikasi layanan publik",
        ),
        (
            "dinas-komunikasi-dan-informatika",
            "Layanan VM (IaaS) untuk Perangkat Daerah",
            "iaas",
            "pusat_data",
            "Diskominfo",
            "VM 2–8 vCPU, 4–32 GB RAM, penyimpanan hingga 1 TB per PD",
        ),
        (
            "dinas-komunikasi-dan-informatika",
            "Core switch Pusat Data",
            "perangkat_jaringan",
            "pusat_data",
            "Diskominfo",
            "2 × switch L3 40 Gbps, redundan",
        ),
        (
            "dinas-kesehatan",
            "Server aplikasi SIMPUS",
            "server",
            "pusat_data",
            "Diskominfo (colocation)",
            "2 × 16 core, 64 GB RAM, RAID 10",
        ),
        (
            "badan-kepegawaian-dan-pengembangan-sdm",
            "VPS SIMPEG",
            "vps",
            "pusat_data",
            "Diskominfo",
            "4 vCPU, 16 GB RAM, 500 GB",
        ),
        (
            "dinas-sosial-pemberdayaan-perempuan-dan-perlindungan-anak",
            "Server basis data DTKS",
            "server",
            "ruang_pd",
            "Dinas Sosial",
            "1 × 8 core, 32 GB RAM, di ruang arsip Dinas Sosial",
        ),
        (
            "dinas-kependudukan-dan-catatan-sipil",
            "Server SIAK",
            "server",
            "pusat_data",
            "Kementerian Dalam Negeri",
            "Perangkat SIAK Terpusat, colocation di Pusat Data",
        ),
    ];
    for (code, name, kind, placed_at, provider, specification) in items {
        let Some(pd) = store.pd_by_code(code).await? else {
            continue;
        };
        let site_id = store
            .list_sites(
                &everything,
                &padu_store::sites::SiteFilter {
                    pd_id: Some(pd.id),
                    kind: Some("pd_office".into()),
                },
                &padu_store::ListQuery::default(),
            )
            .await?
            .items
            .first()
            .map(|s| s.id);
        store
            .create_infrastructure(
                ctx,
                &InfrastructureInput {
                    pd_id: pd.id,
                    name: name.into(),
                    kind: kind.into(),
                    placed_at: placed_at.into(),
                    provider: provider.into(),
                    specification: specification.into(),
                    site_id,
                    status: "aktif".into(),
                    classification: Classification::Terbatas,
                },
            )
            .await?;
    }
    Ok(())
}

/// The demo's SPBE policies (eight of the eleven subjects of Pessel Pasal 66 in force) and SOPs
/// (Pasal 67) for the Dinas, Badan and Sekretariat, not yet for the Kecamatan.
async fn demo_policies(store: &Store, ctx: &AuditCtx) -> Result<()> {
    use padu_store::policies::PolicyInput;
    let Some(dinas) = store.pd_by_code("dinas-komunikasi-dan-informatika").await? else {
        return Ok(());
    };
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let policies = [
        (
            "Penetapan peran bidang TIK",
            "Peraturan Bupati tentang Tugas dan Fungsi Diskominfo",
            "Perbup No. 45 Tahun 2021",
            day(2021, 9, 1),
        ),
        (
            "Perencanaan SPBE",
            "Rencana Induk dan Peta Rencana SPBE",
            "Perbup No. 22 Tahun 2021, Lampiran II",
            day(2021, 6, 4),
        ),
        (
            "Kerangka kerja proses SPBE",
            "Pedoman Pelaksanaan SPBE",
            "Perbup No. 22 Tahun 2021, Lampiran III",
            day(2021, 6, 4),
        ),
        (
            "Pengelolaan sumber daya SPBE",
            "Pengelolaan Pusat Data dan Jaringan Intra",
            "Keputusan Bupati No. 180/2022",
            day(2022, 3, 14),
        ),
        (
            "Pengelolaan risiko SPBE",
            "Manajemen Risiko SPBE",
            "Keputusan Bupati No. 181/2022",
            day(2022, 3, 14),
        ),
        (
            "Pengelolaan layanan SPBE",
            "Manajemen Layanan SPBE dan Service Desk",
            "Keputusan Bupati No. 44/2023",
            day(2023, 2, 6),
        ),
        (
            "Pengelolaan keamanan SPBE",
            "Kebijakan Keamanan Informasi",
            "Keputusan Bupati No. 45/2023",
            day(2023, 2, 6),
        ),
        (
            "Monitor dan evaluasi kinerja SPBE",
            "Pemantauan dan Evaluasi SPBE",
            "Keputusan Bupati No. 12/2024",
            day(2024, 1, 22),
        ),
    ];
    for (subject, title, reference, on) in policies {
        store
            .create_policy(
                ctx,
                &PolicyInput {
                    pd_id: dinas.id,
                    kind: "kebijakan".into(),
                    subject: subject.into(),
                    title: title.into(),
                    reference: reference.into(),
                    established_on: on,
                    status: "berlaku".into(),
                    classification: Classification::Biasa,
                },
            )
            .await?;
    }
    for pd in store.all_pds().await? {
        if pd.kind == "kecamatan" {
            continue;
        }
        let subject = if pd.id == dinas.id {
            "Manajemen layanan"
        } else {
            "Manajemen data"
        };
        store
            .create_policy(
                ctx,
                &PolicyInput {
                    pd_id: pd.id,
                    kind: "sop".into(),
                    subject: subject.into(),
                    title: format!("SOP {subject} — {}", pd.name),
                    reference: format!("Keputusan Kepala {}", pd.name),
                    established_on: day(2023, 7, 1),
                    status: "berlaku".into(),
                    classification: Classification::Biasa,
                },
            )
            .await?;
    }
    Ok(())
}
