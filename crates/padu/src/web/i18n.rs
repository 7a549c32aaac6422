//! The UI catalogue: Bahasa Indonesia by default, English available. Each entry carries both
//! languages, so neither catalogue can miss a key; a test checks every key the UI uses exists.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// (key, Bahasa Indonesia, English)
pub const CATALOGUE: &[(&str, &str, &str)] = &[
    ("app.tagline", "Platform SPBE Terpadu", "Integrated SPBE Platform"),
    ("nav.dashboard", "Dasbor", "Dashboard"),
    ("nav.lapor", "Lapor", "File a complaint"),
    ("nav.complaints", "Pengaduan", "Complaints"),
    ("complaint.form.title", "Sampaikan pengaduan", "File a complaint"),
    ("complaint.form.intro", "Sampaikan pengaduan, aspirasi, atau permintaan informasi tentang pelayanan publik. Tidak perlu akun. Dinas memverifikasi dalam 3 hari kerja dan meneruskannya ke Perangkat Daerah yang berwenang, yang menindaklanjuti dalam 5 hari kerja.", "File a complaint, an aspiration or a request for information about a public service. No account needed. The Dinas verifies it within 3 working days and forwards it to the responsible agency, which follows it up within 5 working days."),
    ("complaint.category", "Jenis laporan", "Report type"),
    ("complaint.category.pengaduan", "Pengaduan", "Complaint"),
    ("complaint.category.aspirasi", "Aspirasi", "Aspiration"),
    ("complaint.category.permintaan_informasi", "Permintaan informasi", "Request for information"),
    ("complaint.title", "Judul", "Title"),
    ("complaint.body", "Isi laporan", "Report"),
    ("complaint.location", "Lokasi", "Location"),
    ("complaint.latitude", "Lintang (opsional)", "Latitude (optional)"),
    ("complaint.longitude", "Bujur (opsional)", "Longitude (optional)"),
    ("complaint.reporter_name", "Nama", "Name"),
    ("complaint.reporter_email", "Surel (opsional)", "Email (optional)"),
    ("complaint.reporter_phone", "Telepon (opsional)", "Phone (optional)"),
    ("complaint.anonymous", "Anonim: identitas saya hanya diketahui Dinas", "Anonymous: only the Dinas knows who I am"),
    ("complaint.confidential", "Rahasia: laporan tidak ditampilkan untuk umum", "Confidential: the report is not shown to the public"),
    ("complaint.submit", "Kirim laporan", "Send report"),
    ("complaint.track_link", "Lacak laporan dengan kode", "Track a report by its code"),
    ("complaint.bad_number", "bukan angka", "not a number"),
    ("complaint.filed", "Laporan Anda diterima. Kode pelacakan:", "Your report was received. Tracking code:"),
    ("complaint.filed_title", "Laporan diterima", "Report received"),
    ("complaint.keep_code", "Simpan kode ini: hanya dengan kode ini Anda dapat melihat dan menanggapi laporan.", "Keep this code: it is the only way to see and answer your report."),
    ("complaint.verify_by", "Batas verifikasi oleh Dinas:", "The Dinas verifies it by:"),
    ("complaint.bad_code", "Kode tidak dikenali. Kode terdiri dari 12 huruf dan angka.", "Code not recognised. A code has 12 letters and digits."),
    ("complaint.code", "Kode pelacakan", "Tracking code"),
    ("complaint.track", "Lacak", "Track"),
    ("complaint.track_title", "Status laporan", "Report status"),
    ("complaint.timeline", "Riwayat", "History"),
    ("complaint.internal", "internal", "internal"),
    ("complaint.status", "Status", "Status"),
    ("complaint.pd", "Perangkat Daerah", "Agency (PD)"),
    ("complaint.filed_at", "Diterima", "Received"),
    ("complaint.verify_due", "Batas verifikasi", "Verification due"),
    ("complaint.follow_up_due", "Batas tindak lanjut", "Follow-up due"),
    ("complaint.respond_due", "Batas tanggapan pelapor", "Complainant may respond until"),
    ("complaint.respond", "Tanggapi tindak lanjut", "Respond to the follow-up"),
    ("complaint.response_text", "Tanggapan (opsional)", "Your response (optional)"),
    ("complaint.satisfied", "Puas, tutup laporan", "Satisfied, close the report"),
    ("complaint.not_satisfied", "Belum puas, kembalikan ke Perangkat Daerah", "Not satisfied, send back to the agency"),
    ("complaint.all_statuses", "Semua status", "All statuses"),
    ("complaint.overdue_only", "Hanya yang lewat tenggat", "Overdue only"),
    ("complaint.count", "laporan", "reports"),
    ("complaint.deadline", "Tenggat", "Deadline"),
    ("complaint.overdue", "lewat tenggat", "overdue"),
    ("complaint.list_title", "Pengaduan pelayanan publik", "Public service complaints"),
    ("complaint.detail_title", "Laporan", "Report"),
    ("complaint.reporter", "Pelapor", "Complainant"),
    ("complaint.identity_hidden", "disembunyikan (anonim)", "hidden (anonymous)"),
    ("complaint.anonymous_badge", "anonim", "anonymous"),
    ("complaint.confidential_badge", "rahasia", "confidential"),
    ("complaint.step_text", "Keterangan untuk pelapor", "Text the complainant reads"),
    ("complaint.step.forward", "Verifikasi dan teruskan", "Verify and forward"),
    ("complaint.step.reject", "Tolak", "Reject"),
    ("complaint.step.merge", "Gabungkan ke laporan lama", "Merge into an older report"),
    ("complaint.step.follow_up", "Kirim tindak lanjut", "Send follow-up"),
    ("complaint.step.return", "Kembalikan ke Dinas (bukan kewenangan kami)", "Return to the Dinas (not ours)"),
    ("complaint.step.close", "Tutup", "Close"),
    ("complaint.merge_into", "Nomor laporan lama", "Number of the older report"),
    ("complaint.note", "Catatan internal (tidak terlihat pelapor)", "Internal note (the complainant does not see it)"),
    ("complaint.add_note", "Tambah catatan", "Add note"),
    ("complaint.status.menunggu_verifikasi", "Menunggu verifikasi", "Awaiting verification"),
    ("complaint.status.diteruskan", "Diteruskan ke Perangkat Daerah", "Forwarded to the agency"),
    ("complaint.status.ditindaklanjuti", "Ditindaklanjuti", "Followed up"),
    ("complaint.status.selesai", "Selesai", "Closed"),
    ("complaint.status.ditolak", "Ditolak", "Rejected"),
    ("complaint.status.digabung", "Digabung", "Merged"),
    ("complaint.update.filed", "Laporan diterima", "Report received"),
    ("complaint.update.forwarded", "Diverifikasi dan diteruskan", "Verified and forwarded"),
    ("complaint.update.rejected", "Ditolak", "Rejected"),
    ("complaint.update.merged", "Digabung", "Merged"),
    ("complaint.update.follow_up", "Tindak lanjut", "Follow-up"),
    ("complaint.update.returned", "Dikembalikan ke Dinas", "Returned to the Dinas"),
    ("complaint.update.complainant_response", "Tanggapan pelapor", "Complainant's response"),
    ("complaint.update.closed", "Ditutup", "Closed"),
    ("complaint.update.expired", "Ditutup otomatis", "Closed automatically"),
    ("complaint.update.escalated", "Eskalasi", "Escalated"),
    ("complaint.update.note", "Catatan", "Note"),
    ("nav.pds", "Perangkat Daerah", "Regional agencies"),
    ("nav.sites", "Lokasi Jaringan", "Network sites"),
    ("nav.users", "Pengguna & Peran", "Users & roles"),
    ("nav.tokens", "Token API", "API tokens"),
    ("nav.audit", "Log Audit", "Audit log"),
    ("nav.login", "Masuk", "Sign in"),
    ("nav.logout", "Keluar", "Sign out"),
    ("login.title", "Masuk ke Padu", "Sign in to Padu"),
    ("login.username", "Nama pengguna", "Username"),
    ("login.password", "Kata sandi", "Password"),
    ("login.submit", "Masuk", "Sign in"),
    ("login.failed", "Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    ("login.locked", "Akun dikunci sementara karena gagal masuk berulang kali. Coba lagi nanti.", "The account is locked for a while after repeated failures. Try again later."),
    ("login.rate_limited", "Terlalu banyak percobaan masuk dari alamat ini. Tunggu sebentar.", "Too many sign-in attempts from this address. Please wait."),
    ("dash.title", "Dasbor", "Dashboard"),
    ("dash.pds", "Perangkat Daerah", "Regional agencies"),
    ("dash.units", "Unit Kerja", "Work units"),
    ("dash.sites", "Lokasi jaringan yang dapat Anda lihat", "Network sites you can see"),
    ("dash.bandwidth", "Total lebar pita (Mbps)", "Total bandwidth (Mbps)"),
    ("dash.users", "Pengguna", "Users"),
    ("dash.audit", "Entri log audit", "Audit log entries"),
    ("dash.roles", "Peran Anda", "Your roles"),
    ("dash.profile", "Profil regulasi", "Regulation profile"),
    ("home.public", "Layanan publik tanpa akun: daftar Perangkat Daerah.", "Public, no account needed: the list of regional agencies."),
    ("common.search", "Cari", "Search"),
    ("common.name", "Nama", "Name"),
    ("common.code", "Kode", "Code"),
    ("common.kind", "Jenis", "Kind"),
    ("common.address", "Alamat", "Address"),
    ("common.save", "Simpan", "Save"),
    ("common.create", "Tambah", "Create"),
    ("common.page", "Halaman", "Page"),
    ("common.of", "dari", "of"),
    ("common.prev", "Sebelumnya", "Previous"),
    ("common.next", "Berikutnya", "Next"),
    ("common.none", "Tidak ada data.", "Nothing here."),
    ("common.total", "Jumlah", "Total"),
    ("common.actions", "Tindakan", "Actions"),
    ("common.yes", "Ya", "Yes"),
    ("common.no", "Tidak", "No"),
    ("common.error", "Terjadi kesalahan", "Something went wrong"),
    ("common.back", "Kembali", "Back"),
    ("common.classification", "Klasifikasi", "Classification"),
    ("pd.title", "Perangkat Daerah", "Regional agencies"),
    ("pd.units", "Unit Kerja", "Work units"),
    ("pd.sites", "Lokasi jaringan", "Network sites"),
    ("pd.new", "Perangkat Daerah baru", "New regional agency"),
    ("pd.edit", "Ubah profil Perangkat Daerah", "Edit the agency's profile"),
    ("pd.kominfo", "Dinas Kominfo", "Dinas Kominfo"),
    ("site.bandwidth", "Lebar pita (Mbps)", "Bandwidth (Mbps)"),
    ("site.coordinates", "Koordinat", "Coordinates"),
    ("site.owner", "Pemilik", "Owner"),
    ("users.title", "Pengguna & Peran", "Users & roles"),
    ("users.username", "Nama pengguna", "Username"),
    ("users.full_name", "Nama lengkap", "Full name"),
    ("users.email", "Surel", "E-mail"),
    ("users.roles", "Peran", "Roles"),
    ("users.active", "Aktif", "Active"),
    ("users.new", "Pengguna baru", "New user"),
    ("users.password_hint", "Minimal 12 karakter dengan huruf besar, huruf kecil, angka dan simbol (standar BSSN).", "At least 12 characters with upper case, lower case, digits and symbols (BSSN standard)."),
    ("users.role", "Peran", "Role"),
    ("users.pd", "Perangkat Daerah (untuk Operator PD)", "Agency (for Operator PD)"),
    ("users.set_roles", "Tetapkan peran", "Set roles"),
    ("users.last_login", "Terakhir masuk", "Last sign-in"),
    ("users.locked", "Terkunci sampai", "Locked until"),
    ("users.deactivate", "Nonaktifkan", "Deactivate"),
    ("users.activate", "Aktifkan", "Activate"),
    ("role.admin_dinas", "Admin Dinas", "Dinas administrator"),
    ("role.operator_pd", "Operator PD", "Agency operator"),
    ("role.koordinator", "Koordinator SPBE", "SPBE coordinator"),
    ("role.auditor", "Auditor", "Auditor"),
    ("role.pimpinan", "Pimpinan", "Leadership"),
    ("tokens.title", "Token API", "API tokens"),
    ("tokens.new", "Token baru", "New token"),
    ("tokens.expires_days", "Berlaku (hari)", "Valid for (days)"),
    ("tokens.created_once", "Salin token ini sekarang; Padu hanya menyimpan hash-nya dan tidak akan menampilkannya lagi:", "Copy this token now; Padu keeps only its hash and will not show it again:"),
    ("tokens.prefix", "Awalan", "Prefix"),
    ("tokens.expires", "Kedaluwarsa", "Expires"),
    ("tokens.revoked", "Dicabut", "Revoked"),
    ("tokens.revoke", "Cabut", "Revoke"),
    ("tokens.last_used", "Terakhir dipakai", "Last used"),
    ("tokens.scope", "Peran & PD", "Role & agency"),
    ("audit.title", "Log Audit", "Audit log"),
    ("audit.verify", "Verifikasi sekarang", "Verify now"),
    ("audit.ok", "Rantai hash utuh: tidak ada entri yang diubah, dihapus atau diurutkan ulang.", "Hash chain intact: no entry was changed, removed or reordered."),
    ("audit.bad", "Log audit TIDAK utuh. Entri pertama yang rusak:", "The audit log is NOT intact. First bad entry:"),
    ("audit.never", "Belum diverifikasi sejak server dimulai.", "Not verified since the server started."),
    ("audit.entries", "entri", "entries"),
    ("audit.checkpoints", "checkpoint bertanda tangan", "signed checkpoints"),
    ("audit.public_key", "Kunci publik Ed25519 (PEM)", "Ed25519 public key (PEM)"),
    ("audit.time", "Waktu", "Time"),
    ("audit.actor", "Pelaku", "Actor"),
    ("audit.action", "Aksi", "Action"),
    ("audit.record", "Rekaman", "Record"),
    ("audit.checked_at", "Diperiksa pada", "Checked at"),
    ("error.not_found", "Halaman atau rekaman tidak ditemukan.", "Page or record not found."),
    ("error.forbidden", "Peran Anda tidak mengizinkan tindakan ini.", "Your role does not allow this."),
    ("error.csrf", "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.", "The form expired or is not valid. Reload the page and try again."),
    ("lang.switch", "English", "Bahasa Indonesia"),
    ("footer.regulation", "Menerapkan", "Implements"),
];

/// The text of `key` in `lang`; the key itself if missing (a test forbids that).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match CATALOGUE.iter().find(|(k, _, _)| *k == key) {
        Some((_, id, en)) => match lang {
            Lang::Id => id,
            Lang::En => en,
        },
        None => "⟨missing text⟩",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_complete_and_unique() {
        let mut keys: Vec<&str> = CATALOGUE.iter().map(|e| e.0).collect();
        for (k, id, en) in CATALOGUE {
            assert!(!id.trim().is_empty() && !en.trim().is_empty(), "{k}");
        }
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "duplicate keys");
    }

    #[test]
    fn every_key_the_ui_uses_exists() {
        let source = concat!(include_str!("ui.rs"), include_str!("complaints_ui.rs"));
        let mut used = 0;
        for part in source.split("t(lang, \"").skip(1) {
            let key = &part[..part.find('"').unwrap()];
            assert!(
                CATALOGUE.iter().any(|(k, _, _)| *k == key),
                "missing key {key}"
            );
            used += 1;
        }
        for part in source.split("tk(\"").skip(1) {
            let key = &part[..part.find('"').unwrap()];
            assert!(
                CATALOGUE.iter().any(|(k, _, _)| *k == key),
                "missing key {key}"
            );
        }
        assert!(used > 40, "the UI is translated");
    }

    #[test]
    fn every_complaint_status_category_and_update_kind_has_text() {
        use padu_domain::complaint::{Category, Status};
        let has = |k: String| CATALOGUE.iter().any(|(key, _, _)| *key == k);
        for s in Status::ALL {
            assert!(has(format!("complaint.status.{}", s.as_str())), "{s:?}");
        }
        for c in Category::ALL {
            assert!(has(format!("complaint.category.{}", c.as_str())), "{c:?}");
        }
        // Every kind the code writes into a timeline.
        let code = concat!(
            include_str!("complaints.rs"),
            include_str!("../../../padu-store/src/complaints.rs")
        );
        for kind in [
            "filed",
            "forwarded",
            "rejected",
            "merged",
            "follow_up",
            "returned",
            "complainant_response",
            "closed",
            "expired",
            "escalated",
            "note",
        ] {
            assert!(
                code.contains(&format!("\"{kind}\"")),
                "{kind} is written somewhere"
            );
            assert!(has(format!("complaint.update.{kind}")), "{kind}");
        }
    }
}
