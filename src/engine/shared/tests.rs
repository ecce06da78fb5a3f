use super::*;
use crate::domain::{ErrorKind, NewUser, Page};
use std::sync::atomic::{AtomicUsize, Ordering};

fn operator(shared: &SharedEngine) -> impl Future<Output = Actor> {
    let shared = shared.clone();
    async move { shared.run(|e| e.operator("root@lab.test")).await.unwrap() }
}

fn new_user(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        ..Default::default()
    }
}

async fn emails(shared: &SharedEngine, actor: &Actor) -> Vec<String> {
    let page = Page::all();
    shared
        .read(actor.clone(), move |cx| cx.list_users(&page))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|u| u.email)
        .collect()
}

/// Keeps the writer busy until the sender is used: writes sent meanwhile queue up and are
/// committed as one group once it is released.
async fn hold_writer(
    shared: &SharedEngine,
) -> (
    std::sync::mpsc::Sender<()>,
    tokio::task::JoinHandle<Result<()>>,
) {
    let (release, held) = std::sync::mpsc::channel::<()>();
    let (started, holds) = tokio::sync::oneshot::channel::<()>();
    let holding = tokio::spawn({
        let shared = shared.clone();
        async move {
            shared
                .run(move |_| {
                    let _ = started.send(());
                    let _ = held.recv();
                    Ok(())
                })
                .await
        }
    });
    holds.await.unwrap();
    (release, holding)
}

#[tokio::test]
async fn a_panicking_call_fails_and_the_engine_keeps_serving() {
    let shared = SharedEngine::new(Engine::open_in_memory().unwrap());
    let failed = shared
        .run(|_| -> Result<()> { panic!("a bug in a call") })
        .await
        .unwrap_err();
    assert!(failed.to_string().contains("panicked"), "{failed}");
    let label = shared.run(|e| Ok(e.path().is_none())).await.unwrap();
    assert!(label, "the engine still answers after a panic");
}

#[tokio::test]
async fn calls_from_many_tasks_all_get_their_own_answer() {
    let shared = SharedEngine::new(Engine::open_in_memory().unwrap());
    let calls = (0..64).map(|i| {
        let shared = shared.clone();
        tokio::spawn(async move { shared.run(move |_| Ok(i * 2)).await })
    });
    for (i, call) in calls.enumerate() {
        assert_eq!(call.await.unwrap().unwrap(), i * 2);
    }
}

/// Writes queued together are committed together; one that fails (bad input) or panics changes
/// nothing and gets its own error, and the others are committed with their own answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_write_in_a_group_fails_alone() {
    let shared = SharedEngine::new(Engine::open_in_memory().unwrap());
    let root = operator(&shared).await;
    // Hold the writer so that every write below queues up and forms one group.
    let (release, holding) = hold_writer(&shared).await;
    let writes: Vec<_> = (0..30)
        .map(|i| {
            let (shared, root) = (shared.clone(), root.clone());
            tokio::spawn(async move {
                shared
                    .write(root, move |cx| match i % 10 {
                        3 => cx.create_user(&new_user("not an email")),
                        7 => {
                            cx.create_user(&new_user(&format!("gone{i}@lab.test")))?;
                            panic!("a bug after a change")
                        }
                        _ => cx.create_user(&new_user(&format!("user{i}@lab.test"))),
                    })
                    .await
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    release.send(()).unwrap();
    holding.await.unwrap().unwrap();
    for (i, write) in writes.into_iter().enumerate() {
        let outcome = write.await.unwrap();
        match i % 10 {
            3 => assert_eq!(outcome.unwrap_err().kind, ErrorKind::Invalid),
            7 => assert!(outcome.unwrap_err().to_string().contains("panicked")),
            _ => assert_eq!(outcome.unwrap().email, format!("user{i}@lab.test")),
        }
    }
    let emails = emails(&shared, &root).await;
    for i in 0..30 {
        let kept = emails.contains(&format!("user{i}@lab.test"));
        assert_eq!(kept, !matches!(i % 10, 3 | 7), "user{i}: {emails:?}");
        assert!(!emails.contains(&format!("gone{i}@lab.test")), "{emails:?}");
    }
}

/// With readers, a read that starts after a write was answered sees it, whichever task wrote:
/// the readers are other connections to the file, each read a snapshot taken when it starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_on_readers_see_every_answered_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nfdeck.db");
    let writer = Engine::open(&path).unwrap();
    let shared = SharedEngine::new(writer).with_readers({
        let path = path.clone();
        move || Engine::open_reader(&path)
    });
    let root = operator(&shared).await;
    let tasks: Vec<_> = (0..4)
        .map(|t| {
            let (shared, root) = (shared.clone(), root.clone());
            tokio::spawn(async move {
                for i in 0..25 {
                    let email = format!("t{t}-{i}@lab.test");
                    let user = new_user(&email);
                    shared
                        .write(root.clone(), move |cx| cx.create_user(&user))
                        .await
                        .unwrap();
                    let seen = emails(&shared, &root).await;
                    assert!(seen.contains(&email), "{email} missing after its write");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    // 100 users and the operator, read on a reader.
    assert_eq!(emails(&shared, &root).await.len(), 101);
}

/// Reads that block (PostgreSQL's) free their worker for more reads, but never open more than
/// the limit of readers: the others wait for one and then succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_readers_stay_within_their_limit() {
    let (shared, opened, _dir) = counted_blocking_readers(2);
    let root = operator(&shared).await;
    let reads: Vec<_> = (0..8)
        .map(|_| {
            let (shared, root) = (shared.clone(), root.clone());
            tokio::spawn(async move {
                shared
                    .read(root, |cx| {
                        // Long enough for the eight reads to overlap.
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        cx.list_users(&Page::all())
                    })
                    .await
            })
        })
        .collect();
    for read in reads {
        assert_eq!(read.await.unwrap().unwrap().items.len(), 1);
    }
    let opened = opened.load(Ordering::SeqCst);
    assert!(opened <= 2, "{opened} readers opened for a limit of 2");
}

/// A database file with blocking readers up to `limit`, and how many readers were opened.
fn counted_blocking_readers(limit: usize) -> (SharedEngine, Arc<AtomicUsize>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nfdeck.db");
    let opened = Arc::new(AtomicUsize::new(0));
    let shared = SharedEngine::new(Engine::open(&path).unwrap()).with_blocking_readers(limit, {
        let opened = opened.clone();
        move || {
            opened.fetch_add(1, Ordering::SeqCst);
            Engine::open_reader(&path)
        }
    });
    (shared, opened, dir)
}

/// A server opens its blocking readers at start: reads then never wait for a connection to be
/// opened (on PostgreSQL a new one costs tens of milliseconds on its first reads), and a reader
/// that cannot be opened fails the start, not a request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_readers_are_all_opened_before_the_first_read() {
    let (shared, opened, dir) = counted_blocking_readers(3);
    shared.open_readers().unwrap();
    assert_eq!(opened.load(Ordering::SeqCst), 3);
    let root = operator(&shared).await;
    for _ in 0..10 {
        shared
            .read(root.clone(), |cx| cx.list_users(&Page::all()))
            .await
            .unwrap();
    }
    assert_eq!(
        opened.load(Ordering::SeqCst),
        3,
        "no reader opened on demand"
    );

    let missing = dir.path().join("missing.db");
    let refused = SharedEngine::new(Engine::open_in_memory().unwrap())
        .with_blocking_readers(2, move || Engine::open_reader(&missing));
    assert!(refused.open_readers().is_err());
}

#[test]
fn a_reader_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nfdeck.db");
    let mut writer = Engine::open(&path).unwrap();
    let root = writer.operator("root@lab.test").unwrap();
    let mut reader = Engine::open_reader(&path).unwrap();
    let refused = reader
        .write(&root, |cx| cx.create_user(&new_user("ana@lab.test")))
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Internal, "{refused}");
}

/// In one group, a progress write learns the caller's role once; a write that takes the role
/// away before the caller's next progress write in the same group is seen by that write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_taken_away_within_a_group_is_seen_by_the_next_progress_write() {
    use crate::domain::{
        OrgFields, ParticipantRef, ParticipantRole, Permission, Scope, WorkspaceFields, WspRole,
    };
    let mut engine = Engine::open_in_memory().unwrap();
    let root = engine.operator("root@lab.test").unwrap();
    let (org, ws, participant) = engine
        .write(&root, |cx| {
            cx.create_user(&new_user("ana@lab.test"))?;
            let org = cx.create_org_owned_by(
                &OrgFields {
                    name: "lab".into(),
                    full_name: "The lab".into(),
                    ..Default::default()
                },
                "root@lab.test",
            )?;
            cx.add_member(org.id, "ana@lab.test")?;
            let ws = cx.create_workspace(
                org.id,
                &WorkspaceFields {
                    name: "wgs".into(),
                    full_name: "Genomes".into(),
                    ..Default::default()
                },
            )?;
            let who = ParticipantRef::UserNameOrEmail("ana@lab.test".into());
            let role = Some(ParticipantRole::BuiltIn(WspRole::Launch));
            let participant = cx.add_participant(org.id, ws.id, &who, role)?;
            Ok((org.id, ws.id, participant.id))
        })
        .unwrap();
    let ana = engine.act_as("ana@lab.test").unwrap();
    let shared = SharedEngine::new(engine);
    // Hold the writer so that the three writes below queue up, in order, as one group.
    let (release, holding) = hold_writer(&shared).await;
    let may_launch = move |cx: &Ctx| {
        cx.require_scope(Scope::Workspace(ws), Permission::LaunchPipelines)
            .map(drop)
    };
    let mut before = Box::pin(shared.write_run_progress(ana.clone(), may_launch));
    assert!(futures::poll!(&mut before).is_pending());
    let mut removal = Box::pin(shared.write(root.clone(), move |cx| {
        cx.remove_participant(org, ws, participant)
    }));
    assert!(futures::poll!(&mut removal).is_pending());
    let mut after = Box::pin(shared.write_run_progress(ana.clone(), may_launch));
    assert!(futures::poll!(&mut after).is_pending());
    release.send(()).unwrap();
    holding.await.unwrap().unwrap();
    before
        .await
        .expect("ana launches while she is a participant");
    removal.await.expect("root removes ana");
    let refused = after.await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::NotFound, "{refused}");
}
