//! Random tokens and password hashing. Passwords use argon2id (slow on purpose); session and
//! API tokens are 256-bit random values, so a fast SHA-256 of them is safe to store and quick
//! to look up on every request.

use std::sync::{Mutex, PoisonError};

use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh 256-bit random token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The form a token is stored in: hex SHA-256.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

pub fn hash_password(password: &str) -> Result<String, String> {
    let failed = |error: &dyn std::fmt::Display| format!("could not hash the password: {error}");
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        with_argon2_memory(params.block_count(), |memory| {
            argon2.hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, memory)
        })
        .map_err(|_| argon2::password_hash::Error::Password)
    })
    .map_err(|e| failed(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// True only for the right password; a malformed stored hash counts as a mismatch.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored_hash) else { return false };
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed)) else {
        return false;
    };
    let version = parsed.version.map_or(Ok(Version::default()), Version::try_from);
    let (Ok(version), Some(salt), Some(expected)) = (version, parsed.salt, parsed.hash) else { return false };
    if params.m_cost() > MAX_MEMORY_KIB {
        return false;
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut computed = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let hashed = with_argon2_memory(params.block_count(), |memory| {
        argon2.hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut computed, memory)
    });
    // `Output` compares in constant time.
    hashed.is_ok() && Output::new(&computed).is_ok_and(|computed| computed == expected)
}

/// The most memory a stored hash may ask for (256 MiB), so a tampered row cannot exhaust it.
const MAX_MEMORY_KIB: u32 = 256 * 1024;

/// Runs an argon2 computation in one working area kept for the life of the process.
///
/// argon2id needs 19 MiB per hash. Allocated afresh each time, glibc keeps every freed area
/// in the arena of whichever thread used it, so each sign-in left ~20 MiB resident for good
/// (docs/benchmarks.md). One reused area holds memory at one hash's worth, and makes
/// password checks take turns, which also bounds the CPU a flood of sign-ins can take.
fn with_argon2_memory<T>(blocks: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    static MEMORY: Mutex<Vec<Block>> = Mutex::new(Vec::new());
    let mut memory = MEMORY.lock().unwrap_or_else(PoisonError::into_inner);
    if memory.len() < blocks {
        memory.resize(blocks, Block::new());
    }
    work(&mut memory[..blocks])
}

/// A hash of a random password nobody knows, checked when an email is unknown so that a
/// failed sign-in takes as long whether or not the account exists.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password(&random_token()).unwrap_or_default())
}

/// The rules a new password must meet (NCSC guidance: length over complexity).
pub fn check_password_strength(password: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < 12 {
        return Err("Use a password of at least 12 characters".into());
    }
    if length > 256 {
        return Err("Use a password of at most 256 characters".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterx", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn hashes_agree_with_the_argon2_crate_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_password("correct horse battery").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(Argon2::default().verify_password(b"correct horse batterx", &parsed).is_err());

        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"another long password", &salt).unwrap().to_string();
        assert!(verify_password("another long password", &theirs));
        assert!(!verify_password("another long passwore", &theirs));
    }

    #[test]
    fn stored_hashes_with_other_parameters_still_verify_and_greedy_ones_are_refused() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let small = Argon2::new(Algorithm::Argon2i, Version::V0x10, Params::new(1024, 3, 1, Some(24)).unwrap());
        let stored = small.hash_password(b"a different password", &salt).unwrap().to_string();
        assert!(verify_password("a different password", &stored));
        assert!(!verify_password("a different passworc", &stored));

        let greedy = stored.replace("m=1024", &format!("m={}", MAX_MEMORY_KIB + 1));
        assert!(!verify_password("a different password", &greedy));
    }

    #[test]
    fn tokens_are_distinct_and_hash_to_hex() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
