//! TLS for the gateway: the listener's configuration (the gateway certificate from the instance
//! CA; client certificates optional, and trusted when the instance CA or a federated instance's
//! CA issued them), who a connection's certificate says the caller is, and the HTTP clients
//! towards providers and federated gateways.

use super::ca::{fingerprint, InstanceCa};
use super::{GatewayBody, UpstreamClient};
use padu_store::gsb_trust::Federation;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig};
use std::sync::Arc;
use std::time::Duration;

/// The gateway's own certificate chain and key.
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

/// Who a TLS connection's client certificate says the caller is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    /// No certificate (a token client, or plain HTTP).
    Nothing,
    /// A certificate of this instance's CA: a subsystem's, looked up by fingerprint on every
    /// request so a revocation takes effect at once.
    Local { fingerprint: String },
    /// The gateway certificate of a federated instance, which vouches for its own clients.
    /// Checked against the federation on every request: removing it takes effect at once,
    /// even on an open connection.
    Federated {
        instance: String,
        ca_fingerprint: String,
    },
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The listener's configuration for the current set of trusted CAs.
pub fn server_config(
    ca: &InstanceCa,
    identity: &Identity,
    federation: &[Federation],
) -> anyhow::Result<Arc<ServerConfig>> {
    let mut roots = RootCertStore::empty();
    roots.add(ca.cert_der.clone())?;
    for f in federation {
        if let Ok(der) = super::ca::pem_to_der(&f.ca_cert_pem) {
            if let Err(e) = roots.add(der) {
                tracing::warn!(instance = %f.instance, error = %e, "a federated CA certificate is unusable");
            }
        }
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider())
        .allow_unauthenticated()
        .build()?;
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(identity.chain.clone(), identity.key.clone_key())?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Which CA issued the certificate a client presented (the handshake already checked that one
/// of them did, and that it is in date).
pub fn identify(
    certs: Option<&[CertificateDer<'static>]>,
    ca: &InstanceCa,
    federation: &[Federation],
) -> Presented {
    let Some(leaf) = certs.and_then(|c| c.first()) else {
        return Presented::Nothing;
    };
    let issued_by = |ca_der: &CertificateDer<'_>, usage: webpki::KeyUsage| -> bool {
        let Ok(anchor) = webpki::anchor_from_trusted_cert(ca_der) else {
            return false;
        };
        let Ok(ee) = webpki::EndEntityCert::try_from(leaf) else {
            return false;
        };
        ee.verify_for_usage(
            rustls::crypto::ring::default_provider()
                .signature_verification_algorithms
                .all,
            &[anchor],
            &[],
            UnixTime::now(),
            usage,
            None,
            None,
        )
        .is_ok()
    };
    if issued_by(&ca.cert_der, webpki::KeyUsage::client_auth()) {
        return Presented::Local {
            fingerprint: fingerprint(leaf),
        };
    }
    // From a federated CA only its gateway's certificate counts (server and client use): that
    // instance's clients come through their own gateway, as in X-Road.
    for f in federation {
        if let Ok(der) = super::ca::pem_to_der(&f.ca_cert_pem) {
            if issued_by(&der, webpki::KeyUsage::client_auth())
                && issued_by(&der, webpki::KeyUsage::server_auth())
            {
                return Presented::Federated {
                    instance: f.instance.clone(),
                    ca_fingerprint: f.ca_fingerprint.clone(),
                };
            }
        }
    }
    Presented::Nothing
}

fn http_connector() -> hyper_util::client::legacy::connect::HttpConnector {
    let mut c = hyper_util::client::legacy::connect::HttpConnector::new();
    c.set_nodelay(true);
    c.enforce_http(false);
    c.set_connect_timeout(Some(Duration::from_secs(10)));
    c
}

/// A client with a pool of its own over `config` (each gateway thread has one).
pub fn client_over(config: ClientConfig) -> UpstreamClient {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http_connector());
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(30))
        .build::<_, GatewayBody>(https)
}

/// The TLS configuration towards providers: https trusting the system's CAs and the instance
/// CA (so a PD's provider may carry a certificate from it). Made once: it reads the system's
/// CA files.
pub fn provider_config(ca: &InstanceCa) -> anyhow::Result<ClientConfig> {
    let mut roots = RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    roots.add(ca.cert_der.clone())?;
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// The client towards a federated gateway: mutual TLS, trusting only that instance's CA and
/// presenting this gateway's certificate.
pub fn peer_client(peer: &Federation, identity: &Identity) -> anyhow::Result<UpstreamClient> {
    let mut roots = RootCertStore::empty();
    roots.add(super::ca::pem_to_der(&peer.ca_cert_pem).map_err(|e| anyhow::anyhow!("{e}"))?)?;
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_client_auth_cert(identity.chain.clone(), identity.key.clone_key())?;
    Ok(client_over(config))
}

/// Checks a CA certificate someone wants trusted: PEM, a CA, usable as a trust anchor.
pub fn check_ca_pem(pem: &str) -> Result<String, String> {
    let der = super::ca::pem_to_der(pem).map_err(|e| e.to_string())?;
    webpki::anchor_from_trusted_cert(&der)
        .map_err(|e| format!("not usable as a trust anchor: {e}"))?;
    let params = rcgen::CertificateParams::from_ca_cert_der(&der)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if matches!(params.is_ca, rcgen::IsCa::NoCa | rcgen::IsCa::ExplicitNoCa) {
        return Err("is not a CA certificate".into());
    }
    Ok(fingerprint(&der))
}
