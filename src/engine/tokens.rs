//! API access tokens for `nfdeck serve`. A token is shown once; only its SHA-256 hash is kept.
//! The operator creates tokens for any user (`nfdeck token create`, for bootstrapping); over
//! the API every user lists, creates and revokes their own, and only their own.

use super::store;
use super::store::db::Db;
use super::{Actor, Ctx};
use crate::domain::names::check_max;
use crate::domain::tokens::check_token_name;
use crate::domain::{ApiToken, Error, Result, ResultExt, User, WorkspaceId};
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
        Ok(self.issue_token(&user, name)?.1)
    }

    /// The acting user's tokens (never the tokens themselves).
    pub fn list_my_tokens(&self) -> Result<Vec<ApiToken>> {
        store::tokens::of_user(self.conn, self.me()?.id)
    }

    /// A new token for the acting user, named uniquely among theirs; the token is returned
    /// once, beside what the list will show of it.
    pub fn create_my_token(&self, name: &str) -> Result<(ApiToken, String)> {
        let name = check_token_name(name)?;
        let user = self.me()?;
        if store::tokens::of_user(self.conn, user.id)?
            .iter()
            .any(|t| t.name == name)
        {
            return Err(Error::conflict(format!(
                "you already have a token named '{name}'"
            )));
        }
        let (id, token) = self.issue_token(&user, name)?;
        let created = store::tokens::of_user(self.conn, user.id)?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::internal("the new token was not stored"))?;
        Ok((created, token))
    }

    /// Revokes one of the acting user's tokens. Another user's token is "not found": its id
    /// tells nothing.
    pub fn delete_my_token(&self, id: i64) -> Result<()> {
        let user = self.me()?;
        if !store::tokens::delete(self.conn, user.id, id)? {
            return Err(Error::not_found(format!("you have no token {id}")));
        }
        self.audit_token("token.delete", id, &user)
    }

    /// Revokes every token of the acting user (the one in use too).
    pub fn delete_all_my_tokens(&self) -> Result<usize> {
        let user = self.me()?;
        let n = store::tokens::delete_all(self.conn, user.id)?;
        self.audit_token("token.delete-all", user.id, &user)?;
        Ok(n)
    }

    fn audit_token(&self, action: &str, id: impl ToString, user: &User) -> Result<()> {
        self.audit(
            action,
            "token",
            id,
            &user.email,
            Some(serde_json::json!({"user": user.email})),
            None,
        )
    }

    /// Stores a new token for `user`: its id and the token, in the shape of a Seqera personal
    /// access token (base64 of `{"tid":N,"secret":"..."}`), which Nextflow sends as a bearer
    /// token.
    fn issue_token(&self, user: &User, name: &str) -> Result<(i64, String)> {
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let tid = store::tokens::next_id(self.conn)?;
        let payload = format!(r#"{{"tid":{tid},"secret":"{}"}}"#, hex::encode(secret));
        let token = BASE64.encode(payload.as_bytes());
        let id = store::tokens::insert(self.conn, user.id, name, &token_hash(&token))?;
        self.audit(
            "token.create",
            "token",
            id,
            name,
            None,
            Some(serde_json::json!({"user": user.email, "name": name})),
        )?;
        Ok((id, token))
    }
}

/// Whom a token acts as, and the token's id when its last use is due to be recorded.
pub type TokenActor = (Actor, Option<i64>);

impl super::Engine {
    /// The user a token belongs to, acting with that user's permissions, and the token's id
    /// when its last use is older than `TOKEN_USE_RESOLUTION` (for `touch_token`).
    pub fn actor_for_token(&self, token: &str) -> Result<TokenActor> {
        token_holder(&self.conn, token)
    }

    /// The change counts, `workspace`'s progress count (0 when none is asked for) and
    /// `actor_for_token`'s answer, read together (see `store::tokens::holder_with_counts`);
    /// the caller's answer is an error for a token that is not valid, the counts are read all
    /// the same.
    pub fn counts_and_token_holder(
        &self,
        token: &str,
        workspace: Option<WorkspaceId>,
    ) -> Result<(store::changes::Counts, u64, Result<TokenActor>)> {
        let (counts, progress, holder) =
            store::tokens::holder_with_counts(&self.conn, &token_hash(token), workspace)?;
        Ok((counts, progress, actor_of(holder)))
    }

    /// Records a token's use now. Outside the change counter on purpose: a token's last use
    /// is not a change anyone's screen or cached page has to follow.
    pub fn touch_token(&mut self, id: i64) -> Result<()> {
        store::tokens::touch(&self.conn, id, &store::now())
    }
}

/// See `Engine::actor_for_token`.
pub(super) fn token_holder(conn: &Db, token: &str) -> Result<TokenActor> {
    actor_of(store::tokens::holder(conn, &token_hash(token))?)
}

/// The actor a token's holder acts as, and the token's id when its use is due to be recorded.
fn actor_of(holder: Option<store::tokens::TokenHolder>) -> Result<TokenActor> {
    let holder = holder.ok_or_else(|| Error::unauthorized("the access token is not valid"))?;
    let stale = holder
        .last_used
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .is_none_or(|t| chrono::Utc::now() - t.with_timezone(&chrono::Utc) >= TOKEN_USE_RESOLUTION);
    let email = holder
        .email
        .ok_or_else(|| Error::unauthorized("the access token's user no longer exists"))?;
    let actor = Actor {
        user_id: holder.user_id,
        email,
        operator: false,
    };
    Ok((actor, stale.then_some(holder.token_id)))
}

/// A token's last use is recorded at most this often: each recording is a write, and a
/// Nextflow run calls every second.
pub const TOKEN_USE_RESOLUTION: chrono::TimeDelta = chrono::TimeDelta::minutes(1);
