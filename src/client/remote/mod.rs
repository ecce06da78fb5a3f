//! The client over the Seqera Platform REST API (reqwest), for Seqera Cloud, Seqera Enterprise
//! and `nfdeck serve` alike. It speaks the spec's endpoints with the wire types of `api::dto`;
//! what the public API lacks comes from nfdeck's extension endpoints when `GET /service-info`
//! announces them, and is `ErrorKind::Unavailable` otherwise. One file per area.

mod actions;
mod apply;
mod apply_target;
mod compute;
mod credentials;
mod custom_roles;
mod http;
mod launchpad;
mod orgs;
mod paging;
mod participants;
mod roles;
mod runs;
mod scope;
mod secrets;
mod session;
mod settings;
mod teams;
mod tokens;
mod workspaces;

pub use http::{CONNECT_TIMEOUT, REQUEST_TIMEOUT};

use crate::api::dto::{ExtSessionResponse, ServiceInfoResponse};
use crate::domain::{Error, ErrorKind, OrgId, Result, User, WorkspaceId};
use http::Http;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use tokio::sync::OnceCell;

/// The default endpoint, as for `tw` and Nextflow.
pub const DEFAULT_ENDPOINT: &str = "https://api.cloud.seqera.io";

/// A remote server, acting as the token's user.
pub struct RemoteClient {
    http: Http,
    extensions: OnceCell<Option<Extensions>>,
    me: OnceCell<Me>,
    /// The org of each workspace seen so far (org-scoped paths need it; a workspace never
    /// changes org).
    orgs_of: Mutex<HashMap<WorkspaceId, OrgId>>,
    /// Which of the user's tokens this client sends, when its text says so.
    token_id: Option<i64>,
}

/// nfdeck's extension endpoints on this server.
#[derive(Clone, Debug)]
struct Extensions {
    prefix: String,
    features: HashSet<String>,
}

/// The token's user, read once.
#[derive(Clone, Debug)]
struct Me {
    user: User,
    /// The server's operator (only `nfdeck serve` says so).
    operator: bool,
    personal_workspace_id: Option<WorkspaceId>,
}

impl RemoteClient {
    /// A client for `endpoint` (the API base URL) with an access token. Nothing is sent yet.
    pub fn new(endpoint: &str, token: &str) -> Result<Self> {
        if token.trim().is_empty() {
            return Err(Error::unauthorized(
                "remote mode needs an access token: --token, TOWER_ACCESS_TOKEN, or the profile's token/token_env",
            ));
        }
        Ok(Self {
            http: Http::new(endpoint, token)?,
            extensions: OnceCell::new(),
            me: OnceCell::new(),
            orgs_of: Mutex::new(HashMap::new()),
            token_id: crate::domain::tokens::token_id(token),
        })
    }

    pub fn endpoint(&self) -> &str {
        self.http.endpoint()
    }

    /// How many GETs the server answered `304 Not Modified`, served from the last answer.
    pub fn reused_answers(&self) -> u64 {
        self.http.reused_answers()
    }

    /// The extensions `GET /service-info` announces (none on Seqera's own servers).
    async fn extensions(&self) -> Result<Option<&Extensions>> {
        let ext = self
            .extensions
            .get_or_try_init(|| async {
                match self
                    .http
                    .get::<ServiceInfoResponse>("/service-info", vec![])
                    .await
                {
                    Ok(info) => Ok(info.nfdeck.and_then(|n| {
                        Some(Extensions {
                            prefix: n.prefix?,
                            features: n.features.unwrap_or_default().into_iter().collect(),
                        })
                    })),
                    // A server that cannot describe itself offers no extensions; one that
                    // cannot be reached or refuses the token is an error worth showing.
                    Err(e) if matches!(e.kind, ErrorKind::Network | ErrorKind::Unauthorized) => {
                        Err(e)
                    }
                    Err(_) => Ok(None),
                }
            })
            .await?;
        Ok(ext.as_ref())
    }

    /// The path of an extension endpoint, when the server offers the feature.
    async fn ext_path(&self, feature: &str, path: &str) -> Result<Option<String>> {
        Ok(self
            .extensions()
            .await?
            .filter(|e| e.features.contains(feature))
            .map(|e| format!("{}{path}", e.prefix)))
    }

    /// Whether the server offers an extension feature.
    async fn offers(&self, feature: &str) -> Result<bool> {
        Ok(self.ext_path(feature, "").await?.is_some())
    }

    /// The path of an extension endpoint, or `Unavailable` naming what is missing.
    async fn require_ext(&self, feature: &str, path: &str, what: &str) -> Result<String> {
        self.ext_path(feature, path).await?.ok_or_else(|| {
            Error::unavailable(format!(
                "{} does not offer {what} (the Seqera Platform API has no endpoint for it; nfdeck serve does)",
                self.endpoint()
            ))
        })
    }

    /// The token's user, and whether they are the server's operator.
    async fn me(&self) -> Result<&Me> {
        self.me
            .get_or_try_init(|| async {
                let (info, ext) = futures::try_join!(
                    self.http
                        .get::<crate::api::dto::DescribeUserResponse>("/user-info", vec![]),
                    self.ext_session(),
                )?;
                let user = crate::api::convert::users::user_from_dto(crate::api::convert::need(
                    info.user, "user",
                )?)?;
                Ok(Me {
                    user,
                    operator: ext.as_ref().and_then(|e| e.operator).unwrap_or(false),
                    personal_workspace_id: ext.and_then(|e| e.personal_workspace_id),
                })
            })
            .await
    }

    async fn ext_session(&self) -> Result<Option<ExtSessionResponse>> {
        use crate::api::dto::ext::features;
        match self.ext_path(features::SESSION, "/session").await? {
            Some(path) => Ok(Some(self.http.get(&path, vec![]).await?)),
            None => Ok(None),
        }
    }
}

/// Treats "you may not read this" and "there is none" as nothing to read (for optional
/// details such as role sources).
fn optional<T>(result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if matches!(e.kind, ErrorKind::Forbidden | ErrorKind::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}
