//! An `nfdeck serve` router running in-process on 127.0.0.1 (port 0) over a fresh database: a
//! file read through a pool of readers (as `nfdeck serve` does), or PostgreSQL with
//! `NFDECK_TEST_STORE=postgres`; tokens for its users, and the two ways to act: the embedded
//! client and the remote client.

#![allow(dead_code)]

use async_trait::async_trait;
use nfdeck::api::server::{self, ConnLimits, ServerState};
use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::client::remote::RemoteClient;
use nfdeck::client::{OrgClient, ParticipantClient, SharedClient, WorkspaceClient};
use nfdeck::domain::{
    NewUser, OrgFields, OrgId, ParticipantRef, WorkspaceFields, WorkspaceId, WspRole,
};
use nfdeck::engine::{Actor, Engine, SharedEngine};
use std::sync::Arc;
use tokio::sync::oneshot;

pub const OPERATOR: &str = "root@localhost.test";

/// A running server; it stops when dropped.
pub struct Server {
    pub url: String,
    pub engine: SharedEngine,
    pub operator: Actor,
    stop: Option<oneshot::Sender<()>>,
    /// The folder of the database file, removed when the server is dropped.
    dir: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Server {
    /// A server over a fresh database file, with nfdeck's extensions.
    pub async fn start() -> Server {
        Self::start_on_file(true).await
    }

    /// A server that offers only the Seqera spec's endpoints, as Seqera's own servers do.
    pub async fn start_spec_only() -> Server {
        Self::start_on_file(false).await
    }

    /// A server over a new database file in a folder of its own, reads on readers of the file.
    async fn start_on_file(extensions: bool) -> Server {
        if crate::pg_support::selected() {
            return Self::start_with(fresh_engine().await, extensions).await;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("nfdeck.db");
        let writer = Engine::open(&path).expect("open the database file");
        let engine = SharedEngine::new(writer).with_readers(move || Engine::open_reader(&path));
        let mut server = Self::start_with(engine, extensions).await;
        server.dir = Some(dir);
        server
    }

    /// A server over `engine`, whose operator is `OPERATOR`.
    pub async fn start_with(engine: SharedEngine, extensions: bool) -> Server {
        Self::start_limited(engine, extensions, ConnLimits::default()).await
    }

    /// Like `start_with`, with its own connection timeouts and cap.
    pub async fn start_limited(
        engine: SharedEngine,
        extensions: bool,
        connections: ConnLimits,
    ) -> Server {
        let operator = engine
            .run(|e| e.operator(OPERATOR))
            .await
            .expect("operator");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let (stop, stopped) = oneshot::channel::<()>();
        let state = ServerState {
            extensions,
            connections,
            ..ServerState::new(engine.clone(), Some(operator.user_id))
        };
        tokio::spawn(async move {
            let _ = server::serve(listener, state, async {
                let _ = stopped.await;
            })
            .await;
        });
        Server {
            url,
            engine,
            operator,
            stop: Some(stop),
            dir: None,
        }
    }

    /// Creates the user (as the operator) unless they exist, and returns them as an actor.
    pub async fn user(&self, email: &str) -> Actor {
        ensure_user(&self.engine, &self.operator, email).await
    }

    /// A new token for an existing user.
    pub async fn token(&self, email: &str) -> String {
        let email = email.to_string();
        self.engine
            .write(self.operator.clone(), move |cx| {
                cx.create_token(&email, "test")
            })
            .await
            .expect("token")
    }

    /// The remote client acting as `email` (created if new).
    pub async fn remote(&self, email: &str) -> RemoteClient {
        self.user(email).await;
        RemoteClient::new(&self.url, &self.token(email).await).expect("remote client")
    }

    /// The embedded client on the same engine acting as `email` (or the operator).
    pub async fn embedded(&self, email: &str) -> EmbeddedClient {
        let actor = if email == OPERATOR {
            self.operator.clone()
        } else {
            self.user(email).await
        };
        EmbeddedClient::shared(self.engine.clone(), actor)
    }

    /// A raw HTTP request builder for `path`.
    pub fn http(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new().request(method, format!("{}{path}", self.url))
    }
}

/// A fresh, empty engine on the store under test: in memory (SQLite), or a fresh PostgreSQL
/// database with `NFDECK_TEST_STORE=postgres` (see `pg_support`).
pub async fn fresh_engine() -> SharedEngine {
    if crate::pg_support::selected() {
        let url = crate::pg_support::required_database();
        let engine = Engine::open_postgres(&url, None).expect("PostgreSQL engine");
        return SharedEngine::new(engine);
    }
    SharedEngine::new(Engine::open_in_memory().expect("in-memory engine"))
}

async fn ensure_user(engine: &SharedEngine, operator: &Actor, email: &str) -> Actor {
    let email = email.to_string();
    let op = operator.clone();
    engine
        .run(move |e| {
            if let Ok(actor) = e.act_as(&email) {
                return Ok(actor);
            }
            e.write(&op, |cx| {
                cx.create_user(&NewUser {
                    email: email.clone(),
                    ..Default::default()
                })
            })?;
            e.act_as(&email)
        })
        .await
        .expect("user")
}

/// Where a behaviour test acts: the embedded engine or a server, both fresh.
#[async_trait]
pub trait Backend: Send + Sync {
    /// A client acting as this user (created if new), or as the operator for `OPERATOR`.
    async fn client(&self, email: &str) -> SharedClient;
    fn name(&self) -> &'static str;
}

pub struct EmbeddedBackend {
    engine: SharedEngine,
    operator: Actor,
}

pub struct RemoteBackend {
    pub server: Server,
}

pub async fn embedded() -> EmbeddedBackend {
    let engine = fresh_engine().await;
    let operator = engine
        .run(|e| e.operator(OPERATOR))
        .await
        .expect("operator");
    EmbeddedBackend { engine, operator }
}

pub async fn remote() -> RemoteBackend {
    RemoteBackend {
        server: Server::start().await,
    }
}

#[async_trait]
impl Backend for EmbeddedBackend {
    async fn client(&self, email: &str) -> SharedClient {
        let actor = if email == OPERATOR {
            self.operator.clone()
        } else {
            ensure_user(&self.engine, &self.operator, email).await
        };
        Arc::new(EmbeddedClient::shared(self.engine.clone(), actor))
    }

    fn name(&self) -> &'static str {
        "embedded"
    }
}

#[async_trait]
impl Backend for RemoteBackend {
    async fn client(&self, email: &str) -> SharedClient {
        self.server.user(email).await;
        let token = self.server.token(email).await;
        Arc::new(RemoteClient::new(&self.server.url, &token).expect("remote client"))
    }

    fn name(&self) -> &'static str {
        "remote"
    }
}

/// Runs a behaviour test against the embedded client and against the remote client (each on
/// a fresh engine): one test per backend, in a module named after the scenario.
#[macro_export]
macro_rules! on_both {
    ($module:ident: $scenario:ident) => {
        mod $module {
            #[tokio::test]
            async fn embedded() {
                let backend = $crate::support::embedded().await;
                super::$scenario(&backend).await;
            }

            #[tokio::test]
            async fn remote() {
                let backend = $crate::support::remote().await;
                super::$scenario(&backend).await;
            }
        }
    };
}

/// `client` (an owner) makes `email` a member of `org` and gives them `role` in `ws`.
pub async fn add_member_with_role(
    client: &(impl OrgClient + ParticipantClient),
    org: OrgId,
    ws: WorkspaceId,
    email: &str,
    role: WspRole,
) {
    client.add_member(org, email).await.unwrap();
    client
        .add_participant(
            org,
            ws,
            ParticipantRef::UserNameOrEmail(email.into()),
            Some(role.into()),
        )
        .await
        .unwrap();
}

/// Org `lab1` ("Lab") with workspace `lab`, created by `client`'s user, who owns both: the
/// starting point of most HTTP tests.
pub async fn lab_workspace(client: &(impl OrgClient + WorkspaceClient)) -> (OrgId, WorkspaceId) {
    let org = client
        .create_org(OrgFields {
            name: "lab1".into(),
            full_name: "Lab".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .id;
    let ws = client
        .create_workspace(
            org,
            WorkspaceFields {
                name: "lab".into(),
                full_name: "Lab".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    (org, ws)
}
