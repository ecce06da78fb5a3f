//! API access tokens: the name rule, and which token a Seqera-style token text is. The engine
//! and the TUI's form check names with the same rule.

use super::names::check_max;
use super::{Error, Result};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

/// A token name: 1 to 50 characters once trimmed (the spec's `AccessToken.name`); the name
/// as it is stored.
pub fn check_token_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("token name must not be empty"));
    }
    check_max("token name", name, 50)?;
    Ok(name)
}

/// The id of a token in the shape of a Seqera personal access token (base64 of
/// `{"tid":N,"secret":"..."}`), None for any other text: so the TUI can tell which listed
/// token the session itself uses.
pub fn token_id(token: &str) -> Option<i64> {
    let bytes = BASE64.decode(token.trim()).ok()?;
    let payload: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    payload.get("tid")?.as_i64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_name_is_trimmed_and_at_most_50_characters() {
        assert_eq!(check_token_name("  ci  ").unwrap(), "ci");
        assert!(check_token_name("   ").is_err());
        assert!(check_token_name(&"x".repeat(51)).is_err());
    }

    #[test]
    fn the_id_of_a_seqera_shaped_token() {
        let token = BASE64.encode(br#"{"tid":42,"secret":"abc"}"#);
        assert_eq!(token_id(&token), Some(42));
        assert_eq!(token_id("not-a-token"), None);
        assert_eq!(token_id(&BASE64.encode(b"{}")), None);
    }
}
