//! A write whose connection is lost at its COMMIT, on PostgreSQL: the client cannot know from
//! the connection whether the commit happened, so the engine asks the server on a new one and
//! tells the truth. "Nothing was changed" when something was would make an admin retry a
//! create and be told it exists; "saved" when nothing was would lose the change.

use crate::cut_proxy::{Cut, CutProxy};
use crate::pg_support;
use crate::support::{OPERATOR, org_fields};
use nfdeck::domain::*;
use nfdeck::engine::{Actor, Engine};
use std::time::{Duration, Instant};

/// An engine whose connection goes through a proxy that can cut it, and the operator.
fn engine_behind_proxy() -> Option<(CutProxy, Engine, Actor)> {
    let url = pg_support::database()?;
    let proxy = CutProxy::start(&url);
    let mut engine = Engine::open_postgres(proxy.url(), None).unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    Some((proxy, engine, op))
}

fn org_names(engine: &Engine, op: &Actor) -> Vec<String> {
    let orgs = engine.read(op, |cx| cx.list_orgs()).expect("reads again");
    orgs.into_iter().map(|o| o.name).collect()
}

#[test]
fn a_commit_carried_out_whose_answer_is_lost_is_reported_saved() {
    let Some((proxy, mut engine, op)) = engine_behind_proxy() else {
        return;
    };
    proxy.cut_next_commit(Cut::AfterCommitAnswered);
    let created = engine.write(&op, |cx| cx.create_org(&org_fields("saved", Tier::Pro)));
    assert!(
        proxy.has_cut(),
        "the proxy cut the connection at the COMMIT"
    );
    let org = created.expect("the server committed: the write succeeded");
    assert_eq!(org.name, "saved");
    assert_eq!(org_names(&engine, &op), ["saved"]);
}

#[test]
fn a_commit_that_never_reached_the_server_changed_nothing() {
    let Some((proxy, mut engine, op)) = engine_behind_proxy() else {
        return;
    };
    proxy.cut_next_commit(Cut::BeforeCommit);
    let created = engine.write(&op, |cx| cx.create_org(&org_fields("lost", Tier::Pro)));
    assert!(proxy.has_cut());
    let err = created.expect_err("the COMMIT never arrived");
    assert_eq!(err.kind, ErrorKind::Busy, "{err}");
    assert!(err.message.contains("nothing was changed"), "{err}");
    assert!(org_names(&engine, &op).is_empty());
    engine
        .write(&op, |cx| cx.create_org(&org_fields("lost", Tier::Pro)))
        .expect("trying again succeeds");
}

/// After a network cut the server may not see the connection close for minutes, and its
/// transaction holds the write lock all that time: every write from every replica would wait.
/// The engine ends that session itself, learns that nothing was committed, and writes go on.
#[test]
fn a_commit_cut_off_from_a_server_still_waiting_ends_that_session_and_changed_nothing() {
    let Some((proxy, mut engine, op)) = engine_behind_proxy() else {
        return;
    };
    proxy.cut_next_commit(Cut::HoldingTheServer);
    let started = Instant::now();
    let created = engine.write(&op, |cx| cx.create_org(&org_fields("held", Tier::Pro)));
    assert!(proxy.has_cut());
    let err = created.expect_err("the COMMIT never arrived");
    assert!(err.message.contains("nothing was changed"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    engine
        .write(&op, |cx| cx.create_org(&org_fields("next", Tier::Pro)))
        .expect("the write lock was released");
    assert_eq!(org_names(&engine, &op), ["next"]);
}

/// The server cannot be reached to ask: the engine says it does not know, and does not claim
/// that nothing changed.
#[test]
fn a_commit_whose_outcome_cannot_be_learned_says_so() {
    let Some((proxy, mut engine, op)) = engine_behind_proxy() else {
        return;
    };
    proxy.cut_next_commit(Cut::AfterCommitAnswered);
    proxy.refuse_new_connections();
    let created = engine.write(&op, |cx| cx.create_org(&org_fields("unknown", Tier::Pro)));
    assert!(proxy.has_cut());
    let err = created.expect_err("the outcome is unknown");
    assert_eq!(err.kind, ErrorKind::Busy, "{err}");
    assert!(!err.message.contains("nothing was changed"), "{err}");
    assert!(err.message.contains("whether it was saved"), "{err}");
}

/// The same stall when it is another replica whose machine was lost mid-write: no one is left
/// to end its session, so the server does, after 30 seconds idle in its transaction (its
/// default is never, and its TCP keepalive notices a vanished client after two hours). An
/// operator's URL may ask for another limit.
#[test]
fn every_connection_asks_the_server_to_end_it_after_30_seconds_idle_in_a_transaction() {
    let Some(url) = pg_support::database() else {
        return;
    };
    let limit = |url: &str| -> String {
        let mut engine = Engine::open_postgres(url, None).unwrap();
        let sql = "SHOW idle_in_transaction_session_timeout";
        engine
            .connection()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(limit(&url), "30s");
    // The helper's URL ends with its `options='…'`.
    let asked = format!(
        "{} -c idle_in_transaction_session_timeout=45s'",
        url.trim_end_matches('\'')
    );
    assert_eq!(limit(&asked), "45s");
}
