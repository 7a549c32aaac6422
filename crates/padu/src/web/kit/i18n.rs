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
    ("complaint.rate_limited", "Terlalu banyak pengaduan dari alamat ini. Coba lagi dalam satu jam.", "Too many complaints from this address. Please try again within the hour."),
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
    ("complaint.merge_into", "Laporan yang lebih dulu (nomor atau kode pelacakan)", "The earlier report (number or tracking code)"),
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
    // The audit log's actions and records in words (`audit_word`).
    ("audit.action.create", "Membuat", "Created"),
    ("audit.action.update", "Mengubah", "Changed"),
    ("audit.action.delete", "Menghapus", "Deleted"),
    ("audit.action.revoke", "Mencabut", "Revoked"),
    ("audit.action.issue", "Menerbitkan", "Issued"),
    ("audit.action.grant", "Memberi akses", "Granted access"),
    ("audit.action.permission_change", "Mengubah peran", "Changed roles"),
    ("audit.action.password_change", "Mengganti kata sandi", "Changed password"),
    ("audit.action.login", "Masuk", "Signed in"),
    ("audit.action.logout", "Keluar", "Signed out"),
    ("audit.action.login_failed", "Gagal masuk", "Failed sign-in"),
    ("audit.action.import", "Mengimpor", "Imported"),
    ("audit.action.attach", "Melampirkan berkas", "Attached a file"),
    ("audit.action.approve", "Menyetujui", "Approved"),
    ("audit.action.admin_reset", "Memulihkan akses admin", "Reset administrator access"),
    ("audit.action.bench_seed", "Data uji kinerja", "Benchmark data"),
    ("audit.entity.agenda", "Agenda", "Agenda"),
    ("audit.entity.api_token", "Token API", "API token"),
    ("audit.entity.application", "Aplikasi", "Application"),
    ("audit.entity.complaint", "Pengaduan", "Complaint"),
    ("audit.entity.dataset", "Data dan informasi", "Data set"),
    ("audit.entity.holidays", "Hari libur", "Days off"),
    ("audit.entity.infrastructure", "Infrastruktur", "Infrastructure"),
    ("audit.entity.lan_diagram", "Diagram jaringan LAN", "LAN diagram"),
    ("audit.entity.layanan", "Layanan TIK", "Service desk"),
    ("audit.entity.network_site", "Lokasi jaringan", "Network site"),
    ("audit.entity.pemda", "Pemerintah Daerah", "Regional government"),
    ("audit.entity.perangkat_daerah", "Perangkat Daerah", "Regional agency"),
    ("audit.entity.plan", "Dokumen perencanaan", "Planning document"),
    ("audit.entity.plan_review", "Reviu perencanaan", "Plan review"),
    ("audit.entity.plan_version", "Versi perencanaan", "Plan version"),
    ("audit.entity.policy", "Kebijakan atau SOP", "Policy or SOP"),
    ("audit.entity.process", "Proses bisnis", "Business process"),
    ("audit.entity.request", "Permohonan", "Request"),
    ("audit.entity.saved_view", "Tampilan tersimpan", "Saved view"),
    ("audit.entity.service", "Layanan SPBE", "SPBE service"),
    ("audit.entity.ticket", "Tiket", "Ticket"),
    ("audit.entity.unit_kerja", "Unit kerja", "Work unit"),
    ("audit.entity.user", "Pengguna", "User"),
    ("audit.entity.website", "Situs web", "Website"),
    ("audit.entity.gsb_token", "Token penghubung", "Bus token"),
    ("audit.entity.gsb_service", "Layanan penghubung", "Bus service"),
    ("audit.entity.gsb_federation", "Federasi penghubung", "Bus federation"),
    ("audit.entity.gsb_certificate", "Sertifikat penghubung", "Bus certificate"),
    ("audit.entity.gsb_access", "Hak akses penghubung", "Bus access right"),
    ("audit.entity.gsb_subsystem", "Subsistem penghubung", "Bus subsystem"),
    ("audit.entity.gsb_member", "Anggota penghubung", "Bus member"),
    ("audit.from", "Dari tanggal", "From"),
    ("audit.until", "Sampai tanggal", "Until"),
    ("audit.filter", "Saring", "Filter"),
    ("audit.export", "Unduh", "Download"),
    ("nav.menu", "Menu utama", "Main menu"),
    ("nav.group.catalog", "Katalog & Arsitektur", "Catalogue & architecture"),
    ("nav.group.service", "Layanan & Pengaduan", "Service desk & complaints"),
    ("nav.group.admin", "Administrasi", "Administration"),
    ("nav.pds", "Perangkat Daerah", "Regional agencies"),
    ("nav.sites", "Lokasi Jaringan", "Network sites"),
    ("nav.catalog", "Katalog SPBE", "SPBE catalogue"),
    ("nav.governance", "Tata kelola", "Governance"),
    ("nav.plans", "Perencanaan", "Planning"),
    ("nav.requests", "Permohonan", "Requests"),
    ("request.title", "Permohonan dan rekomendasi", "Requests and recommendations"),
    ("request.intro", "Permohonan pemilihan sistem TIK, rekomendasi Dinas sebelum pengadaan perangkat keras atau pembangunan aplikasi, dan penilaian Perangkat Daerah Mandiri TIK. Setiap langkah tercatat dan diberitahukan.", "ICT system selection requests, the Dinas's recommendation before procuring hardware or building an application, and Mandiri TIK assessments. Every step is recorded and notified."),
    ("request.kind.system_selection", "Pemilihan sistem TIK", "ICT system selection"),
    ("request.kind.hardware_recommendation", "Rekomendasi pengadaan perangkat keras", "Hardware procurement recommendation"),
    ("request.kind.application_recommendation", "Rekomendasi pembangunan aplikasi", "Application development recommendation"),
    ("request.kind.mandiri_tik", "Penilaian Perangkat Daerah Mandiri TIK", "Mandiri TIK assessment"),
    ("request.subject", "Perihal", "Subject"),
    ("request.updated", "Diperbarui", "Updated"),
    ("request.new", "Permohonan baru", "New request"),
    ("request.needs", "Analisis kebutuhan", "Needs analysis"),
    ("request.benefits", "Analisis manfaat", "Benefit analysis"),
    ("request.cost", "Perkiraan biaya (Rp)", "Estimated cost (Rp)"),
    ("request.criteria_staff", "Memiliki SDM TIK", "Has ICT staff"),
    ("request.criteria_experience", "Berpengalaman membangun atau mengelola aplikasi SPBE secara mandiri", "Has built or run SPBE applications on its own"),
    ("request.submit", "Ajukan", "Submit"),
    ("request.round", "putaran", "round"),
    ("request.timeline", "Riwayat", "Timeline"),
    ("request.step", "Langkah", "Step"),
    ("request.note", "Catatan atau alasan", "Note or reason"),
    ("request.take_step", "Simpan langkah", "Take step"),
    ("request.step.submit", "Diajukan", "Submitted"),
    ("request.step.approve", "Setujui", "Approve"),
    ("request.status.diajukan", "Diajukan", "Submitted"),
    ("request.status.disetujui", "Disetujui", "Approved"),
    ("request.status.ditolak", "Ditolak", "Rejected"),
    ("request.status.diusulkan", "Diusulkan ke kepala daerah", "Proposed to the head of region"),
    ("request.status.ditetapkan", "Ditetapkan", "Established"),
    ("request.status.ditarik", "Ditarik", "Withdrawn"),
    ("request.step_confirm", "keputusan ini tercatat dan pemohon diberi tahu.", "this decision is recorded and the requester is told."),
    ("request.step.reject", "Tolak (dengan alasan)", "Reject (with reasons)"),
    ("request.step.resubmit", "Ajukan kembali", "Resubmit"),
    ("request.step.establish", "Tetapkan", "Establish"),
    ("request.step.withdraw", "Tarik", "Withdraw"),
    ("plan.title", "Dokumen perencanaan SPBE", "SPBE planning documents"),
    ("plan.intro", "Rencana Induk, Arsitektur, Peta Rencana, serta Rencana dan Anggaran SPBE setiap PD: setiap versi disimpan, persetujuan ditandatangani secara elektronik (Ed25519) dan dapat diverifikasi, dan jadwal reviu mengikuti peraturan daerah.", "Master plan, architecture, roadmap, and each agency's SPBE plan and budget: every version is kept, approvals are signed (Ed25519) and verifiable, and reviews follow the regional regulation."),
    ("plan.document", "Dokumen", "Document"),
    ("plan.kind", "Jenis", "Kind"),
    ("plan.kind.rencana_induk", "Rencana Induk SPBE", "SPBE master plan"),
    ("plan.kind.arsitektur", "Arsitektur SPBE", "SPBE architecture"),
    ("plan.kind.peta_rencana", "Peta Rencana SPBE", "SPBE roadmap"),
    ("plan.kind.rencana_anggaran", "Rencana dan Anggaran SPBE", "SPBE plan and budget"),
    ("plan.period", "Periode", "Period"),
    ("plan.version", "Versi", "Version"),
    ("plan.approved", "Disetujui", "Approved"),
    ("plan.draft", "Draf (belum disetujui)", "Draft (not approved)"),
    ("plan.approve", "Setujui dan tandatangani versi ini", "Approve and sign this version"),
    ("plan.signature_valid", "Tanda tangan sah", "Signature valid"),
    ("plan.signature_invalid", "Tanda tangan TIDAK sah", "Signature NOT valid"),
    ("plan.statement", "Pernyataan yang ditandatangani", "Signed statement"),
    ("plan.milestones", "Jadwal reviu menurut peraturan", "Reviews the regulation schedules"),
    ("plan.no_milestones", "Peraturan daerah ini tidak menjadwalkan reviu untuk dokumen ini; reviu sewaktu-waktu tetap dapat dicatat.", "This region's regulation schedules no review for this document; reviews on a trigger can still be recorded."),
    ("plan.review_missed", "Reviu terlewat", "Review missed"),
    ("plan.reviews", "Reviu", "Reviews"),
    ("plan.reviewed_on", "Tanggal reviu", "Review date"),
    ("plan.basis", "Dasar reviu", "Basis"),
    ("plan.outcome", "Hasil", "Outcome"),
    ("plan.record_review", "Catat reviu", "Record review"),
    ("plan.new", "Dokumen perencanaan baru", "New planning document"),
    ("plan.new_version", "Susun versi baru", "Draft a new version"),
    ("plan.note", "Catatan versi", "Version note"),
    ("catalog.title", "Katalog & Arsitektur SPBE", "SPBE Catalogue & Architecture"),
    ("catalog.findings", "Temuan kepatuhan", "Compliance findings"),
    ("catalog.no_findings", "Tidak ada temuan kepatuhan atas data yang dapat Anda lihat.", "No compliance findings in the records you can see."),
    ("catalog.severity", "Tingkat", "Severity"),
    ("catalog.severity.high", "Tinggi", "High"),
    ("catalog.severity.medium", "Sedang", "Medium"),
    ("catalog.severity.low", "Rendah", "Low"),
    ("catalog.clause", "Dasar hukum", "Clause"),
    ("catalog.subject", "Objek", "Subject"),
    ("catalog.due", "Batas waktu", "Due"),
    ("catalog.detail", "Rincian", "Detail"),
    ("catalog.applications", "Aplikasi", "Applications"),
    ("catalog.name", "Nama", "Name"),
    ("catalog.pd", "Perangkat Daerah", "Agency"),
    ("catalog.sector", "Sektor", "Sector"),
    ("catalog.status", "Status", "Status"),
    ("catalog.documents", "Dokumen", "Documents"),
    ("catalog.last_review", "Reviu terakhir", "Last review"),
    ("catalog.datasets", "Inventaris data dan informasi", "Data and information inventory"),
    ("catalog.interchange", "Impor dan ekspor", "Import and export"),
    ("catalog.interchange_intro", "Unggah inventaris dalam CSV atau XLSX dengan kolom yang sama seperti berkas ekspor. Baris dicocokkan dengan data yang ada berdasarkan PD (kode) dan nama. Jika ada baris yang salah, tidak ada yang disimpan, kecuali Anda memilih untuk melewati baris yang salah.", "Upload an inventory as CSV or XLSX with the same columns as the export. Rows are matched to existing records by PD (code) and name. If any row is wrong nothing is saved, unless you choose to skip wrong rows."),
    ("catalog.register", "Register", "Register"),
    ("catalog.register.applications", "Aplikasi", "Applications"),
    ("catalog.register.datasets", "Data dan informasi", "Data sets"),
    ("catalog.register.sites", "Lokasi jaringan", "Network sites"),
    ("catalog.register.websites", "Situs web dan subdomain", "Websites and sub-domains"),
    ("catalog.register.agendas", "Agenda Tim Koordinasi dan Komite TI", "Coordination Team and IT Committee agendas"),
    ("catalog.websites", "Situs web", "Websites"),
    ("catalog.services", "Layanan SPBE", "SPBE services"),
    ("catalog.artifacts", "Repositori artefak", "Artifact repository"),
    ("catalog.file_any", "Berkas", "File"),
    ("catalog.is_document", "Berkas ini adalah dokumen wajib", "This file is a required document"),
    ("catalog.upload", "Unggah", "Upload"),
    ("catalog.lan", "Diagram jaringan LAN", "LAN diagrams"),
    ("catalog.lan_intro", "Setiap Perangkat Daerah menyampaikan diagram jaringan LAN-nya kepada Dinas dan melaporkan setiap perubahannya.", "Every agency submits its LAN diagram to the Dinas and reports every change."),
    ("catalog.lan_kind", "Jenis", "Kind"),
    ("catalog.processes", "Proses bisnis", "Business processes"),
    ("catalog.archimate", "Arsitektur lengkap dalam format ArchiMate 3.1 (Open Exchange Format)", "The whole architecture in ArchiMate 3.1 (Open Exchange Format)"),
    ("catalog.register.services", "Layanan SPBE", "SPBE services"),
    ("catalog.register.plans", "Dokumen perencanaan", "Planning documents"),
    ("catalog.register.infrastructure", "Infrastruktur (Pusat Data, server, VPS, layanan cloud)", "Infrastructure (data centre, servers, VPS, cloud offerings)"),
    ("catalog.infrastructure", "Infrastruktur", "Infrastructure"),
    ("catalog.register.processes", "Proses bisnis", "Business processes"),
    ("catalog.websites_intro", "Semua situs web dan subdomain Perangkat Daerah harus berada di bawah domain Pemerintah Daerah:", "Every website and sub-domain of an agency must sit under the regional government's domain:"),
    ("catalog.outside_domain", "di luar domain Pemda", "outside the Pemda domain"),
    ("governance.title", "Tata kelola SPBE", "SPBE governance"),
    ("governance.intro", "Agenda Tim Koordinasi SPBE (berkala, setidaknya dua kali setahun, dan insidental) dan Komite TI, dengan risalah dan keputusannya.", "Agendas of the SPBE Coordination Team (periodic, at least twice a year, and incidental) and of the IT Committee, with their minutes and decisions."),
    ("governance.minutes", "Risalah", "Minutes"),
    ("governance.policies", "Kebijakan SPBE dan SOP", "SPBE policies and SOPs"),
    ("governance.agendas", "Agenda", "Agendas"),
    ("governance.policy", "Kebijakan / SOP", "Policy / SOP"),
    ("governance.subject", "Pokok", "Subject"),
    ("governance.reference", "Dasar hukum", "Legal basis"),
    ("governance.transition", "Batas waktu penyesuaian Perangkat Daerah terhadap peraturan ini", "Deadline for agencies to conform to this regulation"),
    ("catalog.register.policies", "Kebijakan SPBE dan SOP", "SPBE policies and SOPs"),
    ("governance.decisions", "Keputusan", "Decisions"),
    ("catalog.file", "Berkas (CSV atau XLSX)", "File (CSV or XLSX)"),
    ("catalog.skip_bad_rows", "Lewati baris yang salah dan simpan sisanya", "Skip wrong rows and save the rest"),
    ("catalog.import", "Impor", "Import"),
    ("catalog.export", "Ekspor", "Export"),
    ("catalog.import_done", "Impor selesai", "Import finished"),
    ("catalog.import_rejected", "Berkas ditolak: tidak ada yang disimpan", "File rejected: nothing was saved"),
    ("catalog.rows", "Baris", "Rows"),
    ("catalog.created", "Dibuat", "Created"),
    ("catalog.updated", "Diperbarui", "Updated"),
    ("catalog.unchanged", "Tidak berubah", "Unchanged"),
    ("catalog.skipped", "Dilewati", "Skipped"),
    ("catalog.row", "Baris", "Row"),
    ("catalog.column", "Kolom", "Column"),
    ("catalog.problem", "Masalah", "Problem"),
    ("catalog.back", "Kembali ke katalog", "Back to the catalogue"),
    ("nav.users", "Pengguna & Peran", "Users & roles"),
    ("nav.tokens", "Token API", "API tokens"),
    ("nav.audit", "Log Audit", "Audit log"),
    ("nav.login", "Masuk", "Sign in"),
    ("nav.logout", "Keluar", "Sign out"),
    ("login.title", "Masuk ke Padu", "Sign in to Padu"),
    ("login.username", "Nama pengguna", "Username"),
    ("login.password", "Kata sandi", "Password"),
    ("login.submit", "Masuk", "Sign in"),
    ("login.failed", "Nama pengguna atau kata sandi salah, atau masuk ditangguhkan sementara setelah gagal berulang kali.", "Wrong username or password, or signing in is paused for a while after repeated failures."),
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
    ("home.cta.title", "Ada keluhan atau aspirasi tentang layanan pemerintah daerah?", "A complaint or a wish about a regional government service?"),
    ("home.cta.text", "Sampaikan tanpa akun. Anda mendapat kode pelacakan untuk mengikuti tindak lanjutnya; identitas Anda dapat dirahasiakan.", "Tell us without an account. You get a tracking code to follow what is done; your identity can be kept confidential."),
    ("home.cta.report", "Sampaikan laporan", "File a report"),
    ("home.cta.track", "Lacak laporan", "Track a report"),
    ("home.staff_login", "Masuk untuk petugas", "Staff sign-in"),
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
    ("common.cancel", "Batal", "Cancel"),
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
    ("site.map", "Peta jaringan", "Network map"),
    // The message a page shows after a change (`?pesan=saved`).
    ("notice.saved", "Perubahan tersimpan.", "Your changes are saved."),
    ("notice.deleted", "Data dihapus.", "The record was deleted."),
    // A vocabulary's values as people read them (`value_label`).
    ("value.administrasi", "Administrasi pemerintahan", "Government administration"),
    ("value.publik", "Publik", "Public"),
    ("value.antar_instansi", "Antar-instansi", "Between agencies"),
    ("value.internal", "Internal", "Internal"),
    ("value.harian", "Harian", "Daily"),
    ("value.mingguan", "Mingguan", "Weekly"),
    ("value.bulanan", "Bulanan", "Monthly"),
    ("value.triwulanan", "Triwulanan", "Quarterly"),
    ("value.tahunan", "Tahunan", "Yearly"),
    ("value.tidak_ada", "Tidak ada", "None"),
    ("value.planned", "Direncanakan", "Planned"),
    ("value.development", "Dalam pengembangan", "In development"),
    ("value.production", "Beroperasi", "In production"),
    ("value.retired", "Dihentikan", "Retired"),
    ("value.umum", "Umum", "General"),
    ("value.khusus", "Khusus", "Specific"),
    ("value.built", "Dibangun sendiri", "Built in-house"),
    ("value.pemda", "Pemerintah Daerah", "The Pemda"),
    ("value.pengembang", "Pengembang (pihak ketiga)", "The developer (third party)"),
    ("value.ready_made", "Siap pakai", "Ready-made"),
    ("value.aktif", "Aktif", "Active"),
    ("value.nonaktif", "Nonaktif", "Inactive"),
    ("value.tim_koordinasi", "Tim Koordinasi SPBE", "SPBE Coordination Team"),
    ("value.komite_ti", "Komite TI", "IT Committee"),
    ("value.berkala", "Berkala", "Periodic"),
    ("value.insidental", "Insidental", "Ad hoc"),
    ("value.direncanakan", "Direncanakan", "Planned"),
    ("value.terlaksana", "Terlaksana", "Held"),
    ("value.dibatalkan", "Dibatalkan", "Cancelled"),
    ("value.kebijakan", "Kebijakan", "Policy"),
    ("value.sop", "SOP", "SOP"),
    ("value.draf", "Draf", "Draft"),
    ("value.berlaku", "Berlaku", "In force"),
    ("value.dicabut", "Dicabut", "Revoked"),
    ("value.pd_office", "Kantor PD", "Agency office"),
    ("value.puskesmas", "Puskesmas", "Health centre"),
    ("value.rsud", "RSUD", "Regional hospital"),
    ("value.kantor_perwakilan", "Kantor perwakilan", "Representative office"),
    ("value.lokasi_publik", "Lokasi publik", "Public location"),
    ("value.pusat_data", "Pusat Data", "Data centre"),
    ("value.drc", "Pusat pemulihan bencana (DRC)", "Disaster recovery centre (DRC)"),
    ("value.server", "Server", "Server"),
    ("value.vps", "VPS", "VPS"),
    ("value.iaas", "Infrastruktur sebagai layanan (IaaS)", "Infrastructure as a service (IaaS)"),
    ("value.paas", "Platform sebagai layanan (PaaS)", "Platform as a service (PaaS)"),
    ("value.saas", "Perangkat lunak sebagai layanan (SaaS)", "Software as a service (SaaS)"),
    ("value.perangkat_jaringan", "Perangkat jaringan", "Network equipment"),
    ("value.pusat_data_nasional", "Pusat Data Nasional", "National Data Centre"),
    ("value.ruang_pd", "Ruang server PD", "Agency server room"),
    ("value.pihak_ketiga", "Pihak ketiga", "Third party"),
    ("value.biasa", "Biasa", "Ordinary"),
    ("value.terbatas", "Terbatas", "Limited"),
    ("value.rahasia", "Rahasia", "Secret"),
    ("value.sangat_rahasia", "Sangat rahasia", "Top secret"),
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
    ("users.roles_unchanged", "Peran {user} tidak berubah: peran yang dipilih sama dengan peran sekarang.", "The role of {user} is unchanged: the chosen role is the current one."),
    ("users.confirm_roles", "Ubah peran {user} dari {from} menjadi {to}?", "Change the role of {user} from {from} to {to}?"),
    ("users.confirm_button", "Ya, ubah peran", "Yes, change the role"),
    ("users.last_admin", "tidak dapat diubah: harus tetap ada sedikitnya satu Admin Dinas yang aktif. Jadikan akun lain Admin Dinas terlebih dahulu (atau gunakan `padu admin reset` di server).", "cannot be changed: at least one active Admin Dinas must remain. Make another account Admin Dinas first (or use `padu admin reset` on the server)."),
    ("users.edit", "Ubah pengguna", "Edit user"),
    ("users.back", "Kembali ke daftar pengguna", "Back to the users"),
    ("users.lang", "Bahasa halaman", "Language of the pages"),
    ("users.reset_password", "Atur ulang kata sandi", "Reset the password"),
    ("users.reset_password_hint", "Padu membuat kata sandi sementara yang Anda sampaikan kepada pengguna; pengguna keluar dari semua sesi dan wajib menggantinya saat masuk.", "Padu makes a temporary password for you to hand over; the user is signed out everywhere and must change it at the next sign-in."),
    ("users.confirm_reset", "kata sandi pengguna ini diganti dengan kata sandi sementara.", "this user's password is replaced with a temporary one."),
    ("users.temporary_for", "Kata sandi sementara untuk", "Temporary password for"),
    ("users.temporary_hint", "Ditampilkan sekali ini saja. Sampaikan langsung kepada pengguna; ia wajib menggantinya saat masuk.", "Shown this once only. Hand it to the user in person; they must change it at sign-in."),
    ("account.password", "Ganti kata sandi", "Change password"),
    ("account.must_change", "Kata sandi Anda diatur ulang oleh Dinas. Pilih kata sandi Anda sendiri untuk melanjutkan.", "Your password was reset by the Dinas. Choose your own to go on."),
    ("account.current", "Kata sandi sekarang", "Current password"),
    ("account.new", "Kata sandi baru", "New password"),
    ("notice.password_changed", "Kata sandi diganti. Masuk dengan kata sandi baru.", "Password changed. Sign in with the new one."),
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
    ("error.bad_address", "Alamat halaman ini tidak dapat dibaca: periksa nomor dan isian di alamat, atau kembali ke halaman sebelumnya.", "This page address cannot be read: check the number and the values in it, or go back to the previous page."),
    ("error.forbidden", "Peran Anda tidak mengizinkan tindakan ini.", "Your role does not allow this."),
    ("error.control_char", "berisi karakter kendali {char}; hanya teks, tab dan baris baru yang diterima. Tidak ada yang disimpan.", "holds the control character {char}; only text, tabs and line breaks are accepted. Nothing was saved."),
    ("error.csrf", "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.", "The form expired or is not valid. Reload the page and try again."),
    ("complaint.similar_found", "Laporan serupa yang sedang ditangani:", "Similar reports already being handled:"),
    ("complaint.similar_hint", "Jika laporan Anda sama, Anda dapat mengikuti laporan yang ada. Jika berbeda, kirim sekali lagi.", "If yours is the same, you can follow the existing report. If it is different, send it again."),
    ("complaint.similar_staff", "Pengaduan terbuka yang mirip (teks atau lokasi):", "Similar open complaints (text or place):"),
    ("complaint.similar_merge_hint", "Gabungkan duplikat ke pengaduan yang lebih lama dengan langkah Gabungkan.", "Merge a duplicate into the older complaint with the Merge step."),
    ("stats.title", "Statistik pengaduan", "Complaint statistics"),
    ("stats.intro", "Angka pengaduan pelayanan publik daerah ini, tanpa data pribadi. Laporan rahasia dan yang belum diverifikasi hanya dihitung dalam total per status.", "Public-service complaint figures for this region, without personal data. Confidential and unverified reports are only counted in the totals by status."),
    ("stats.total", "laporan", "reports"),
    ("stats.done", "selesai", "resolved"),
    ("stats.by_status", "Menurut status", "By status"),
    ("stats.by_category", "Menurut jenis (laporan publik)", "By type (public reports)"),
    ("stats.by_pd", "Menurut Perangkat Daerah (laporan publik)", "By agency (public reports)"),
    ("nav.stats", "Statistik", "Statistics"),
    ("holiday.title", "Hari libur kalender kerja", "Working-calendar days off"),
    ("holiday.intro", "Tenggat SLA dan pengaduan dihitung dalam hari kerja (Senin-Kamis 07.30-16.00, Jumat 07.30-16.30 WIB) dan melewati hari-hari libur ini.", "SLA and complaint deadlines count working days (Mon-Thu 07:30-16:00, Fri 07:30-16:30 WIB) and skip these days off."),
    ("holiday.day", "Tanggal", "Date"),
    ("holiday.name", "Keterangan", "Name"),
    ("holiday.import", "Impor daftar (satu hari per baris: YYYY-MM-DD,keterangan)", "Import a list (one day a line: YYYY-MM-DD,name)"),
    ("holiday.submit", "Impor", "Import"),
    ("holiday.imported", "hari libur diimpor.", "days off imported."),
    ("nav.holidays", "Hari libur", "Days off"),
    ("complaint.files_limit", "Paling banyak 5 berkas per laporan.", "At most 5 files per report."),
    ("nav.desk", "Layanan TIK", "Service desk"),
    ("nav.notifications", "Notifikasi", "Notifications"),
    ("desk.title_page", "Service Desk", "Service desk"),
    ("desk.new", "Tiket baru", "New ticket"),
    ("desk.queue", "Antrean terbuka", "Open queue"),
    ("desk.mine", "Ditugaskan kepada saya", "Assigned to me"),
    ("desk.tier2_queue", "Antrean Tier 2 (Dinas)", "Tier 2 queue (Dinas)"),
    ("desk.breached", "Melewati SLA", "Past SLA"),
    ("desk.supervision", "Supervisi Service Desk", "Service desk supervision"),
    ("desk.supervision_intro", "Pengawasan layanan Tier 1 seluruh Perangkat Daerah oleh Dinas. Perangkat Daerah tanpa petugas Tier 1 ditandai.", "The Dinas supervises every agency's Tier 1 desk. An agency without Tier 1 staff is flagged."),
    ("desk.saved_views", "Tampilan tersimpan", "Saved views"),
    ("desk.view_name", "Nama tampilan", "View name"),
    ("desk.save_view", "Simpan tampilan ini", "Save this view"),
    ("desk.all_kinds", "Semua jenis", "All types"),
    ("desk.all_priorities", "Semua prioritas", "All priorities"),
    ("desk.all_statuses", "Semua status", "All statuses"),
    ("desk.open_only", "Hanya yang terbuka", "Open only"),
    ("desk.count", "tiket", "tickets"),
    ("desk.title", "Judul", "Title"),
    ("desk.body", "Uraian", "Description"),
    ("desk.kind", "Jenis", "Type"),
    ("desk.kind.keluhan", "Keluhan", "Complaint"),
    ("desk.kind.gangguan", "Gangguan", "Incident"),
    ("desk.kind.masalah", "Masalah", "Problem"),
    ("desk.kind.permintaan", "Permintaan", "Service request"),
    ("desk.kind.perubahan", "Perubahan", "Change"),
    ("desk.priority", "Prioritas", "Priority"),
    ("desk.priority_default", "Sesuai jenis", "By type"),
    ("desk.priority.rendah", "Rendah", "Low"),
    ("desk.priority.sedang", "Sedang", "Medium"),
    ("desk.priority.tinggi", "Tinggi", "High"),
    ("desk.priority.kritis", "Kritis", "Critical"),
    ("desk.status", "Status", "Status"),
    ("desk.status.baru", "Baru", "New"),
    ("desk.status.ditangani", "Ditangani", "In progress"),
    ("desk.status.menunggu_pemohon", "Menunggu pemohon", "Waiting on requester"),
    ("desk.status.selesai", "Selesai", "Resolved"),
    ("desk.status.ditutup", "Ditutup", "Closed"),
    ("desk.status.digabung", "Digabung", "Merged"),
    ("desk.pd", "Perangkat Daerah", "Agency"),
    ("desk.assignee", "Petugas", "Assignee"),
    ("desk.requester", "Pemohon", "Requester"),
    ("desk.link", "Terkait", "About"),
    ("desk.link.application", "Aplikasi", "Application"),
    ("desk.link.asset", "Aset", "Asset"),
    ("desk.link.service", "Layanan penghubung", "Bus service"),
    ("desk.link_ref", "Nama atau kode yang terkait", "Name or code it is about"),
    ("desk.parent", "Tiket induk", "Parent ticket"),
    ("desk.children", "Tiket turunan", "Child tickets"),
    ("desk.merged_into", "Digabung ke tiket", "Merged into ticket"),
    ("desk.escalation_reason", "Alasan eskalasi", "Reason for escalation"),
    ("desk.rating", "Penilaian", "Rating"),
    ("desk.resolved", "Selesai", "Resolved"),
    ("desk.tier1_staff", "Petugas Tier 1", "Tier 1 staff"),
    ("desk.no_tier1_staff", "Tidak ada petugas Tier 1", "No Tier 1 staff"),
    ("desk.submit", "Kirim tiket", "Submit ticket"),
    ("desk.ticket", "Tiket", "Ticket"),
    ("desk.timeline", "Riwayat", "History"),
    ("desk.internal", "internal", "internal"),
    ("desk.files", "Lampiran", "Attachments"),
    ("desk.internal_file", "Hanya untuk petugas", "Staff only"),
    ("desk.upload", "Unggah", "Upload"),
    ("desk.file_label", "Berkas", "File"),
    ("desk.file_rule", "PDF, PNG, JPEG, TXT/CSV, DOCX/XLSX/ODT/ODS; paling besar 5 MB.", "PDF, PNG, JPEG, TXT/CSV, DOCX/XLSX/ODT/ODS; at most 5 MB."),
    ("desk.text", "Teks", "Text"),
    ("desk.reply_box", "Tanggapan atau catatan", "Reply or note"),
    ("desk.steps_confirm", "menyelesaikan, mengeskalasi, atau mengembalikan tiket mengubah siapa yang menanganinya.", "resolving, escalating or returning the ticket changes who works on it."),
    ("desk.changes", "Ubah penugasan, prioritas, jenis, atau gabungkan", "Change the assignee, priority or type, or merge"),
    ("desk.action.reply", "Balas (terlihat pemohon)", "Reply (the requester sees it)"),
    ("desk.action.note", "Catatan internal", "Internal note"),
    ("desk.action.wait", "Minta informasi dari pemohon", "Ask the requester"),
    ("desk.action.resolve", "Selesaikan", "Resolve"),
    ("desk.action.escalate", "Eskalasi ke Tier 2", "Escalate to Tier 2"),
    ("desk.action.return", "Kembalikan ke Tier 1", "Return to Tier 1"),
    ("desk.action.assign", "Tugaskan", "Assign"),
    ("desk.action.update", "Ubah", "Update"),
    ("desk.action.merge", "Gabungkan sebagai duplikat", "Merge as duplicate"),
    ("desk.action.reopen", "Buka kembali", "Reopen"),
    ("desk.action.rate", "Beri penilaian dan tutup", "Rate and close"),
    ("desk.event.opened", "Dibuka", "Opened"),
    ("desk.event.reply", "Balasan", "Reply"),
    ("desk.event.note", "Catatan internal", "Internal note"),
    ("desk.event.waiting", "Menunggu pemohon", "Waiting on requester"),
    ("desk.event.resolved", "Diselesaikan", "Resolved"),
    ("desk.event.reopened", "Dibuka kembali", "Reopened"),
    ("desk.event.rated", "Dinilai", "Rated"),
    ("desk.event.escalated", "Dieskalasi ke Tier 2", "Escalated to Tier 2"),
    ("desk.event.returned", "Dikembalikan ke Tier 1", "Returned to Tier 1"),
    ("desk.event.assigned", "Ditugaskan", "Assigned"),
    ("desk.event.updated", "Diubah", "Updated"),
    ("desk.event.merged", "Digabung", "Merged"),
    ("desk.event.closed", "Ditutup", "Closed"),
    ("desk.event.sla_warning", "Peringatan SLA", "SLA warning"),
    ("desk.event.sla_breached", "SLA terlampaui", "SLA breached"),
    ("desk.event.sla_checked", "SLA diperiksa", "SLA checked"),
    ("sla.timer", "Pengukur", "Timer"),
    ("sla.first_response", "Tanggapan pertama", "First response"),
    ("sla.next_update", "Pembaruan berikutnya", "Next update"),
    ("sla.resolution", "Penyelesaian", "Resolution"),
    ("sla.target", "Target (jam kerja)", "Target (working time)"),
    ("sla.remaining", "Sisa", "Remaining"),
    ("sla.due", "Jatuh tempo (WIB)", "Due (WIB)"),
    ("sla.state", "Keadaan", "State"),
    ("sla.state.no_target", "Tanpa target", "No target"),
    ("sla.state.not_started", "Belum mulai", "Not started"),
    ("sla.state.running", "Berjalan", "Running"),
    ("sla.state.warning", "Hampir lewat", "Warning"),
    ("sla.state.breached", "Terlampaui", "Breached"),
    ("sla.state.paused", "Dijeda", "Paused"),
    ("sla.state.met", "Terpenuhi", "Met"),
    ("sla.state.missed", "Terlewat", "Missed"),
    ("sla.response_rule", "Yang dihitung sebagai tanggapan: balasan petugas yang terlihat oleh pemohon. Catatan internal, perubahan status, dan notifikasi otomatis tidak dihitung. Selama menunggu pemohon, semua pengukur dijeda.", "What counts as a response: a staff reply the requester can see. Internal notes, status changes and automatic notifications do not count. While waiting on the requester, every timer pauses."),
    ("notify.title", "Notifikasi", "Notifications"),
    ("notify.mark_read", "Tandai semua sudah dibaca", "Mark all read"),
    ("notify.none", "Belum ada notifikasi.", "No notifications yet."),
    ("notify.new", "baru", "new"),
    ("notify.unread", "Notifikasi belum dibaca", "Unread notifications"),
    ("common.delete", "Hapus", "Delete"),
    ("nav.gsb", "Penghubung", "Service bus"),
    ("gsb.title", "Sistem Penghubung Layanan", "Service bus (Sistem Penghubung Layanan)"),
    ("gsb.intro", "Registri anggota, subsistem, layanan dan hak akses yang dilayani gateway (X-Road REST).", "The registry of members, subsystems, services and access rights the gateway serves (X-Road REST)."),
    ("gsb.instance", "Instans", "Instance"),
    ("gsb.ca_fingerprint", "Sidik jari CA", "CA fingerprint"),
    ("gsb.monitor", "Pemantauan", "Monitoring"),
    ("gsb.subsystems", "Subsistem", "Subsystems"),
    ("gsb.client_id", "Pengenal klien", "Client identifier"),
    ("gsb.name", "Nama", "Name"),
    ("gsb.rate", "Batas laju", "Rate limit"),
    ("gsb.services", "Layanan", "Services"),
    ("gsb.service", "Layanan", "Service"),
    ("gsb.base_url", "URL penyedia", "Provider URL"),
    ("gsb.status", "Status", "Status"),
    ("gsb.health", "Kesehatan penyedia", "Provider health"),
    ("gsb.failing", "Gagal", "Failing"),
    ("gsb.healthy", "Sehat", "Healthy"),
    ("gsb.access", "Hak akses", "Access rights"),
    ("gsb.endpoint", "Metode dan path", "Method and path"),
    ("gsb.revoke", "Cabut", "Revoke"),
    ("gsb.grant", "Beri hak akses", "Grant access"),
    ("gsb.method", "Metode", "Method"),
    ("gsb.path", "Path", "Path"),
    ("gsb.federation", "Federasi", "Federation"),
    ("gsb.gateway_url", "URL gateway", "Gateway URL"),
    ("gsb.subsystem", "Subsistem", "Subsystem"),
    ("gsb.issued", "Sertifikat diterbitkan.", "Certificate issued."),
    ("gsb.key_once", "Kunci privat ini hanya ditampilkan sekali dan tidak disimpan Padu. Simpan sekarang.", "This private key is shown once and not kept by Padu. Save it now."),
    ("gsb.certificates", "Sertifikat klien", "Client certificates"),
    ("gsb.serial", "Nomor seri", "Serial"),
    ("gsb.valid_until", "Berlaku sampai", "Valid until"),
    ("gsb.revoked", "Dicabut", "Revoked"),
    ("gsb.valid", "Berlaku", "Valid"),
    ("gsb.reason", "Alasan", "Reason"),
    ("gsb.issue", "Terbitkan sertifikat", "Issue a certificate"),
    ("gsb.csr", "CSR (PEM, opsional; tanpa CSR Padu membuat kunci) ", "CSR (PEM, optional; without one Padu makes the key) "),
    ("gsb.tokens", "Token klien", "Client tokens"),
    ("gsb.per_minute", "permintaan per menit", "requests per minute"),
    ("gsb.now", "kini", "now"),
    ("gsb.window", "Jendela", "Window"),
    ("gsb.no_traffic", "Belum ada lalu lintas dalam jendela ini.", "No traffic in this window yet."),
    ("gsb.p95_chart", "Latensi p95 (ms) per layanan dan klien", "p95 latency (ms) per service and client"),
    ("gsb.requests", "Permintaan", "Requests"),
    ("gsb.errors", "Galat", "Errors"),
    ("gsb.add", "Tambah ke registri", "Add to the registry"),
    ("gsb.new_member", "Anggota baru", "New member"),
    ("gsb.new_subsystem", "Subsistem baru", "New subsystem"),
    ("gsb.new_service", "Layanan baru", "New service"),
    ("gsb.member_class", "Kelas anggota", "Member class"),
    ("gsb.member_code", "Kode anggota", "Member code"),
    ("gsb.member", "Anggota", "Member"),
    ("gsb.code", "Kode", "Code"),
    ("gsb.save", "Simpan", "Save"),
    ("field.pd", "Perangkat Daerah", "Agency"),
    ("field.name", "Nama", "Name"),
    ("field.description", "Uraian", "Description"),
    ("field.kind", "Jenis", "Kind"),
    ("field.sector", "Sektor", "Sector"),
    ("field.origin", "Asal (dibangun / siap pakai)", "Origin (built / ready-made)"),
    ("field.copyright_holder", "Pemegang hak cipta", "Copyright holder"),
    ("field.open_source", "Sumber terbuka", "Open source"),
    ("field.source_repository", "Repositori kode sumber", "Source repository"),
    ("field.url", "Alamat (URL)", "Address (URL)"),
    ("field.status", "Status", "Status"),
    ("field.in_production_since", "Beroperasi sejak", "In production since"),
    ("field.tested_on", "Tanggal uji sebelum operasi", "Tested before production on"),
    ("field.last_review", "Reviu terakhir", "Last review"),
    ("field.documents", "Dokumen yang dimiliki (kode)", "Documents held (codes)"),
    ("field.classification", "Klasifikasi", "Classification"),
    ("field.responsible_person", "Penanggung jawab", "Responsible person"),
    ("field.distribution", "Distribusi", "Distribution"),
    ("field.retention_years", "Retensi (tahun, atau permanen)", "Retention (years, or permanen)"),
    ("field.storage_location", "Lokasi penyimpanan", "Storage location"),
    ("field.backup_period", "Periode backup", "Backup period"),
    ("field.backup_media", "Media backup", "Backup media"),
    ("field.update_every_months", "Dimutakhirkan setiap (bulan)", "Updated every (months)"),
    ("field.last_updated", "Pemutakhiran terakhir", "Last updated"),
    ("field.service", "Layanan jaringan", "Network service"),
    ("field.address", "Alamat", "Address"),
    ("field.bandwidth_mbps", "Lebar pita (Mbps)", "Bandwidth (Mbps)"),
    ("field.latitude", "Lintang", "Latitude"),
    ("field.longitude", "Bujur", "Longitude"),
    ("field.source", "Sumber data", "Source"),
    ("field.host", "Nama host", "Host name"),
    ("field.purpose", "Kegunaan", "Purpose"),
    ("field.hosted_at", "Lokasi hosting", "Hosted at"),
    ("field.title", "Judul", "Title"),
    ("field.body", "Forum", "Body"),
    ("field.scheduled_on", "Tanggal", "Date"),
    ("field.location", "Tempat", "Place"),
    ("field.minutes", "Risalah", "Minutes"),
    ("field.decisions", "Keputusan", "Decisions"),
    ("field.application_ids", "Aplikasi (nomor)", "Applications (ids)"),
    ("field.bus_service", "Layanan penghubung", "Service-bus service"),
    ("field.code", "Kode", "Code"),
    ("field.level", "Level (1–4)", "Level (1–4)"),
    ("field.parent_code", "Kode proses induk", "Parent process code"),
    ("field.service_ids", "Layanan (nomor)", "Services (ids)"),
    ("field.placed_at", "Ditempatkan di", "Placed at"),
    ("field.provider", "Penyedia", "Provider"),
    ("field.specification", "Spesifikasi", "Specification"),
    ("field.site_id", "Lokasi jaringan (nomor)", "Network site (id)"),
    ("field.subject", "Pokok", "Subject"),
    ("field.reference", "Dasar hukum (nomor)", "Legal basis (number)"),
    ("field.established_on", "Ditetapkan pada", "Established on"),
    ("form.save", "Simpan", "Save"),
    ("form.new", "baru", "new"),
    ("form.edit", "ubah", "edit"),
    ("form.add", "Tambah", "Add"),
    ("form.confirm", "Saya yakin:", "I am sure:"),
    ("form.confirm_needed", "Centang kotak konfirmasi untuk melanjutkan; tidak ada yang diubah.", "Tick the confirmation box to go on; nothing was changed."),
    ("plan.confirm_approve", "versi ini disetujui dan ditandatangani secara elektronik atas nama saya.", "this version is approved and signed electronically in my name."),
    ("complaint.confirm.steps", "menolak atau menutup laporan tidak dapat dibatalkan; pelapor diberi tahu.", "rejecting or closing a report cannot be undone; the reporter is told."),
    ("complaint.party.reporter", "Pelapor", "Reporter"),
    ("complaint.party.dinas", "Dinas Kominfo (verifikator)", "Dinas Kominfo (verifier)"),
    ("complaint.party.pd", "Perangkat Daerah penanggung jawab", "Responsible agency"),
    ("complaint.party.system", "Padu (batas waktu)", "Padu (deadline)"),
    ("complaint.party.staff", "Petugas", "Officer"),
    // What each compliance rule asks, in words (the findings' "what is wrong").
    ("finding.application_documents_missing", "Aplikasi belum memiliki semua dokumen yang disyaratkan", "The application lacks documents the regulation requires"),
    ("finding.application_untested", "Aplikasi yang beroperasi harus diuji sebelum dioperasikan", "An application in production must have been tested before going live"),
    ("finding.application_copyright_elsewhere", "Hak cipta aplikasi yang dibangun untuk Pemerintah Daerah harus milik Pemerintah Daerah", "The copyright of an application built for the Pemda must be the Pemda's"),
    ("finding.application_review_overdue", "Reviu berkala aplikasi sudah lewat waktu", "The application's periodic review is overdue"),
    ("finding.dataset_not_updated", "Data tidak dimutakhirkan dalam periodenya", "The data set was not updated within its period"),
    ("finding.plan_review_overdue", "Reviu dokumen perencanaan sudah lewat waktu", "The planning document's review is overdue"),
    ("finding.website_outside_domain", "Situs web harus berada di bawah domain Pemerintah Daerah", "A website must sit under the regional government's domain"),
    ("finding.lan_diagram_missing", "Perangkat Daerah belum menyampaikan diagram jaringan LAN", "The agency has not submitted its LAN diagram"),
    ("finding.coordination_meeting_missing", "Tim Koordinasi SPBE tidak memenuhi jumlah rapat berkala dalam setahun", "The SPBE Coordination Team held fewer periodic meetings in the year than required"),
    ("finding.server_outside_data_center", "Server harus ditempatkan di Pusat Data Pemerintah Daerah", "A server must be placed in the regional government's data centre"),
    ("finding.policy_missing", "Kebijakan SPBE yang diwajibkan belum ditetapkan", "A required SPBE policy has not been established"),
    ("finding.dataset_not_backed_up", "Data harus dicadangkan secara berkala ke Pusat Data", "A data set must be backed up regularly to the data centre"),
    ("finding.data_center_without_drc", "Pusat Data harus memiliki Pusat Pemulihan Bencana (DRC)", "The data centre must have a Disaster Recovery Center"),
    ("finding.sop_missing", "Perangkat Daerah belum memiliki SOP yang diwajibkan", "The agency lacks a required SOP"),
    ("catalog.requirement", "Yang diwajibkan", "What is required"),
    ("form.choose", "— pilih —", "— choose —"),
    ("gsb.awaiting_clearance", "menunggu pertimbangan kelaikan dari Dinas", "awaiting the Dinas's clearance"),
    ("gsb.clear", "Beri pertimbangan kelaikan", "Clear to serve"),
    ("gsb.clear_confirm", "kelaikan operasi dan keamanan layanan ini sudah dipertimbangkan; layanan mulai melayani.", "this service's operational fitness and security were considered; it starts serving."),
    ("rules.bus_service_clearance", "Layanan Perangkat Daerah di Sistem Penghubung Layanan melayani setelah pertimbangan kelaikan dari Dinas", "An agency's service on the bus serves once the Dinas has cleared it"),
    ("rules.title", "Aturan yang berlaku", "Rules in force"),
    ("rules.group.desk", "Target layanan Service Desk (jam kerja)", "Service Desk targets (working time)"),
    ("rules.desk.first_response", "tanggapan pertama", "first response"),
    ("rules.desk.next_update", "pembaruan", "update every"),
    ("rules.desk.resolution", "penyelesaian", "resolution"),
    ("rules.desk.updates", "wajib pembaruan berkala", "regular updates owed"),
    ("rules.desk.no_updates", "tanpa pembaruan berkala", "no regular updates"),
    ("rules.hours", "jam", "hours"),
    ("rules.minutes", "menit", "minutes"),
    ("rules.edit", "Ubah aturan daerah", "Change the region's rules"),
    ("rules.edit_intro", "Berkas profil daerah (TOML): profil bawaan yang dipakai sebagai dasar (base), lalu nilai yang berbeda, masing-masing dengan pasal dan bunyinya. Seluruh berkas diperiksa sebelum disimpan; kesalahan disebut baris dan kuncinya, dan tidak ada yang berubah.", "The region's profile file (TOML): the shipped profile it starts from (base), then the values that differ, each with its clause and words. The whole file is checked before it is saved; a mistake is named by its line and key, and nothing changes."),
    ("rules.from_file", "Padu dijalankan dengan --profile-file: ubah berkas itu; perubahan di sini tidak disimpan.", "Padu was started with --profile-file: change that file; changes here are not saved."),
    ("rules.file", "Berkas profil", "Profile file"),
    ("rules.intro", "Setiap aturan yang dijalankan Padu, nilainya, dan pasal yang menetapkannya, menurut", "Every rule Padu runs, its value and the clause that sets it, under"),
    ("rules.overridden_note", "Nilai bertanda \"diubah daerah\" ditetapkan oleh berkas profil daerah ini, bukan oleh profil bawaan.", "Values marked \"set by the region\" come from this region's own profile file, not the shipped profile."),
    ("rules.overridden", "diubah daerah", "set by the region"),
    ("rules.no_domain", "Peraturan ini tidak menetapkan nama domain: aturan situs web di luar domain tidak berlaku sampai daerah menetapkannya.", "The regulation names no domain: the rule on websites outside it does not apply until the region sets one."),
    ("rules.no_transition", "Peraturan ini tidak menetapkan masa peralihan: temuan dihitung sejak data itu ada.", "The regulation sets no transitional period: findings count from when the record began."),
    ("rules.what", "Aturan", "Rule"),
    ("rules.value", "Nilai", "Value"),
    ("rules.text", "Bunyi pasal", "The clause's words"),
    ("rules.in_force", "berlaku", "in force"),
    ("rules.required", "wajib", "required"),
    ("rules.domain", "Nama domain Pemerintah Daerah", "The Pemda's domain"),
    ("rules.transition", "Masa peralihan", "Transitional period"),
    ("rules.years", "tahun", "years"),
    ("rules.months", "bulan", "months"),
    ("rules.days", "hari", "days"),
    ("rules.working_days", "hari kerja", "working days"),
    ("rules.times_a_year", "kali setahun", "times a year"),
    ("rules.since", "sejak", "from"),
    ("rules.until", "sampai", "until"),
    ("rules.group.identity", "Domain dan masa peralihan", "Domain and transitional period"),
    ("rules.group.findings", "Aturan kepatuhan (temuan)", "Compliance rules (findings)"),
    ("rules.group.documents", "Dokumen wajib aplikasi yang dibangun", "Documents required of a built application"),
    ("rules.group.plans", "Dokumen perencanaan: penetapan dan reviu", "Planning documents: approval and review"),
    ("rules.group.values", "Jangka waktu dan frekuensi", "Periods and frequencies"),
    ("rules.group.complaints", "Tenggat pengaduan publik", "Public complaint deadlines"),
    ("rules.group.workflows", "Alur kerja katalog", "Catalogue workflows"),
    ("rules.review.mid_and_last", "pada paruh waktu dan tahun terakhir", "at mid-term and in the last year"),
    ("rules.review.yearly", "setiap tahun", "every year"),
    ("rules.drafted_by_planning_pd", "disusun oleh Perangkat Daerah perencanaan pembangunan daerah", "drafted by the regional development planning agency"),
    ("rules.planning_pd_unnamed", "belum ditetapkan daerah (hanya Dinas yang menyusun)", "not yet named by the region (only the Dinas drafts)"),
    ("rules.approved_by", "ditetapkan oleh", "established by"),
    ("rules.reviewed_by", "reviu dicatat oleh", "reviews recorded by"),
    ("rules.decided_by", "diputuskan oleh", "decided by"),
    ("rules.established_by", "ditetapkan oleh", "established by"),
    ("rules.or", "atau", "or"),
    ("rules.padu_default", "bawaan Padu, bukan pasal peraturan", "Padu's default, no clause"),
    ("rules.internal_audit_lead_months", "Audit internal sebelum audit TIK eksternal, paling lambat", "Internal audit before an external ICT audit, at the latest"),
    ("rules.review.five_yearly", "lima tahun setelah ditetapkan", "five years after it was established"),
    ("rules.dataset_max_update_months", "Pemutakhiran data publik paling lama", "Public data updated at least every"),
    ("rules.application_review_years", "Reviu aplikasi setiap", "Application review every"),
    ("rules.coordination_meetings_per_year", "Rapat berkala Tim Koordinasi SPBE paling sedikit", "Periodic meetings of the Tim Koordinasi SPBE, at least"),
    ("rules.risk_review_months", "Pemantauan dan evaluasi risiko SPBE setiap", "SPBE risks monitored and evaluated every"),
    ("rules.evaluation_months", "Evaluasi SPBE setiap", "SPBE evaluation every"),
    ("rules.audit_months", "Audit TIK paling sedikit setiap", "ICT audit at least every"),
    ("rules.mandiri_tik_runs_own_servers", "Perangkat Daerah Mandiri TIK boleh mengelola server sendiri", "A Perangkat Daerah Mandiri TIK may run its own servers"),
    ("rules.complaints.verify_working_days", "Verifikasi dan penerusan oleh Dinas", "Verification and forwarding by the Dinas"),
    ("rules.complaints.follow_up_working_days", "Tindak lanjut oleh Perangkat Daerah", "Follow-up by the agency"),
    ("rules.complaints.respond_days", "Tanggapan pelapor atas tindak lanjut", "The complainant's response to the follow-up"),
    ("form.delete", "Hapus data ini", "Delete this record"),
    ("form.delete_confirm", "data ini dihapus; penghapusan tercatat dalam log audit.", "this record is deleted; the deletion is recorded in the audit log."),
    ("gsb.revoke_access_confirm", "cabut hak akses ini.", "revoke this access right."),
    ("gsb.revoke_cert_confirm", "cabut sertifikat ini; subsistem tidak dapat memakainya lagi.", "revoke this certificate; the subsystem can no longer use it."),
    ("tokens.revoke_confirm", "cabut token ini; program yang memakainya berhenti bekerja.", "revoke this token; programs using it stop working."),
    ("users.deactivate_confirm", "nonaktifkan akun ini; semua sesinya berakhir.", "deactivate this account; all its sessions end."),
    ("form.filter", "Saring daftar…", "Filter the list…"),
    ("form.none_to_choose", "Belum ada yang dapat dipilih.", "Nothing to choose from yet."),
    ("follow_up.page", "Temuan kepatuhan", "Compliance finding"),
    ("follow_up.title", "Tindak lanjut", "Follow-up"),
    ("follow_up.open", "Belum ditindaklanjuti", "Not yet followed up"),
    ("follow_up.target", "target", "target"),
    ("follow_up.target_date", "Tanggal target", "Target date"),
    ("follow_up.assignee_id", "Petugas", "Assignee"),
    ("follow_up.step", "Langkah", "Step"),
    ("follow_up.by", "Langkah terakhir oleh", "Last step by"),
    ("follow_up.act", "Tindak lanjuti", "Follow up"),
    ("follow_up.assignee", "Petugas", "Assignee"),
    ("follow_up.reason", "Alasan pengecualian", "Reason for the waiver"),
    ("follow_up.acknowledge_help", "Nyatakan bahwa PD sudah mengetahui temuan ini dan akan menindaklanjutinya.", "Say that the PD has seen this finding and will act on it."),
    ("follow_up.step.acknowledge", "Akui temuan", "Acknowledge"),
    ("follow_up.step.assign", "Tugaskan", "Assign"),
    ("follow_up.step.waive", "Kecualikan temuan", "Waive the finding"),
    ("follow_up.step.reopen", "Buka kembali", "Reopen"),
    ("follow_up.waive_confirm", "temuan ini dikecualikan dengan alasan di atas, tercatat dalam log audit.", "this finding is waived for the reason above, recorded in the audit log."),
    ("follow_up.reopen_confirm", "tindak lanjut temuan ini dibatalkan dan temuan kembali terbuka.", "this finding's follow-up is withdrawn and the finding is open again."),
    ("value.acknowledged", "Diakui", "Acknowledged"),
    ("value.assigned", "Ditugaskan", "Assigned"),
    ("value.waived", "Dikecualikan", "Waived"),
    ("form.edit_link", "Ubah", "Edit"),
    ("form.not_saved", "Belum disimpan: periksa isian yang ditandai.", "Not saved: check the marked fields."),
    ("lang.switch", "English", "Bahasa Indonesia"),
    ("footer.regulation", "Menerapkan", "Implements"),
];

/// The text of `key` in `lang`; the key itself if missing (a test forbids that).
pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or("⟨missing text⟩")
}

/// The text of `key` in `lang`, if the catalogue has it (for keys made at run time).
/// An audit entry's action or record kind (`part` is `action` or `entity`) in words: its own
/// (`audit.{part}.{value}`), or a desk event's, a complaint update's or a request step's when
/// the entry records one of those; the value itself otherwise.
pub fn audit_word(lang: Lang, part: &str, value: &str) -> String {
    let own = format!("audit.{part}.{value}");
    let steps = ["desk.event", "complaint.update", "request.step"];
    std::iter::once(own)
        .chain(
            steps
                .iter()
                .filter(|_| part == "action")
                .map(|p| format!("{p}.{value}")),
        )
        .find_map(|key| lookup(lang, &key))
        .map_or_else(|| value.to_string(), str::to_string)
}

/// A vocabulary's value as people read it: its words here (`value.{value}`), or the value itself
/// when it is already words (a sector's name).
pub fn value_label(lang: Lang, value: &str) -> String {
    lookup(lang, &format!("value.{value}")).map_or_else(|| value.to_string(), str::to_string)
}

pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    CATALOGUE
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, id, en)| match lang {
            Lang::Id => *id,
            Lang::En => *en,
        })
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

    /// A register's words come from here: its name on the form, the import and the tabs, and a
    /// label for each field (the form's and the list's headings).
    #[test]
    fn every_register_and_field_has_its_words() {
        let known = |key: &str| CATALOGUE.iter().any(|e| e.0 == key);
        let missing: Vec<String> = padu_store::with_register!(@each R => {
            let def = <R as padu_store::registers::Register>::DEF;
            let mut keys = vec![
                format!("catalog.register.{}", def.name),
                format!("audit.entity.{}", def.entity),
            ];
            if def.page.starts_with("/katalog/") {
                keys.push(format!("catalog.{}", def.name));
            }
            keys.extend(def.sheet_fields().map(|f| format!("field.{}", f.column())));
            keys
        })
        .into_iter()
        .flatten()
        .filter(|k| !known(k))
        .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn every_compliance_rule_says_what_it_asks() {
        for rule in padu_domain::catalog::Rule::ALL {
            let key = format!("finding.{}", rule.key());
            assert!(lookup(Lang::Id, &key).is_some(), "{key}");
        }
    }

    /// A value that is a code (lower case, underscores) is never shown as it is.
    #[test]
    fn every_coded_value_of_a_register_has_its_words() {
        let coded = |v: &str| v.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        let missing: Vec<String> = padu_store::with_register!(@each R => {
            <R as padu_store::registers::Register>::DEF
                .fields
                .iter()
                .filter_map(|f| f.vocabulary())
                .flat_map(|values| values.iter().filter(|v| coded(v)))
                .map(|v| format!("value.{v}"))
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .filter(|k| lookup(Lang::Id, k).is_none())
        .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    /// Every source file of the web layer (every module's pages, present and future).
    fn web_sources() -> String {
        fn walk(dir: &std::path::Path, out: &mut String) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let mut out = String::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web"),
            &mut out,
        );
        out
    }

    #[test]
    fn every_key_the_ui_uses_exists() {
        let source = web_sources();
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
    fn every_ticket_type_status_state_and_event_has_text() {
        use padu_domain::ticket::{Priority, TicketStatus, TicketType};
        let has = |k: String| CATALOGUE.iter().any(|(key, _, _)| *key == k);
        for k in TicketType::ALL {
            assert!(has(format!("desk.kind.{}", k.as_str())));
        }
        for p in Priority::ALL {
            assert!(has(format!("desk.priority.{}", p.as_str())));
        }
        for s in TicketStatus::ALL {
            assert!(has(format!("desk.status.{}", s.as_str())));
        }
        for k in padu_store::tickets::LINK_KINDS {
            assert!(has(format!("desk.link.{k}")));
        }
        for s in [
            "no_target",
            "not_started",
            "running",
            "warning",
            "breached",
            "paused",
            "met",
            "missed",
        ] {
            assert!(has(format!("sla.state.{s}")));
        }
        // Every kind the desk writes into a timeline.
        let code = concat!(
            include_str!("../../app/layanan/act.rs"),
            include_str!("../../app/layanan/sweep.rs"),
            include_str!("../../../../padu-store/src/tickets.rs")
        );
        for part in code
            .split("kind: \"")
            .skip(1)
            .chain(code.split("=> (\"").skip(1))
            .chain(code.split("Change::new(\"").skip(1))
        {
            let kind = &part[..part.find('"').unwrap()];
            if kind.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                assert!(has(format!("desk.event.{kind}")), "desk.event.{kind}");
            }
        }
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
            include_str!("../../app/pengaduan/complainant.rs"),
            include_str!("../../app/pengaduan/staff.rs"),
            include_str!("../../app/pengaduan/sweep.rs"),
            include_str!("../../../../padu-store/src/complaints.rs")
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
