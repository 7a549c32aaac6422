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
        let source = include_str!("ui.rs");
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
}
