//! Random secrets (API tokens, session ids) and their stored hashes.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/// `len` characters from an unambiguous alphabet, from the OS's CSPRNG.
pub fn random_string(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    // 256 is not a multiple of the alphabet's length; the small bias this
    // leaves is irrelevant at 32 characters (> 180 bits).
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// A new API token, prefixed so it is recognisable in logs and scanners.
pub fn new_api_token() -> String {
    format!("folio_{}", random_string(40))
}

/// What the database keeps of a token: its SHA-256. Tokens carry 200+
/// bits of entropy, so a fast hash is enough (no dictionary to attack).
pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}
