//! The server's receipt key: Ed25519, derived from the server secret, so that anyone
//! holding the public key (served at `/api/v1/receipts/public-key`) can check a
//! receipt without asking us.

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sha2::{Digest as _, Sha256};

pub struct ReceiptSigner {
    key: SigningKey,
}

impl std::fmt::Debug for ReceiptSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceiptSigner")
            .field("public_key", &self.public_hex())
            .finish_non_exhaustive()
    }
}

impl ReceiptSigner {
    /// The key derived from the server secret (domain-separated from its other uses).
    #[must_use]
    pub fn derived(secret: &[u8]) -> Self {
        let mut h = Sha256::new();
        h.update(b"motcua receipt signing key v1\0");
        h.update(secret);
        Self {
            key: SigningKey::from_bytes(&h.finalize().into()),
        }
    }

    /// The public key, hex.
    #[must_use]
    pub fn public_hex(&self) -> String {
        hex::encode(self.key.verifying_key().to_bytes())
    }

    /// Short fingerprint of the public key, printed on receipts.
    #[must_use]
    pub fn key_id(&self) -> String {
        key_id(&self.public_hex())
    }

    /// Hex signature of `message`.
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> String {
        hex::encode(self.key.sign(message).to_bytes())
    }
}

/// The first 16 hex digits of the SHA-256 of a hex public key's bytes.
#[must_use]
pub fn key_id(public_hex: &str) -> String {
    let bytes = hex::decode(public_hex).unwrap_or_default();
    hex::encode(&Sha256::digest(&bytes)[..8])
}

/// Checks a hex signature against a hex public key.
#[must_use]
pub fn verify(public_hex: &str, message: &[u8], signature_hex: &str) -> bool {
    let Ok(key) = hex::decode(public_hex) else {
        return false;
    };
    let Ok(key) = <[u8; 32]>::try_from(key.as_slice()) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&key) else {
        return false;
    };
    let Ok(sig) = hex::decode(signature_hex.trim().to_ascii_lowercase()) else {
        return false;
    };
    let Ok(sig) = <[u8; 64]>::try_from(sig.as_slice()) else {
        return false;
    };
    key.verify(message, &Signature::from_bytes(&sig)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_tampering_is_caught() {
        let signer = ReceiptSigner::derived(b"a test secret that is long enough!!");
        let sig = signer.sign(b"receipt 1");
        assert!(verify(&signer.public_hex(), b"receipt 1", &sig));
        assert!(verify(
            &signer.public_hex(),
            b"receipt 1",
            &sig.to_ascii_uppercase()
        ));
        assert!(!verify(&signer.public_hex(), b"receipt 2", &sig));
        let other = ReceiptSigner::derived(b"another secret that is long enough");
        assert!(!verify(&other.public_hex(), b"receipt 1", &sig));
        assert!(!verify(&signer.public_hex(), b"receipt 1", "00"));
        assert_eq!(signer.key_id().len(), 16);
        assert!(!format!("{signer:?}").contains(&hex::encode(signer.key.to_bytes())));
    }
}
