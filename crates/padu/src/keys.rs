//! The instance's Ed25519 signing key: created on first start in `DATA_DIR/keys/`, never leaves
//! the data dir (backups carry only the public key). Signatures are plain Ed25519 over the
//! message bytes, so `openssl pkeyutl -verify -rawin` checks them.

use anyhow::{Context, Result};
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Clone)]
pub struct InstanceKey {
    signing: SigningKey,
}

impl InstanceKey {
    /// Loads the key, creating it (mode 0600) when absent.
    pub fn load_or_create(data_dir: &Path) -> Result<InstanceKey> {
        let dir = data_dir.join("keys");
        let path = dir.join("instance-ed25519.pem");
        if path.exists() {
            let pem = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let signing = SigningKey::from_pkcs8_pem(&pem).map_err(|e| {
                anyhow::anyhow!("{} is not an Ed25519 PKCS#8 key: {e}", path.display())
            })?;
            return Ok(InstanceKey { signing });
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let signing = SigningKey::generate(&mut rand::rngs::OsRng);
        let pem = signing
            .to_pkcs8_pem(Default::default())
            .map_err(|e| anyhow::anyhow!("encoding key: {e}"))?;
        write_private(&path, pem.as_bytes())?;
        Ok(InstanceKey { signing })
    }

    pub fn public_pem(&self) -> String {
        self.signing
            .verifying_key()
            .to_public_key_pem(Default::default())
            .unwrap_or_default()
    }

    /// SHA-256 of the raw 32-byte public key, hex.
    pub fn fingerprint(&self) -> String {
        hex::encode(Sha256::digest(self.signing.verifying_key().as_bytes()))
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }
}

#[cfg(unix)]
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(bytes)?;
    Ok(())
}

#[cfg(not(unix))]
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("creating {}", path.display()))
}

/// Checks an Ed25519 signature (hex) over `message` with a public key in PEM.
pub fn verify_signature(public_pem: &str, message: &[u8], signature_hex: &str) -> bool {
    let Ok(key) = VerifyingKey::from_public_key_pem(public_pem) else {
        return false;
    };
    let Ok(bytes) = hex::decode(signature_hex) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(&bytes) else {
        return false;
    };
    key.verify(message, &sig).is_ok()
}
