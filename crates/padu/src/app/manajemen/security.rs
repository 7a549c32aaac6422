//! Information security's operations: a TLS certificate read from its PEM, a desk ticket
//! opened from an incident, and the security sweep that tells the Dinas of each new incident
//! (Pessel Pasal 55(4)) and reminds a certificate's PD and the Dinas ahead of its expiry
//! (Pessel Pasal 55(7); the days are the profile's `certificate_reminder_days`). Incidents and
//! certificates are otherwise written through `app::registers` like any register.

use crate::app::layanan::{self, TicketInput};
use crate::app::notify::{self, Template};
use crate::app::{App, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use padu_domain::manajemen::security::reminder_due;
use padu_domain::{Actor, Classification, ReadScope, Role};
use padu_store::manajemen::certificates::{Certificate, CertificateInput};
use padu_store::manajemen::incidents::{Incident, IncidentInput};
use padu_store::tickets::Ticket;
use padu_store::{AuditCtx, StoreError};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// A TLS certificate to record from its PEM: the PD it serves and what it secures.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PemInput {
    pub pd_id: i64,
    /// The certificate in PEM (`-----BEGIN CERTIFICATE-----`); of a chain, the first is read.
    pub pem: String,
    #[serde(default)]
    pub application_ids: Vec<i64>,
    #[serde(default)]
    pub website_ids: Vec<i64>,
    #[serde(default)]
    pub service_ids: Vec<i64>,
    #[serde(default)]
    pub note: String,
    pub classification: Option<Classification>,
}

/// What a PEM says of its certificate, as the register keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCertificate {
    pub subject: String,
    pub hosts: Vec<String>,
    pub issuer: String,
    pub serial_number: String,
    pub fingerprint: String,
    pub not_before: NaiveDate,
    pub not_after: NaiveDate,
}

/// Reads the first certificate of a PEM text. A text that is not one names the field `pem`.
pub fn parse_pem(text: &str) -> Result<ParsedCertificate, AppError> {
    use x509_parser::extensions::GeneralName;
    let bad = |why: &str| AppError::invalid("pem", why.to_string());
    let (_, pem) = x509_parser::pem::parse_x509_pem(text.trim().as_bytes())
        .map_err(|_| bad("is not a PEM certificate (-----BEGIN CERTIFICATE-----)"))?;
    if pem.label != "CERTIFICATE" {
        return Err(bad("holds no certificate (-----BEGIN CERTIFICATE-----)"));
    }
    let cert = pem
        .parse_x509()
        .map_err(|_| bad("does not hold a readable X.509 certificate"))?;
    let name = |n: &x509_parser::x509::X509Name| {
        n.iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok().map(str::to_string))
            .unwrap_or_else(|| n.to_string())
    };
    let mut hosts: Vec<String> = match cert.subject_alternative_name() {
        Ok(Some(san)) => san
            .value
            .general_names
            .iter()
            .filter_map(|g| match g {
                GeneralName::DNSName(d) => Some(d.to_ascii_lowercase()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let subject = name(cert.subject());
    if hosts.is_empty() && subject.contains('.') {
        hosts.push(subject.to_ascii_lowercase());
    }
    let day = |t: &x509_parser::time::ASN1Time| {
        DateTime::from_timestamp(t.timestamp(), 0)
            .map(padu_domain::sla::wib_date)
            .ok_or_else(|| bad("has a validity outside the calendar"))
    };
    Ok(ParsedCertificate {
        subject,
        hosts,
        issuer: name(cert.issuer()),
        serial_number: cert.raw_serial_as_string(),
        fingerprint: hex::encode(Sha256::digest(&pem.contents)),
        not_before: day(&cert.validity().not_before)?,
        not_after: day(&cert.validity().not_after)?,
    })
}

/// Records a TLS certificate read from its PEM, as a register write (authorized, checked,
/// audited). One already recorded (the same fingerprint) is a conflict naming `pem`.
pub async fn import_pem(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: &PemInput,
) -> Result<Certificate, AppError> {
    let parsed = parse_pem(&input.pem)?;
    if app
        .store
        .certificate_with_fingerprint(&parsed.fingerprint)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict {
            field: Some("pem".into()),
            message: "this certificate is already recorded".into(),
        });
    }
    let record = CertificateInput {
        pd_id: input.pd_id,
        kind: "sertifikat_tls".into(),
        holder: parsed.subject,
        position: String::new(),
        hosts: parsed.hosts.join(", "),
        issuer: parsed.issuer,
        serial_number: parsed.serial_number,
        fingerprint: parsed.fingerprint,
        not_before: Some(parsed.not_before),
        not_after: parsed.not_after,
        revoked: false,
        revoked_on: None,
        application_ids: input.application_ids.clone(),
        website_ids: input.website_ids.clone(),
        service_ids: input.service_ids.clone(),
        note: input.note.clone(),
        classification: input.classification.unwrap_or(Classification::Terbatas),
    };
    crate::app::registers::create(app, actor, ctx, &record).await
}

/// Opens a desk ticket (a disruption, its priority the incident's severity) in the incident's
/// PD for the incident, and links it. An incident with its ticket is refused a second.
pub async fn open_ticket(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<Ticket, AppError> {
    let incident: Incident = crate::app::registers::read(app, actor, id).await?;
    padu_domain::authorize(
        actor,
        padu_domain::Action::Update,
        &padu_store::registers::resource_of(&incident.fields),
    )?;
    if incident.fields.ticket_id.is_some() {
        return Err(AppError::Conflict {
            field: Some("ticket_id".into()),
            message: "the incident already has its ticket".into(),
        });
    }
    let f = &incident.fields;
    // The desk reads tickets more widely than a classified incident may be read: above
    // Terbatas, the ticket holds only the way to the incident.
    let (title, body) = match f.classification {
        Classification::Biasa | Classification::Terbatas => (
            f.title.clone(),
            format!("{}\n\n/manajemen/insiden/{id}", f.description.trim()),
        ),
        _ => (
            format!("Insiden keamanan #{id}"),
            format!("/manajemen/insiden/{id}"),
        ),
    };
    let ticket = layanan::open(
        app,
        actor,
        ctx,
        TicketInput {
            kind: "gangguan".into(),
            priority: Some(f.severity.clone()),
            pd_id: Some(f.pd_id),
            title,
            body,
            link_kind: None,
            link_ref: None,
            parent_id: None,
        },
    )
    .await?;
    let mut linked = incident.fields.clone();
    linked.ticket_id = Some(ticket.id);
    crate::app::registers::update(app, actor, ctx, id, &linked).await?;
    Ok(ticket)
}

/// The Dinas's administrators, and with `its_operators` the operators of PD `pd` too, who
/// may read a record of that PD and classification (a notice names the record).
async fn told_of(
    app: &App,
    pd: i64,
    classification: Classification,
    its_operators: bool,
) -> Result<Vec<i64>, StoreError> {
    let mut who = app.store.users_in_role(Role::AdminDinas, None).await?;
    if its_operators {
        who.extend(app.store.users_in_role(Role::OperatorPd, Some(pd)).await?);
    }
    let mut readers = Vec::with_capacity(who.len());
    for id in who {
        let user = app.store.get_user(id).await?;
        let actor = Actor::User {
            id: padu_domain::UserId(id),
            grants: user.grants,
        };
        if ReadScope::of(&actor).allows(Some(padu_domain::PdId(pd)), classification) {
            readers.push(id);
        }
    }
    Ok(readers)
}

/// Tells the Dinas of each incident it has not heard of, and reminds each certificate's PD
/// and the Dinas of an expiry ahead, each notice once. Returns (incidents told, reminders).
pub async fn sweep(app: &App, now: DateTime<Utc>) -> Result<(usize, usize), AppError> {
    let store = &app.store;
    let everything = ReadScope::everything();
    let none = Vec::new();
    let notices = store.security_notices().await?;
    let mut told = 0;
    for i in store
        .all_records::<IncidentInput>(&everything, &none)
        .await?
    {
        // The creation time tells a new incident from a deleted one whose id was reused.
        let subject = format!("security_incident:{}:{}", i.id, i.created_at);
        if notices.contains_key(&subject) {
            continue;
        }
        if store
            .security_notice_sent(&subject, "reported", now)
            .await?
        {
            let who = told_of(app, i.fields.pd_id, i.fields.classification, false).await?;
            let link = format!("/manajemen/insiden/{}", i.id);
            notify::users(
                app,
                &who,
                Template::IncidentReported,
                &format!("#{}", i.id),
                &i.fields.title,
                &link,
            )
            .await;
            told += 1;
        }
    }
    let today = padu_domain::sla::wib_date(now);
    let mut reminded = 0;
    for c in store.certificate_facts(&everything).await? {
        if c.revoked {
            continue;
        }
        let subject = format!("certificate:{}:{}", c.id, c.not_after);
        let sent: Vec<u32> = notices
            .get(&subject)
            .into_iter()
            .flatten()
            .filter_map(|n| n.parse().ok())
            .collect();
        let Some(days) = reminder_due(app.profile(), c.not_after, today, &sent) else {
            continue;
        };
        if store
            .security_notice_sent(&subject, &days.to_string(), now)
            .await?
        {
            let who = told_of(app, c.pd_id, c.classification, true).await?;
            let link = format!("/katalog/formulir/security_certificates?id={}", c.id);
            notify::users(
                app,
                &who,
                Template::CertificateExpiring,
                &c.not_after.format("%d-%m-%Y").to_string(),
                &c.subject,
                &link,
            )
            .await;
            reminded += 1;
        }
    }
    Ok((told, reminded))
}

/// An incident with what hangs on it: the risks raised from it and its desk ticket.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct IncidentView {
    pub incident: Incident,
    /// Its PD's code (a form's PD column).
    pub pd_code: String,
    /// The risks that name it, as (id, event), that the caller may read.
    pub risks: Vec<(i64, String)>,
    /// The moment the Dinas had the report.
    pub reported_at: String,
    /// The latest the report was due, where the profile sets the hours.
    pub report_due: Option<String>,
    /// Whether it reached the Dinas after that (Pessel Pasal 55(4)'s finding).
    pub late: bool,
}

/// Incident `id` as `actor` may read it, with its risks and its reporting deadline.
pub async fn incident(app: &App, actor: &Actor, id: i64) -> Result<IncidentView, AppError> {
    use padu_domain::manajemen::security::{moment_text, report_due};
    use padu_store::manajemen::risks::RiskInput;
    let incident: Incident = crate::app::registers::read(app, actor, id).await?;
    let filters = vec![("pd_id".to_string(), incident.fields.pd_id.to_string())];
    let risks = app
        .store
        .all_records::<RiskInput>(&ReadScope::of(actor), &filters)
        .await?
        .into_iter()
        .filter(|r| r.fields.incident_ids.contains(&id))
        .map(|r| (r.id, r.fields.event))
        .collect();
    let fact = padu_store::manajemen::incidents::fact_of(&incident, padu_domain::sla::wib());
    let reported_at = fact
        .as_ref()
        .map(|f| moment_text(f.reported_at))
        .unwrap_or_default();
    let due = fact.as_ref().and_then(|f| report_due(app.profile(), f));
    let pd_code = app.store.get_pd(incident.fields.pd_id).await?.code;
    Ok(IncidentView {
        incident,
        pd_code,
        risks,
        reported_at,
        report_due: due.map(|(at, _)| moment_text(at)),
        late: due.is_some_and(|(_, late)| late),
    })
}
