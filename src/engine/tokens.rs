//! API access tokens for `nfdeck serve`. A token is shown once; only its SHA-256 hash is kept.

use super::store;
use super::{Actor, Ctx};
use crate::domain::names::check_max;
use crate::domain::{Error, Result, ResultExt};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

impl Ctx<'_> {
    /// Creates a token for a user (operator only) and returns it; it cannot be shown again.
    ///
    /// The token has the shape of a Seqera personal access token (base64 of
    /// `{"tid":N,"secret":"..."}`), which Nextflow sends as a bearer token.
    pub fn create_token(&self, email: &str, name: &str) -> Result<String> {
        if !self.actor.operator {
            return Err(Error::forbidden("only the operator may create API tokens"));
        }
        let name = if name.trim().is_empty() {
            "nfdeck"
        } else {
            name.trim()
        };
        check_max("token name", name, 50)?;
        let user =
            store::users::by_email(self.conn, &crate::domain::names::normalize_email(email))?
                .ok_or_else(|| Error::not_found(format!("no user with email {email}")))
                .about("token")?;
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let tid = self.next_token_id()?;
        let payload = format!(r#"{{"tid":{tid},"secret":"{}"}}"#, hex::encode(secret));
        let token = BASE64.encode(payload.as_bytes());
        store::tokens::insert(self.conn, user.id, name, &token_hash(&token))?;
        self.audit(
            "token.create",
            "token",
            tid,
            name,
            None,
            Some(serde_json::json!({"user": user.email, "name": name})),
        )?;
        Ok(token)
    }

    fn next_token_id(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM api_tokens", [], |r| {
                r.get(0)
            })
            .map_err(store::sql)
    }
}

impl super::Engine {
    /// The user a token belongs to, acting with that user's permissions.
    pub fn actor_for_token(&self, token: &str) -> Result<Actor> {
        let user_id = store::tokens::user_for_hash(&self.conn, &token_hash(token))?
            .ok_or_else(|| Error::unauthorized("the access token is not valid"))?;
        let user = store::users::by_id(&self.conn, user_id)?
            .ok_or_else(|| Error::unauthorized("the access token's user no longer exists"))?;
        Ok(Actor {
            user_id,
            email: user.email,
            operator: false,
        })
    }
}
