//! The instance's own certificate authority (issue 3, deliverable 2). Padu creates it on first
//! start (`DATA_DIR/keys/gsb-ca.pem` and `gsb-ca-key.pem`, ECDSA P-256, ten years) and issues
//! from it: client certificates for subsystems (from the client's CSR, or with a key made here
//! and shown once), the gateway's own TLS certificate (made afresh at each start, its key never
//! written down), and the CRL. Everything it makes checks out with `openssl verify`.

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams,
    CertificateSigningRequestParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyIdMethod, KeyPair,
    KeyUsagePurpose, RevokedCertParams, SerialNumber,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How long a client certificate lives.
pub const CLIENT_CERT_DAYS: i64 = 365;
const CA_DAYS: i64 = 3_650;
const GATEWAY_CERT_DAYS: i64 = 397;

pub struct InstanceCa {
    issuer: rcgen::Certificate,
    key: KeyPair,
    /// The CA certificate as written on first start (what others trust).
    pub cert_pem: String,
    pub cert_der: CertificateDer<'static>,
    /// SHA-256 of the DER CA certificate, hex.
    pub fingerprint: String,
    /// `DATA_DIR/keys`, where the last CRL number is kept beside the CA.
    keys_dir: PathBuf,
    /// One CRL number at a time.
    crl_number: Mutex<()>,
}

/// The last CRL number issued, in the keys dir (backed up with the CA's key).
const CRL_NUMBER_FILE: &str = "gsb-crl-number";

/// The raw Ed25519 public key of the message log's signing key, as rcgen wants it.
struct Ed25519Public(Vec<u8>);

impl rcgen::PublicKeyData for Ed25519Public {
    fn der_bytes(&self) -> &[u8] {
        &self.0
    }
    fn algorithm(&self) -> &rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ED25519
    }
}

/// A certificate just issued.
pub struct Issued {
    pub cert_pem: String,
    pub cert_der: CertificateDer<'static>,
    /// The private key, PKCS#8 PEM, when Padu made it (shown once, never stored).
    pub key_pem: Option<String>,
    pub serial: String,
    pub fingerprint: String,
    pub subject: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

/// Why a certificate request was refused (the caller's mistake).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadRequest(pub String);

fn when(t: DateTime<Utc>) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(t.timestamp())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

fn random_serial() -> (SerialNumber, String) {
    let mut b: [u8; 16] = rand::random();
    b[0] &= 0x7f; // positive, as RFC 5280 4.1.2.2 asks
    b[0] |= 0x01; // and without a leading zero byte
    (SerialNumber::from_slice(&b), hex::encode(b))
}

/// A positive number's big-endian bytes without leading zeros (DER INTEGER content).
fn minimal(n: u64) -> Vec<u8> {
    let b = n.to_be_bytes();
    let first = b.iter().position(|x| *x != 0).unwrap_or(7);
    let mut v = b[first..].to_vec();
    if v[0] & 0x80 != 0 {
        v.insert(0, 0);
    }
    v
}

pub fn fingerprint(der: &[u8]) -> String {
    padu_domain::gsb::sha256_hex(der)
}

/// The DER of the first certificate in a PEM text.
pub fn pem_to_der(pem: &str) -> Result<CertificateDer<'static>, BadRequest> {
    use rustls::pki_types::pem::PemObject;
    CertificateDer::from_pem_slice(pem.as_bytes())
        .map_err(|_| BadRequest("not a PEM certificate".into()))
}

impl InstanceCa {
    /// Loads the CA, creating it (key mode 0600) when absent.
    pub fn load_or_create(data_dir: &Path, instance: &str, now: DateTime<Utc>) -> Result<Self> {
        let dir = data_dir.join("keys");
        let cert_path = dir.join("gsb-ca.pem");
        let key_path = dir.join("gsb-ca-key.pem");
        if !cert_path.exists() {
            std::fs::create_dir_all(&dir)?;
            let key = KeyPair::generate().context("generating the CA key")?;
            let mut params = CertificateParams::default();
            params.distinguished_name = subject(format!("{instance} Padu CA"), instance);
            params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
            params.key_usages = vec![
                KeyUsagePurpose::KeyCertSign,
                KeyUsagePurpose::CrlSign,
                KeyUsagePurpose::DigitalSignature,
            ];
            params.not_before = when(now - Duration::minutes(5));
            params.not_after = when(now + Duration::days(CA_DAYS));
            params.serial_number = Some(random_serial().0);
            let cert = params.self_signed(&key).context("signing the CA")?;
            crate::keys::write_private(&key_path, key.serialize_pem().as_bytes())?;
            std::fs::write(&cert_path, cert.pem())?;
        }
        let cert_pem = std::fs::read_to_string(&cert_path)
            .with_context(|| format!("reading {}", cert_path.display()))?;
        let key_pem = std::fs::read_to_string(&key_path)
            .with_context(|| format!("reading {}", key_path.display()))?;
        let key = KeyPair::from_pem(&key_pem)
            .with_context(|| format!("{} is not a private key", key_path.display()))?;
        let mut params = CertificateParams::from_ca_cert_pem(&cert_pem)
            .with_context(|| format!("{} is not a CA certificate", cert_path.display()))?;
        params.key_identifier_method = KeyIdMethod::Sha256;
        // The issuer only lends its name and key identifier to what it signs; the file stays
        // the certificate others trust.
        let issuer = params.self_signed(&key).context("loading the CA")?;
        let cert_der = pem_to_der(&cert_pem).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(InstanceCa {
            issuer,
            key,
            fingerprint: fingerprint(&cert_der),
            cert_pem,
            cert_der,
            keys_dir: dir,
            crl_number: Mutex::new(()),
        })
    }

    /// The next CRL number: RFC 5280 §5.2.3 "a monotonically increasing sequence number for a
    /// given CRL scope and CRL issuer", so each CRL's is greater than every earlier one's, also
    /// within one second and across restarts. The number is written down (and synced) before
    /// the CRL carrying it leaves. It is at least the Unix second, so it stays ahead of the
    /// numbers issued before they were kept, and of a keys dir restored from an older backup.
    fn next_crl_number(&self, now: DateTime<Utc>) -> Result<u64> {
        let _one_at_a_time = self.crl_number.lock().unwrap_or_else(|p| p.into_inner());
        let path = self.keys_dir.join(CRL_NUMBER_FILE);
        let last = match std::fs::read_to_string(&path) {
            Ok(text) => text
                .trim()
                .parse::<u64>()
                .with_context(|| format!("{} is not a number", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let next = (last + 1).max(now.timestamp().max(1) as u64);
        let temporary = self.keys_dir.join(format!("{CRL_NUMBER_FILE}.new"));
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&temporary)
                .with_context(|| format!("writing {}", temporary.display()))?;
            writeln!(f, "{next}")?;
            f.sync_all()?;
        }
        std::fs::rename(&temporary, &path)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(next)
    }

    fn sign(
        &self,
        mut params: CertificateParams,
        subject: String,
        public: Option<&rcgen::PublicKey>,
        now: DateTime<Utc>,
        days: i64,
    ) -> Result<Issued, BadRequest> {
        let (serial, serial_hex) = random_serial();
        let not_before = now - Duration::minutes(5);
        let not_after = now + Duration::days(days);
        params.serial_number = Some(serial);
        params.not_before = when(not_before);
        params.not_after = when(not_after);
        params.is_ca = IsCa::ExplicitNoCa;
        params.use_authority_key_identifier_extension = true;
        let (cert, key_pem) = match public {
            Some(p) => (
                params
                    .signed_by(p, &self.issuer, &self.key)
                    .map_err(|e| BadRequest(format!("cannot sign: {e}")))?,
                None,
            ),
            None => {
                let key = KeyPair::generate().map_err(|e| BadRequest(e.to_string()))?;
                let cert = params
                    .signed_by(&key, &self.issuer, &self.key)
                    .map_err(|e| BadRequest(format!("cannot sign: {e}")))?;
                (cert, Some(key.serialize_pem()))
            }
        };
        Ok(Issued {
            cert_pem: cert.pem(),
            fingerprint: fingerprint(cert.der()),
            cert_der: cert.der().clone(),
            key_pem,
            serial: serial_hex,
            subject,
            not_before,
            not_after,
        })
    }

    /// A client certificate for subsystem `client` (`instance/class/member/subsystem`): from
    /// the client's CSR (whose signature must verify; its requested names are ignored), or
    /// with a new key when there is none.
    pub fn issue_client(
        &self,
        client: &str,
        instance: &str,
        csr_pem: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Issued, BadRequest> {
        let mut params = CertificateParams::default();
        params.distinguished_name = subject(client, instance);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        match csr_pem.map(str::trim).filter(|c| !c.is_empty()) {
            Some(csr) => {
                let csr = CertificateSigningRequestParams::from_pem(csr).map_err(|_| {
                    BadRequest(
                        "not a PEM certificate signing request, or its signature does not verify"
                            .into(),
                    )
                })?;
                self.sign(
                    params,
                    client.to_string(),
                    Some(&csr.public_key),
                    now,
                    CLIENT_CERT_DAYS,
                )
            }
            None => self.sign(params, client.to_string(), None, now, CLIENT_CERT_DAYS),
        }
    }

    /// The gateway's TLS certificate for `names` (DNS names or IP addresses), used as server
    /// and, towards federated instances, as client: the chain and its key.
    pub fn gateway_identity(
        &self,
        instance: &str,
        names: &[String],
        now: DateTime<Utc>,
    ) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)> {
        let mut params = CertificateParams::new(names.to_vec())
            .map_err(|e| anyhow::anyhow!("--gateway-names: {e}"))?;
        params.distinguished_name = subject(format!("{instance} gateway"), instance);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        let issued = self
            .sign(
                params,
                format!("{instance} gateway"),
                None,
                now,
                GATEWAY_CERT_DAYS,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let key_pem = issued.key_pem.unwrap_or_default();
        let key = KeyPair::from_pem(&key_pem)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        Ok((vec![issued.cert_der, self.cert_der.clone()], key))
    }

    /// A certificate binding the instance's Ed25519 signing key (raw 32 bytes) to the
    /// instance, so evidence signed with it chains to the CA (`openssl verify`).
    pub fn certify_signing_key(
        &self,
        instance: &str,
        public_raw: &[u8],
        now: DateTime<Utc>,
    ) -> Result<String> {
        let mut params = CertificateParams::default();
        params.distinguished_name =
            subject(format!("{instance} message log signing key"), instance);
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        params.serial_number = Some(random_serial().0);
        params.not_before = when(now - Duration::minutes(5));
        params.not_after = when(now + Duration::days(CA_DAYS));
        params.is_ca = IsCa::ExplicitNoCa;
        params.use_authority_key_identifier_extension = true;
        let cert =
            params.signed_by(&Ed25519Public(public_raw.to_vec()), &self.issuer, &self.key)?;
        Ok(cert.pem())
    }

    /// The CRL listing `revoked` (serial hex, revocation time), valid for a day.
    pub fn crl_pem(
        &self,
        revoked: &[(String, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Result<String> {
        let revoked_certs = revoked
            .iter()
            .filter_map(|(serial, at)| {
                Some(RevokedCertParams {
                    serial_number: SerialNumber::from_slice(&hex::decode(serial).ok()?),
                    revocation_time: when(*at),
                    reason_code: None,
                    invalidity_date: None,
                })
            })
            .collect();
        let params = CertificateRevocationListParams {
            this_update: when(now),
            next_update: when(now + Duration::days(1)),
            crl_number: SerialNumber::from_slice(&minimal(self.next_crl_number(now)?)),
            issuing_distribution_point: None,
            revoked_certs,
            key_identifier_method: KeyIdMethod::Sha256,
        };
        let crl = params.signed_by(&self.issuer, &self.key)?;
        Ok(crl.pem()?)
    }
}

/// A certificate subject: who it names, under the instance as organisation.
fn subject(common_name: impl Into<String>, instance: &str) -> rcgen::DistinguishedName {
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(DnType::CommonName, common_name.into());
    dn.push(DnType::OrganizationName, instance);
    dn
}
