//! Builders for engine tests: an in-memory engine, users, an org with members, workspaces.

#![allow(dead_code)]

use nfdeck::domain::*;
use nfdeck::engine::{Actor, Ctx, Engine};

pub const OPERATOR: &str = "root@localhost.test";

/// A fresh, empty engine on the store under test: in memory (SQLite), or a fresh PostgreSQL
/// database with `NFDECK_TEST_STORE=postgres` (see `pg_support`).
pub fn fresh_engine() -> Engine {
    if crate::pg_support::selected() {
        let url = crate::pg_support::required_database();
        return Engine::open_postgres(&url, None).expect("PostgreSQL engine");
    }
    Engine::open_in_memory().expect("in-memory engine")
}

/// A fresh engine and its operator.
pub fn engine() -> (Engine, Actor) {
    let mut engine = fresh_engine();
    let op = engine.operator(OPERATOR).expect("operator");
    (engine, op)
}

/// Creates a user (as the operator) and returns an actor for them.
pub fn user(engine: &mut Engine, op: &Actor, email: &str) -> Actor {
    engine
        .write(op, |cx| {
            cx.create_user(&NewUser {
                email: email.into(),
                ..Default::default()
            })
        })
        .expect("create user");
    engine.act_as(email).expect("act as")
}

pub fn org_fields(name: &str, tier: Tier) -> OrgFields {
    OrgFields {
        name: name.into(),
        full_name: format!("{name} full name"),
        tier,
        ..Default::default()
    }
}

pub fn ws_fields(name: &str, visibility: Visibility) -> WorkspaceFields {
    WorkspaceFields {
        name: name.into(),
        full_name: format!("{name} workspace"),
        description: String::new(),
        visibility,
    }
}

/// An org created by the operator with `owner` as its first owner.
pub fn org(engine: &mut Engine, op: &Actor, name: &str, tier: Tier, owner: &Actor) -> Org {
    engine
        .write(op, |cx| {
            cx.create_org_owned_by(&org_fields(name, tier), &owner.email)
        })
        .expect("create org")
}

pub fn member(engine: &mut Engine, owner: &Actor, org: OrgId, who: &Actor) -> Member {
    engine
        .write(owner, |cx| cx.add_member(org, &who.email))
        .expect("add member")
}

/// `who`'s member id in `org`, as they see it.
pub fn member_id(engine: &Engine, who: &Actor, org: OrgId) -> MemberId {
    engine
        .read(who, |cx| cx.get_org(org))
        .expect("org")
        .my_member_id
        .expect("a member")
}

/// A team with this name and no description.
pub fn team_fields(name: &str) -> TeamFields {
    TeamFields {
        name: name.into(),
        description: String::new(),
    }
}

pub fn workspace(engine: &mut Engine, owner: &Actor, org: OrgId, name: &str) -> Workspace {
    engine
        .write(owner, |cx| {
            cx.create_workspace(org, &ws_fields(name, Visibility::Private))
        })
        .expect("create workspace")
}

/// Adds a participant by email with a role.
pub fn participant(
    engine: &mut Engine,
    by: &Actor,
    org: OrgId,
    ws: WorkspaceId,
    email: &str,
    role: WspRole,
) -> Participant {
    engine
        .write(by, |cx| {
            cx.add_participant(
                org,
                ws,
                &ParticipantRef::UserNameOrEmail(email.into()),
                Some(role.into()),
            )
        })
        .expect("add participant")
}

/// The acting user's effective role in a workspace.
pub fn role_in(engine: &Engine, who: &Actor, ws: WorkspaceId) -> Option<WspRole> {
    engine
        .read(who, |cx| cx.workspace(ws))
        .ok()
        .and_then(|w| w.my_role.role())
}

/// Runs a read and returns its error, failing the test if it succeeded.
pub fn read_err<T: std::fmt::Debug>(
    engine: &Engine,
    who: &Actor,
    f: impl FnOnce(&Ctx) -> Result<T>,
) -> Error {
    engine.read(who, f).expect_err("expected an error")
}

/// Runs a write and returns its error, failing the test if it succeeded.
pub fn write_err<T: std::fmt::Debug>(
    engine: &mut Engine,
    who: &Actor,
    f: impl FnOnce(&Ctx) -> Result<T>,
) -> Error {
    engine.write(who, f).expect_err("expected an error")
}

/// How many audit rows there are (operator view).
pub fn audit_count(engine: &Engine, op: &Actor) -> u64 {
    engine
        .read(op, |cx| cx.list_audit(&Page::first(1)))
        .expect("audit")
        .total
}

/// A three-user setup on a pro org: ana owns it, ben is a member, and org workspace `lab`.
pub struct Lab {
    pub engine: Engine,
    pub op: Actor,
    pub ana: Actor,
    pub ben: Actor,
    pub org: Org,
    pub ws: Workspace,
}

pub fn lab() -> Lab {
    let (mut engine, op) = engine();
    let ana = user(&mut engine, &op, "ana@example.org");
    let ben = user(&mut engine, &op, "ben@example.org");
    let org = org(&mut engine, &op, "biolab", Tier::Pro, &ana);
    member(&mut engine, &ana, org.id, &ben);
    let ws = workspace(&mut engine, &ana, org.id, "lab");
    Lab {
        engine,
        op,
        ana,
        ben,
        org,
        ws,
    }
}

// ---- Launchpad, compute, credentials, runs, settings ----

/// The scope of the lab's workspace.
pub fn lab_scope(lab: &Lab) -> Scope {
    Scope::Workspace(lab.ws.id)
}

/// A new org member of the lab's org with `role` in the lab's workspace.
pub fn with_role(lab: &mut Lab, email: &str, role: WspRole) -> Actor {
    let who = user(&mut lab.engine, &lab.op, email);
    member(&mut lab.engine, &lab.ana, lab.org.id, &who);
    participant(
        &mut lab.engine,
        &lab.ana,
        lab.org.id,
        lab.ws.id,
        email,
        role,
    );
    who
}

/// One actor per workspace role in the lab's workspace, highest first.
pub fn every_role(lab: &mut Lab) -> Vec<(WspRole, Actor)> {
    WspRole::ALL
        .into_iter()
        .map(|role| {
            let who = with_role(lab, &format!("{role}@example.org"), role);
            (role, who)
        })
        .collect()
}

/// Another workspace of the lab's org, created by ana.
pub fn lab_workspace(lab: &mut Lab, name: &str, visibility: Visibility) -> Workspace {
    lab.engine
        .write(&lab.ana, |cx| {
            cx.create_workspace(lab.org.id, &ws_fields(name, visibility))
        })
        .expect("create workspace")
}

pub fn aws_fields(name: &str, secret: &str) -> CredentialsFields {
    CredentialsFields {
        name: name.into(),
        description: String::new(),
        provider: Some(Provider::Aws),
        keys: [("accessKey".to_string(), "AKIAEXAMPLE".to_string())].into(),
        secrets: [("secretKey".to_string(), SecretString::from(secret))].into(),
    }
}

pub fn creds(engine: &mut Engine, who: &Actor, scope: Scope, name: &str) -> Credentials {
    engine
        .write(who, |cx| {
            cx.create_credentials(scope, &aws_fields(name, "s3cr3t"))
        })
        .expect("create credentials")
}

pub fn env_fields(name: &str, platform: Platform, credentials: Option<&str>) -> ComputeEnvFields {
    ComputeEnvFields {
        name: name.into(),
        description: String::new(),
        platform,
        credentials_id: credentials.map(str::to_string),
        work_dir: "/scratch/work".into(),
        region: None,
        label_ids: vec![],
    }
}

/// A local-platform compute environment (it needs no credentials).
pub fn local_env(engine: &mut Engine, who: &Actor, scope: Scope, name: &str) -> ComputeEnv {
    engine
        .write(who, |cx| {
            cx.create_compute_env(scope, &env_fields(name, Platform::Local, None))
        })
        .expect("create compute env")
}

pub fn make_primary(engine: &mut Engine, who: &Actor, scope: Scope, id: &str) -> ComputeEnv {
    engine
        .write(who, |cx| cx.make_primary(scope, id))
        .expect("make primary")
}

pub fn pipeline_fields(name: &str) -> PipelineFields {
    PipelineFields {
        name: name.into(),
        repository: "https://github.com/nf-core/rnaseq".into(),
        revision: Some("3.14.0".into()),
        profiles: vec!["docker".into()],
        params: "outdir: results\n".into(),
        ..Default::default()
    }
}

pub fn pipeline(
    engine: &mut Engine,
    who: &Actor,
    scope: Scope,
    name: &str,
    compute_env: Option<&str>,
) -> Pipeline {
    let mut fields = pipeline_fields(name);
    fields.compute_env_id = compute_env.map(str::to_string);
    engine
        .write(who, |cx| cx.create_pipeline(scope, &fields))
        .expect("create pipeline")
}

pub fn launch(engine: &mut Engine, who: &Actor, scope: Scope, request: LaunchRequest) -> Run {
    engine
        .write(who, |cx| cx.launch(scope, &request))
        .expect("launch")
}

/// The lab with a primary local compute env and a pipeline `rnaseq` ready to launch.
pub fn launch_lab() -> (Lab, ComputeEnv, Pipeline) {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let env = local_env(&mut lab.engine, &lab.ana, scope, "local");
    let env = make_primary(&mut lab.engine, &lab.ana, scope, &env.id);
    let p = pipeline(&mut lab.engine, &lab.ana, scope, "rnaseq", None);
    (lab, env, p)
}

pub fn simple_label(engine: &mut Engine, who: &Actor, scope: Scope, name: &str) -> Label {
    engine
        .write(who, |cx| cx.create_label(scope, &LabelFields::simple(name)))
        .expect("create label")
}

pub fn resource_label(
    engine: &mut Engine,
    who: &Actor,
    scope: Scope,
    key: &str,
    value: &str,
) -> Label {
    engine
        .write(who, |cx| {
            cx.create_label(scope, &LabelFields::resource(key, value, false))
        })
        .expect("create resource label")
}

/// Audit rows whose action is `action` (operator view).
pub fn audit_actions(engine: &Engine, op: &Actor, action: &str) -> Vec<AuditEntry> {
    engine
        .read(op, |cx| cx.list_audit(&Page::all()))
        .expect("audit")
        .items
        .into_iter()
        .filter(|e| e.action == action)
        .collect()
}

pub const HOUR_MS: i64 = 3_600_000;
pub const GIB: i64 = 1 << 30;

/// A task that ran to the end for `hours` on `cpus` CPUs with a peak of `gib` GiB.
pub fn finished_task(task_id: i64, hours: i64, cpus: i32, gib: i64) -> Task {
    Task {
        task_id,
        status: Some(TaskState::Completed),
        process: Some("ALIGN".into()),
        cpus: Some(cpus),
        realtime: Some(hours * HOUR_MS),
        peak_rss: Some(gib * GIB),
        ..Default::default()
    }
}
