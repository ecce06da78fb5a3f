//! Builders for engine tests: an in-memory engine, users, an org with members, workspaces.

#![allow(dead_code)]

use nfdeck::domain::*;
use nfdeck::engine::{Actor, Ctx, Engine};

pub const OPERATOR: &str = "root@localhost.test";

/// A fresh engine and its operator.
pub fn engine() -> (Engine, Actor) {
    let mut engine = Engine::open_in_memory().expect("in-memory engine");
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
                Some(role),
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
