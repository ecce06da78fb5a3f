//! What only PostgreSQL does: opening by URL, migrations that run once, refusing a newer schema
//! or an unreachable server, two engines (two replicas) on one database. Skipped, saying how to
//! enable them, where PostgreSQL is not installed (a failure in CI).

use crate::pg_support;
use crate::support::{OPERATOR, org_fields};
use nfdeck::domain::*;
use nfdeck::engine::{Engine, store};

#[test]
fn a_postgres_url_opens_the_database_with_the_whole_schema() {
    let Some(url) = pg_support::database() else {
        return;
    };
    let mut engine = Engine::open_postgres(&url, None).unwrap();
    assert_eq!(
        store::schema_version(engine.connection()).unwrap() as usize,
        store::pg_schema::MIGRATIONS.len()
    );
    let op = engine.operator(OPERATOR).unwrap();
    let org = engine
        .write(&op, |cx| cx.create_org(&org_fields("biolab", Tier::Pro)))
        .unwrap();
    drop(engine);
    // Reopened: nothing migrates again, everything is there.
    let mut engine = Engine::open_postgres(&url, None).unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    let again = engine.read(&op, |cx| cx.get_org(org.id)).unwrap();
    assert_eq!(again.name, "biolab");
}

#[test]
fn engines_opened_together_migrate_once() {
    let Some(url) = pg_support::database() else {
        return;
    };
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || Engine::open_postgres(&url, None).map(|_| ()))
        })
        .collect();
    for t in threads {
        t.join().unwrap().expect("every replica opens");
    }
    let mut engine = Engine::open_postgres(&url, None).unwrap();
    assert_eq!(
        store::schema_version(engine.connection()).unwrap() as usize,
        store::pg_schema::MIGRATIONS.len()
    );
}

#[test]
fn a_database_from_a_newer_nfdeck_is_refused() {
    let Some(url) = pg_support::database() else {
        return;
    };
    {
        let mut engine = Engine::open_postgres(&url, None).unwrap();
        engine
            .connection()
            .execute_batch("UPDATE nfdeck_schema SET version = 999")
            .unwrap();
    }
    let err = Engine::open_postgres(&url, None).err().expect("refused");
    assert!(err.message.contains("newer nfdeck"), "{err}");
}

#[test]
fn an_unreachable_server_or_missing_database_is_a_clear_error() {
    let Some(url) = pg_support::database() else {
        return;
    };
    let missing = url.replace("dbname=", "dbname=missing_");
    let err = Engine::open_postgres(&missing, None)
        .err()
        .expect("refused");
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(
        err.message.contains("cannot connect to PostgreSQL"),
        "{err}"
    );
    assert!(err.message.contains("does not exist"), "{err}");
    let err = Engine::open_postgres("host=/nonexistent/socket dbname=x", None)
        .err()
        .expect("refused");
    assert!(
        err.message.contains("cannot connect to PostgreSQL"),
        "{err}"
    );
    let err = Engine::open(std::path::Path::new("postgres://nobody@127.0.0.1:1/x"))
        .err()
        .expect("refused");
    assert!(
        err.message.contains("NFDECK_KEY_FILE") || err.message.contains("cannot connect"),
        "{err}"
    );
}

/// Two engines on one database behave as one store: a write through one is read through the
/// other at once, and writes through both, interleaved, all land.
#[test]
fn two_engines_on_one_database_see_each_others_writes() {
    let Some(url) = pg_support::database() else {
        return;
    };
    let mut a = Engine::open_postgres(&url, None).unwrap();
    let mut b = Engine::open_postgres(&url, None).unwrap();
    let op_a = a.operator(OPERATOR).unwrap();
    let op_b = b.operator(OPERATOR).unwrap();
    assert_eq!(op_a.user_id, op_b.user_id, "one operator, created once");
    let org = a
        .write(&op_a, |cx| cx.create_org(&org_fields("shared", Tier::Pro)))
        .unwrap();
    assert_eq!(
        b.read(&op_b, |cx| cx.get_org(org.id)).unwrap().name,
        "shared"
    );

    let writers: Vec<_> = [("a", url.clone()), ("b", url.clone())]
        .into_iter()
        .map(|(name, url)| {
            std::thread::spawn(move || {
                let mut engine = Engine::open_postgres(&url, None).unwrap();
                let op = engine.operator(OPERATOR).unwrap();
                for i in 0..20 {
                    engine
                        .write(&op, |cx| {
                            cx.create_workspace(
                                org.id,
                                &WorkspaceFields {
                                    name: format!("{name}{i}"),
                                    full_name: format!("{name} {i}"),
                                    ..Default::default()
                                },
                            )
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let names: Vec<String> = b
        .read(&op_b, |cx| cx.list_workspaces())
        .unwrap()
        .into_iter()
        .filter(|w| w.full_name.starts_with("a ") || w.full_name.starts_with("b "))
        .map(|w| w.name)
        .collect();
    assert_eq!(names.len(), 40, "{names:?}");
}

/// A connection the server dropped (a restart, a failover) is found dead at its next use. A
/// call that has sent nothing yet starts again on a new connection and succeeds; a write
/// caught in the middle fails as `Busy` (503 over HTTP: nothing was changed, try again),
/// changes nothing, and the next call reconnects.
#[test]
fn a_lost_connection_is_reopened_and_a_write_caught_in_it_is_busy() {
    let Some(url) = pg_support::database() else {
        return;
    };
    let mut engine = Engine::open_postgres(&url, None).unwrap();
    let op = engine.operator(OPERATOR).unwrap();
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut terminate = |pid: i32| {
        admin
            .execute("SELECT pg_terminate_backend($1)", &[&pid])
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
    };

    // Dropped between calls: the next write and the next read each start on a new one.
    terminate(backend_pid(&mut engine));
    let org = engine
        .write(&op, |cx| {
            cx.create_org(&org_fields("after-restart", Tier::Pro))
        })
        .expect("a write starts again on a new connection");
    terminate(backend_pid(&mut engine));
    let read = engine
        .read(&op, |cx| cx.get_org(org.id))
        .expect("a read too");
    assert_eq!(read.name, "after-restart");

    // Dropped in the middle of a write.
    let pid = backend_pid(&mut engine);
    let caught = engine.write(&op, |cx| {
        cx.create_org(&org_fields("caught", Tier::Pro))?;
        terminate(pid);
        cx.create_org(&org_fields("caught-too", Tier::Pro))
    });
    let err = caught.expect_err("the write in progress on the dropped connection fails");
    assert_eq!(err.kind, ErrorKind::Busy, "{err}");
    assert!(err.message.contains("try again"), "{err}");
    let names: Vec<String> = engine
        .read(&op, |cx| cx.list_orgs())
        .expect("reconnected")
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["after-restart"]);
}

/// A prepared statement is prepared again after a thousand uses, so that PostgreSQL plans it
/// again for the tables as they have grown: a plan made while a table was nearly empty reads
/// it whole, and Nextflow's progress calls were paying that on every report.
#[test]
fn a_much_used_statement_is_prepared_again() {
    let Some(url) = pg_support::database() else {
        return;
    };
    let mut engine = Engine::open_postgres(&url, None).unwrap();
    let db = engine.connection();
    let probe = "SELECT count(*) FROM users WHERE id = ?1 AND 'reprepare-probe' <> ''";
    for n in 0..2_500_i64 {
        let found: i64 = db
            .query_row(probe, store::db::params![n], |r| r.get(0))
            .unwrap();
        assert!(found <= 1);
    }
    let uses: i64 = db
        .query_row(
            "SELECT COALESCE(max(generic_plans + custom_plans), 0) FROM pg_prepared_statements
              WHERE statement LIKE '%reprepare-probe%' AND statement NOT LIKE '%pg_prepared%'",
            store::db::params![],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        (1..=1_000).contains(&uses),
        "the statement prepared now has run {uses} times of 2,500"
    );
}

/// A read's ROLLBACK is sent without waiting for its answer: the server must still have ended
/// the transaction when the read returns (a connection left idle in a transaction holds its
/// snapshot, keeps vacuum from cleaning up after every write, and would read old data next),
/// and the next read on the same connection sees what was written meanwhile.
#[test]
fn a_finished_read_leaves_no_transaction_open_and_the_next_read_is_fresh() {
    let Some(url) = pg_support::database() else {
        return;
    };
    let mut writer = Engine::open_postgres(&url, None).unwrap();
    let op = writer.operator(OPERATOR).unwrap();
    let mut reader = Engine::open_postgres(&url, None).unwrap();
    let pid = backend_pid(&mut reader);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let orgs = |reader: &Engine| reader.read(&op, |cx| cx.list_orgs()).unwrap().len();
    for round in 0..3 {
        let before = orgs(&reader);
        // The ROLLBACK reaches the server at once; give it the time to act on it.
        let mut state = String::new();
        for _ in 0..50 {
            let row = admin
                .query_one("SELECT state FROM pg_stat_activity WHERE pid = $1", &[&pid])
                .unwrap();
            state = row.get(0);
            if state == "idle" {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(state, "idle", "after read {round}");
        writer
            .write(&op, |cx| {
                cx.create_org(&org_fields(&format!("lab{round}"), Tier::Pro))
            })
            .unwrap();
        assert_eq!(orgs(&reader), before + 1, "read {round} again");
    }
}

/// The PostgreSQL server process behind an engine's connection.
fn backend_pid(engine: &mut Engine) -> i32 {
    let pid: i64 = engine
        .connection()
        .query_row("SELECT pg_backend_pid()", [], |r| r.get(0))
        .unwrap();
    pid as i32
}
