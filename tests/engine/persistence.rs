use crate::support::OPERATOR;
use nfdeck::domain::*;
use nfdeck::engine::{Engine, store};

#[test]
fn a_reopened_database_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/nfdeck.db");
    let org_id = {
        let mut engine = Engine::open(&path).unwrap();
        let op = engine.operator(OPERATOR).unwrap();
        let org = engine
            .write(&op, |cx| {
                cx.create_org(&OrgFields {
                    name: "biolab".into(),
                    full_name: "Bio Lab".into(),
                    tier: Tier::Pro,
                    ..Default::default()
                })
            })
            .unwrap();
        engine
            .write(&op, |cx| {
                cx.create_workspace(
                    org.id,
                    &WorkspaceFields {
                        name: "ws".into(),
                        full_name: "WS".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        org.id
    };
    let mut engine = Engine::open(&path).unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    let org = engine.read(&op, |cx| cx.get_org(org_id)).unwrap();
    assert_eq!((org.name.as_str(), org.tier), ("biolab", Tier::Pro));
    assert_eq!(
        engine
            .read(&op, |cx| cx.list_org_workspaces(org_id))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store::schema_version(engine.connection()).unwrap() as usize,
        store::schema::MIGRATIONS.len()
    );
}

/// Foreign keys are enforced, and a commit waits for its log to reach the disk (WAL,
/// `synchronous` 2 = FULL): an answered write survives a crash of the machine, not only of
/// the process.
#[test]
fn foreign_keys_wal_and_full_sync_are_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(&dir.path().join("x.db")).unwrap();
    let conn = engine.connection();
    let number = |name: &str| -> i64 {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    };
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let settings = (number("foreign_keys"), mode.as_str(), number("synchronous"));
    assert_eq!(settings, (1, "wal", 2));
}

#[test]
fn a_database_from_a_newer_nfdeck_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    {
        let mut engine = Engine::open(&path).unwrap();
        engine
            .connection()
            .execute_batch("PRAGMA user_version = 999")
            .unwrap();
    }
    let err = Engine::open(&path).err().expect("refused");
    assert!(err.message.contains("newer nfdeck"), "{err}");
}

/// `serve` runs SQLite's WAL checkpoints on a thread beside its writer, so that a commit seldom
/// waits for one. The WAL must still start again from its beginning as the writer goes on
/// without pause: a checkpoint beside a busy writer never catches up with it, and the WAL
/// would grow by every page of every commit, without end (51 MB here, when the writer left
/// all checkpoints to the thread).
#[test]
fn a_busy_writer_with_checkpoints_beside_it_keeps_its_wal_small() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nfdeck.db");
    let mut engine = Engine::open(&path).unwrap();
    engine.checkpoint_in_background().unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    let wal = dir.path().join("nfdeck.db-wal");
    let mut largest = 0;
    for n in 0..1_500 {
        engine
            .write(&op, |cx| {
                cx.create_org(&OrgFields {
                    name: format!("lab{n}"),
                    full_name: format!("Laboratory number {n}"),
                    description: "y".repeat(900),
                    tier: Tier::Pro,
                    ..Default::default()
                })
            })
            .unwrap();
        largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
    }
    let orgs = engine.read(&op, |cx| cx.list_orgs()).unwrap();
    assert_eq!(orgs.len(), 1_500);
    // The writer checkpoints past 1,000 pages (4 MB), but skips a turn whenever the thread
    // beside it is checkpointing: a few turns late is 5-6 MB on a busy machine (seen in
    // CI); never restarting is 51 MB.
    assert!(largest < 16 << 20, "the WAL grew to {largest} bytes");
}
