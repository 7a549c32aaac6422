//! Notifications: in the app for every recipient, and by email through an SMTP outbox when
//! Padu has an SMTP relay configured. Templates exist in both languages; each user gets theirs.
//!
//! Delivery never blocks the change that caused it: a failed notification is logged, and mail
//! waits in the outbox, retried with back-off (`padu_store::notify::backoff`).

use super::App;
use chrono::{DateTime, Utc};
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use padu_store::notify::NewNotification;
use padu_store::Store;

/// Where mail goes: a plain SMTP relay on the government intranet.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    pub from: Mailbox,
}

impl MailConfig {
    /// `smtp://host[:port]` (port 25 by default) and the sender address.
    pub fn parse(url: &str, from: &str) -> Result<MailConfig, String> {
        let rest = url
            .strip_prefix("smtp://")
            .ok_or_else(|| format!("the SMTP URL must start with smtp:// (got {url})"))?
            .trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().map_err(|_| format!("bad SMTP port {p}"))?),
            None => (rest, 25),
        };
        if host.is_empty() {
            return Err("the SMTP URL names no host".into());
        }
        Ok(MailConfig {
            host: host.into(),
            port,
            from: from
                .parse()
                .map_err(|e| format!("bad sender address {from}: {e}"))?,
        })
    }
}

/// Every kind of notification. Each has its text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    TicketOpened,
    TicketReply,
    TicketEscalated,
    TicketReturned,
    TicketAssigned,
    SlaWarning,
    SlaBreached,
    /// To the Dinas: a new public complaint waits for its verification.
    ComplaintFiled,
    ComplaintForwarded,
    ComplaintEscalated,
    /// To whom a compliance finding was given to act on.
    FindingAssigned,
    /// To a complainant who gave an email address.
    ComplaintUpdate,
    /// To the Dinas: a PD's request waits for its decision.
    RequestSubmitted,
    /// To the PD (and, for a Mandiri TIK proposal, the head of region): a request moved.
    RequestDecided,
    /// To the Dinas: a PD reported a security incident (Pessel Pasal 55(4)).
    IncidentReported,
    /// To a certificate's PD and the Dinas: it expires soon (Pessel Pasal 55(7)).
    CertificateExpiring,
}

/// (kind, subject id, body id, subject en, body en); `{ref}` is the ticket number or tracking
/// code, `{title}` the title, `{link}` the address of the page.
const TEMPLATES: &[(Template, &str, &str, &str, &str, &str)] = &[
    (
        Template::IncidentReported,
        "incident_reported",
        "Insiden keamanan dilaporkan ({ref}): {title}",
        "Sebuah Perangkat Daerah melaporkan insiden keamanan informasi. Periksa penanggulangannya dan putuskan eskalasi ke CSIRT.\n\nBuka: {link}",
        "Security incident reported ({ref}): {title}",
        "An agency reported an information security incident. Check its containment and decide on escalation to the CSIRT.\n\nOpen: {link}",
    ),
    (
        Template::CertificateExpiring,
        "certificate_expiring",
        "Sertifikat berakhir {ref}: {title}",
        "Masa berlaku sertifikat ini segera habis. Perpanjang atau ganti sebelum tanggal tersebut.\n\nBuka: {link}",
        "Certificate expires {ref}: {title}",
        "This certificate's validity ends soon. Renew or replace it before that day.\n\nOpen: {link}",
    ),
    (
        Template::RequestSubmitted,
        "request_submitted",
        "Permohonan #{ref} menunggu keputusan Dinas: {title}",
        "Sebuah Perangkat Daerah mengajukan permohonan. Periksa analisisnya terhadap Arsitektur SPBE, lalu setujui atau tolak dengan alasan.\n\nBuka: {link}",
        "Request #{ref} awaits the Dinas's decision: {title}",
        "An agency submitted a request. Check its analyses against the SPBE architecture, then approve it or reject it with reasons.\n\nOpen: {link}",
    ),
    (
        Template::RequestDecided,
        "request_decided",
        "Permohonan #{ref} diperbarui: {title}",
        "Status permohonan berubah. Lihat keputusan dan catatannya.\n\nBuka: {link}",
        "Request #{ref} updated: {title}",
        "The request's status changed. See the decision and its note.\n\nOpen: {link}",
    ),
    (
        Template::TicketOpened,
        "ticket_opened",
        "Tiket baru #{ref}: {title}",
        "Tiket baru masuk ke antrean Tier 1 Anda.\n\nBuka: {link}",
        "New ticket #{ref}: {title}",
        "A new ticket is in your Tier 1 queue.\n\nOpen: {link}",
    ),
    (
        Template::TicketReply,
        "ticket_reply",
        "Tiket #{ref} diperbarui: {title}",
        "Ada tanggapan atau perubahan status pada tiket Anda.\n\nBuka: {link}",
        "Ticket #{ref} updated: {title}",
        "There is a reply or a status change on your ticket.\n\nOpen: {link}",
    ),
    (
        Template::TicketEscalated,
        "ticket_escalated",
        "Eskalasi ke Tier 2: tiket #{ref} {title}",
        "Tier 1 mengeskalasi tiket ini ke antrean Tier 2 Dinas.\n\nBuka: {link}",
        "Escalated to Tier 2: ticket #{ref} {title}",
        "Tier 1 escalated this ticket to the Dinas Tier 2 queue.\n\nOpen: {link}",
    ),
    (
        Template::TicketReturned,
        "ticket_returned",
        "Tiket #{ref} dikembalikan ke Tier 1: {title}",
        "Dinas mengembalikan tiket ini ke antrean Tier 1 Anda.\n\nBuka: {link}",
        "Ticket #{ref} returned to Tier 1: {title}",
        "The Dinas returned this ticket to your Tier 1 queue.\n\nOpen: {link}",
    ),
    (
        Template::TicketAssigned,
        "ticket_assigned",
        "Tiket #{ref} ditugaskan kepada Anda: {title}",
        "Anda menjadi penanggung jawab tiket ini.\n\nBuka: {link}",
        "Ticket #{ref} assigned to you: {title}",
        "You are now responsible for this ticket.\n\nOpen: {link}",
    ),
    (
        Template::SlaWarning,
        "sla_warning",
        "Peringatan SLA: tiket #{ref} {title}",
        "Batas waktu SLA tiket ini segera terlampaui.\n\nBuka: {link}",
        "SLA warning: ticket #{ref} {title}",
        "This ticket's SLA target is about to be missed.\n\nOpen: {link}",
    ),
    (
        Template::SlaBreached,
        "sla_breached",
        "SLA terlampaui: tiket #{ref} {title}",
        "Target SLA tiket ini terlampaui.\n\nBuka: {link}",
        "SLA breached: ticket #{ref} {title}",
        "This ticket's SLA target was missed.\n\nOpen: {link}",
    ),
    (
        Template::ComplaintFiled,
        "complaint_filed",
        "Pengaduan baru {ref}: {title}",
        "Verifikasi dalam 3 hari kerja, lalu teruskan ke PD yang berwenang atau tolak dengan alasan.\n\nBuka: {link}",
        "New complaint {ref}: {title}",
        "Verify it within 3 working days, then forward it to the responsible agency or reject it with a reason.\n\nOpen: {link}",
    ),
    (
        Template::ComplaintForwarded,
        "complaint_forwarded",
        "Pengaduan {ref} diteruskan ke PD Anda: {title}",
        "Tindak lanjuti dalam 5 hari kerja.\n\nBuka: {link}",
        "Complaint {ref} forwarded to your agency: {title}",
        "Follow it up within 5 working days.\n\nOpen: {link}",
    ),
    (
        Template::ComplaintEscalated,
        "complaint_escalated",
        "Pengaduan {ref} melewati tenggat: {title}",
        "Tenggat pengaduan ini terlewati dan dieskalasi ke Dinas.\n\nBuka: {link}",
        "Complaint {ref} is past its deadline: {title}",
        "This complaint's deadline passed and it was escalated to the Dinas.\n\nOpen: {link}",
    ),
    (
        Template::FindingAssigned,
        "finding_assigned",
        "Temuan kepatuhan ditugaskan kepada Anda: {title} ({ref})",
        "Tindak lanjuti temuan ini sebelum tanggal target.\n\nBuka: {link}",
        "A compliance finding was assigned to you: {title} ({ref})",
        "Act on this finding before its target date.\n\nOpen: {link}",
    ),
    (
        Template::ComplaintUpdate,
        "complaint_update",
        "Laporan {ref} diperbarui: {title}",
        "Status laporan Anda berubah. Lihat dengan kode pelacakan Anda.\n\nBuka: {link}",
        "Report {ref} updated: {title}",
        "The status of your report changed. See it with your tracking code.\n\nOpen: {link}",
    ),
];

pub fn template_kinds() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|t| t.1)
}

/// The (kind, subject, body) of a notification in one language.
pub fn render(
    template: Template,
    lang: &str,
    reference: &str,
    title: &str,
    link: &str,
) -> (&'static str, String, String) {
    let row = TEMPLATES
        .iter()
        .find(|t| t.0 == template)
        .expect("every template has a catalogue row");
    let (subject, body) = if lang == "en" {
        (row.4, row.5)
    } else {
        (row.2, row.3)
    };
    let fill = |s: &str| {
        s.replace("{ref}", reference)
            .replace("{title}", title)
            .replace("{link}", link)
    };
    (row.1, fill(subject), fill(body))
}

/// Notifies users in the app, and by mail where they have an address and SMTP is configured.
pub async fn users(
    state: &App,
    user_ids: &[i64],
    template: Template,
    reference: &str,
    title: &str,
    link: &str,
) {
    let mut ids = user_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut list = Vec::new();
    let now = state.clock.now();
    for id in ids {
        let Ok(u) = state.store.get_user(id).await else {
            continue;
        };
        if !u.active {
            continue;
        }
        let (kind, subject, body) = render(template, &u.lang, reference, title, link);
        if let (Some(_), Some(email)) = (&state.mail, &u.email) {
            let full = absolute(state, &body, link);
            if let Err(e) = state.store.queue_mail(now, email, &subject, &full).await {
                tracing::warn!(error = %e, "cannot queue mail");
            }
        }
        list.push(NewNotification {
            user_id: id,
            kind: kind.into(),
            subject,
            body,
            link: Some(link.into()),
        });
    }
    if let Err(e) = state.store.notify(now, &list).await {
        tracing::warn!(error = %e, "cannot store notifications");
    }
}

/// Mail to a complainant (no account: both languages in one message).
pub async fn complainant(state: &App, email: &str, code: &str, title: &str) {
    if state.mail.is_none() {
        return;
    }
    let link = format!("/lacak/{code}");
    let (_, s_id, b_id) = render(Template::ComplaintUpdate, "id", code, title, &link);
    let (_, s_en, b_en) = render(Template::ComplaintUpdate, "en", code, title, &link);
    let body = format!(
        "{}\n\n---\n\n{}",
        absolute(state, &b_id, &link),
        absolute(state, &b_en, &link)
    );
    if let Err(e) = state
        .store
        .queue_mail(state.clock.now(), email, &format!("{s_id} / {s_en}"), &body)
        .await
    {
        tracing::warn!(error = %e, "cannot queue mail");
    }
}

/// Mail carries full addresses where Padu knows its public URL.
fn absolute(state: &App, body: &str, link: &str) -> String {
    match &state.public_url {
        Some(base) => body.replace(link, &format!("{}{link}", base.trim_end_matches('/'))),
        None => body.to_string(),
    }
}

/// Sends what is due in the outbox. Returns (sent, failed attempts).
pub async fn deliver(
    store: &Store,
    mail: &MailConfig,
    now: DateTime<Utc>,
) -> Result<(usize, usize), padu_store::StoreError> {
    let transport: AsyncSmtpTransport<Tokio1Executor> =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&mail.host)
            .port(mail.port)
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
    let (mut sent, mut failed) = (0, 0);
    for m in store.mail_due(now, 50).await? {
        let outcome = match build(mail, &m.to_addr, &m.subject, &m.body) {
            Ok(msg) => transport
                .send(msg)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                sent += 1;
                store.mail_attempted(m.id, now, None).await?;
            }
            Err(e) => {
                failed += 1;
                tracing::warn!(mail_id = m.id, error = %e, "mail not delivered; will retry");
                store.mail_attempted(m.id, now, Some(&e)).await?;
            }
        }
    }
    Ok((sent, failed))
}

fn build(mail: &MailConfig, to: &str, subject: &str, body: &str) -> Result<Message, String> {
    let to: Mailbox = to.parse().map_err(|e| format!("bad address {to}: {e}"))?;
    Message::builder()
        .from(mail.from.clone())
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_string())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_renders_in_both_languages() {
        for row in TEMPLATES {
            for lang in ["id", "en"] {
                let (_, s, b) = render(row.0, lang, "42", "Printer", "/layanan/42");
                assert!(s.contains("42") && s.contains("Printer"), "{s}");
                assert!(b.contains("/layanan/42") && !b.contains('{'), "{b}");
            }
        }
        let (_, id, _) = render(Template::SlaBreached, "id", "1", "x", "/");
        let (_, en, _) = render(Template::SlaBreached, "en", "1", "x", "/");
        assert_ne!(id, en);
    }

    #[test]
    fn smtp_url_is_checked() {
        let c = MailConfig::parse("smtp://relay.pemda.go.id:2525", "padu@pemda.go.id").unwrap();
        assert_eq!((c.host.as_str(), c.port), ("relay.pemda.go.id", 2525));
        assert_eq!(
            MailConfig::parse("smtp://relay", "a@b.id").unwrap().port,
            25
        );
        assert!(MailConfig::parse("http://relay", "a@b.id").is_err());
        assert!(MailConfig::parse("smtp://relay", "not an address").is_err());
    }
}
