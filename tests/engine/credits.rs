use crate::support::*;
use nfdeck::domain::credits::MAX_CREDITS;
use nfdeck::domain::*;

/// The lab with `balance` credits, a primary Seqera Compute env and pipeline `rnaseq`.
fn seqera_lab(balance: f64) -> (Lab, Pipeline) {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let org = lab.org.id;
    lab.engine
        .write(&lab.op, |cx| cx.set_org_credits(org, c(balance)))
        .unwrap();
    let env = seqera_env(&mut lab, scope);
    let p = pipeline(&mut lab.engine, &lab.ana, scope, "rnaseq", Some(&env.id));
    (lab, p)
}

fn seqera_env(lab: &mut Lab, scope: Scope) -> ComputeEnv {
    let creds = CredentialsFields {
        name: "seqera".into(),
        provider: Some(Provider::SeqeraCompute),
        keys: [("accessKey".to_string(), "A".to_string())].into(),
        secrets: [("secretKey".to_string(), SecretString::from("s"))].into(),
        ..Default::default()
    };
    let creds = lab
        .engine
        .write(&lab.ana, |cx| cx.create_credentials(scope, &creds))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.create_compute_env(
                scope,
                &env_fields("seqera", Platform::SeqeraCompute, Some(&creds.id)),
            )
        })
        .unwrap()
}

/// Launches `p` in `scope` and reports usage costing `credits`.
fn spend(lab: &mut Lab, scope: Scope, p: &Pipeline, credits: f64) -> Run {
    let run = launch(&mut lab.engine, &lab.ana, scope, LaunchRequest::new(p.id));
    lab.engine
        .write(&lab.ana, |cx| {
            cx.trace_begin(scope, &run.id, &TraceBegin::default())?;
            cx.trace_progress(
                scope,
                &run.id,
                &TraceProgress {
                    counters: TaskCounters::default(),
                    cpu_hours: credits / 0.1,
                    memory_gib_hours: 0.0,
                },
            )
        })
        .unwrap()
}

fn billing(lab: &Lab) -> OrgBilling {
    lab.engine
        .read(&lab.ana, |cx| cx.org_billing(lab.org.id))
        .unwrap()
}

/// An exact amount of credits, as a user would give it.
fn c(credits: f64) -> Credits {
    Credits::amount("test", credits).unwrap()
}

#[test]
fn only_the_operator_sets_the_balance() {
    let mut lab = lab();
    let org = lab.org.id;
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_org_credits(org, c(1e6))
    });
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(
        err.message,
        "only the operator may set an org's credit balance (credits are billing)"
    );
    let b = lab
        .engine
        .write(&lab.op, |cx| cx.set_org_credits(org, c(500.0)))
        .unwrap();
    assert_eq!(b.balance, c(500.0));
    assert_eq!(b.unallocated, c(500.0));
    let err = write_err(&mut lab.engine, &lab.op, |cx| {
        cx.set_org_credits(org, Credits::from_cents(-100))
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(
        audit_actions(&lab.engine, &lab.op, "credits.balance").len(),
        1
    );
}

#[test]
fn spend_is_the_cost_of_seqera_compute_runs() {
    let (mut lab, p) = seqera_lab(100.0);
    let scope = lab_scope(&lab);
    spend(&mut lab, scope, &p, 12.5);
    // Runs on other platforms cost credits in the estimate but are not Seqera spend.
    let local = local_env(&mut lab.engine, &lab.ana, scope, "local");
    let run = launch(
        &mut lab.engine,
        &lab.ana,
        scope,
        LaunchRequest::new(p.id).on(local.id.clone()),
    );
    lab.engine
        .write(&lab.ana, |cx| {
            cx.trace_begin(scope, &run.id, &TraceBegin::default())?;
            cx.trace_progress(
                scope,
                &run.id,
                &TraceProgress {
                    cpu_hours: 1000.0,
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let viewer = with_role(&mut lab, "viewer@example.org", WspRole::View);
    let mine = lab
        .engine
        .read(&viewer, |cx| cx.workspace_credits(scope))
        .unwrap();
    assert_eq!(mine.org_balance, c(100.0));
    assert_eq!(mine.spend, c(12.5));
    assert_eq!(mine.allocation, None);
    assert_eq!(mine.available, c(87.5));
    let err = read_err(&lab.engine, &lab.ben, |cx| cx.workspace_credits(scope));
    assert_eq!(err.kind, ErrorKind::NotFound, "no role in the workspace");
    let err = read_err(&lab.engine, &lab.ana, |cx| {
        cx.workspace_credits(Scope::Personal)
    });
    assert_eq!(
        err.message,
        "workspace '~ana' is personal: Seqera Compute credits belong to an organization"
    );
}

#[test]
fn allocations_respect_the_pool_and_the_spend() {
    let (mut lab, p) = seqera_lab(100.0);
    let scope = lab_scope(&lab);
    let org = lab.org.id;
    let ws = lab.ws.id;
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    spend(&mut lab, scope, &p, 10.0);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_allocation(org, ws, Some(c(5.0)))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "org 'biolab': the allocation of workspace 'lab' cannot be 5.00: it has already spent 10.00"
    );
    let b = lab
        .engine
        .write(&lab.ana, |cx| cx.set_allocation(org, ws, Some(c(40.0))))
        .unwrap();
    assert_eq!(b.unallocated, c(60.0), "{}", b.unallocated);
    assert_eq!(b.allocated, c(40.0));
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_allocation(org, other.id, Some(c(60.01)))
    });
    assert!(
        err.message
            .contains("more credits than org 'biolab' has unallocated (60.00)"),
        "{err}"
    );
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_allocation(org, other.id, Some(c(60.0)))
        })
        .unwrap();
    let mine = lab
        .engine
        .read(&lab.ana, |cx| cx.workspace_credits(scope))
        .unwrap();
    assert_eq!(mine.allocation, Some(c(40.0)));
    assert_eq!(mine.available, c(30.0));
    // Removing an allocation returns what is left of it to the pool.
    let b = lab
        .engine
        .write(&lab.ana, |cx| cx.set_allocation(org, ws, None))
        .unwrap();
    assert_eq!(b.unallocated, c(30.0), "{}", b.unallocated);
    assert_eq!(
        audit_actions(&lab.engine, &lab.op, "credits.allocate").len(),
        3
    );
    // The operator cannot lower the balance below what is committed.
    let err = write_err(&mut lab.engine, &lab.op, |cx| {
        cx.set_org_credits(org, c(50.0))
    });
    assert!(
        err.message.contains("70.00 credits allocated or spent"),
        "{err}"
    );
}

#[test]
fn only_org_owners_allocate_and_transfer() {
    let (mut lab, _p) = seqera_lab(100.0);
    let org = lab.org.id;
    let ws = lab.ws.id;
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    let admin = with_role(&mut lab, "admin@example.org", WspRole::Admin);
    for who in [&lab.ben.clone(), &admin] {
        let err = write_err(&mut lab.engine, who, |cx| {
            cx.set_allocation(org, ws, Some(c(1.0)))
        });
        assert_eq!(err.kind, ErrorKind::Forbidden);
        assert_eq!(
            err.message,
            "only owners of org 'biolab' may allocate credits"
        );
        let err = write_err(&mut lab.engine, who, |cx| {
            cx.transfer_credits(org, ws, other.id, c(1.0))
        });
        assert_eq!(
            err.message,
            "only owners of org 'biolab' may transfer credits"
        );
    }
    // The org's billing view (every workspace's spend, private ones included) is for org
    // owners, as the README says: members and collaborators are refused.
    let err = read_err(&lab.engine, &lab.ben, |cx| cx.org_billing(org));
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(
        err.message,
        "only owners of org 'biolab' may see the org's billing view"
    );
    let b = lab.engine.read(&lab.ana, |cx| cx.org_billing(org)).unwrap();
    assert_eq!(b.workspaces.len(), 2);
    participant(
        &mut lab.engine,
        &lab.ana,
        org,
        ws,
        "guest@partner.org",
        WspRole::View,
    );
    let guest = lab.engine.act_as("guest@partner.org").unwrap();
    let err = read_err(&lab.engine, &guest, |cx| cx.org_billing(org));
    assert_eq!(err.kind, ErrorKind::Forbidden);
    let mine = lab
        .engine
        .read(&guest, |cx| cx.workspace_credits(lab_scope(&lab)))
        .unwrap();
    assert_eq!(
        mine.org_balance,
        c(100.0),
        "a collaborator with a role sees their workspace's credits"
    );
}

#[test]
fn transfers_move_allocation_never_go_negative_and_are_recorded() {
    let (mut lab, p) = seqera_lab(100.0);
    let scope = lab_scope(&lab);
    let org = lab.org.id;
    let ws = lab.ws.id;
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    lab.engine
        .write(&lab.ana, |cx| cx.set_allocation(org, ws, Some(c(50.0))))
        .unwrap();
    spend(&mut lab, scope, &p, 20.0);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.transfer_credits(org, ws, other.id, c(30.01))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "org 'biolab': workspace 'lab' has only 30.00 credits available (allocation 50.00, spent 20.00); it cannot transfer 30.01"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.transfer_credits(org, other.id, ws, c(1.0))
    });
    assert!(
        err.message
            .contains("workspace 'other' has no allocation to transfer from"),
        "{err}"
    );
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.transfer_credits(org, ws, other.id, c(0.0))
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    let t = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.transfer_credits(org, ws, other.id, c(30.0))
        })
        .unwrap();
    assert_eq!(t.from_workspace_name, "lab");
    assert_eq!(t.to_workspace_name, "other");
    assert_eq!(t.actor, "ana@example.org");
    let b = billing(&lab);
    let alloc = |name: &str| {
        b.workspaces
            .iter()
            .find(|w| w.workspace_name == name)
            .and_then(|w| w.allocation)
    };
    assert_eq!(alloc("lab"), Some(c(20.0)));
    assert_eq!(alloc("other"), Some(c(30.0)));
    assert_eq!(b.unallocated, c(50.0));
    assert_eq!(b.transfers.len(), 1);
    assert_eq!(b.transfers[0].id, t.id);
    let audit = audit_actions(&lab.engine, &lab.op, "credits.transfer");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].object_name, "lab -> other");
    assert_eq!(audit[0].after.as_ref().unwrap()["amount"], 30.0);
    // Workspaces of another org cannot take part.
    let zed = user(&mut lab.engine, &lab.op, "zed@example.org");
    let other_org = org_of(&mut lab, &zed);
    let foreign = lab
        .engine
        .write(&zed, |cx| {
            cx.create_workspace(other_org, &ws_fields("far", Visibility::Private))
        })
        .unwrap();
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.transfer_credits(org, ws, foreign.id, c(1.0))
    });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

fn org_of(lab: &mut Lab, owner: &nfdeck::engine::Actor) -> OrgId {
    org(&mut lab.engine, &lab.op, "farlab", Tier::Basic, owner).id
}

#[test]
fn seqera_compute_launches_are_refused_when_credits_are_used_up() {
    let (mut lab, p) = seqera_lab(10.0);
    let scope = lab_scope(&lab);
    let org = lab.org.id;
    spend(&mut lab, scope, &p, 10.0);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.launch(scope, &LaunchRequest::new(p.id))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        err.message,
        "launch of pipeline 'rnaseq': compute env 'seqera' runs on Seqera Compute and org 'biolab' has no unallocated credits left (0.00); ask an org owner for credits"
    );
    // Other platforms still launch.
    let local = local_env(&mut lab.engine, &lab.ana, scope, "local");
    launch(
        &mut lab.engine,
        &lab.ana,
        scope,
        LaunchRequest::new(p.id).on(local.id.clone()),
    );
    // With an allocation, the workspace's own credits decide.
    lab.engine
        .write(&lab.op, |cx| cx.set_org_credits(org, c(30.0)))
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_allocation(org, lab.ws.id, Some(c(15.0)))
        })
        .unwrap();
    spend(&mut lab, scope, &p, 5.0);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.launch(scope, &LaunchRequest::new(p.id))
    });
    assert!(
        err.message.ends_with(
            "the credits of workspace 'biolab/lab' are used up (allocation 15.00, spent 15.00)"
        ),
        "{err}"
    );
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    let oscope = Scope::Workspace(other.id);
    let env = seqera_env(&mut lab, oscope);
    let op = pipeline(&mut lab.engine, &lab.ana, oscope, "rnaseq", Some(&env.id));
    launch(&mut lab.engine, &lab.ana, oscope, LaunchRequest::new(op.id));
}

#[test]
fn a_deleted_workspace_spend_stays_spent() {
    let (mut lab, _p) = seqera_lab(100.0);
    let org = lab.org.id;
    let doomed = lab_workspace(&mut lab, "doomed", Visibility::Private);
    let dscope = Scope::Workspace(doomed.id);
    let env = seqera_env(&mut lab, dscope);
    let p = pipeline(&mut lab.engine, &lab.ana, dscope, "rnaseq", Some(&env.id));
    spend(&mut lab, dscope, &p, 25.0);
    lab.engine
        .write(&lab.ana, |cx| {
            cx.set_allocation(org, doomed.id, Some(c(40.0)))
        })
        .unwrap();
    lab.engine
        .write(&lab.ana, |cx| {
            cx.transfer_credits(org, doomed.id, lab.ws.id, c(5.0))
        })
        .unwrap();
    assert_eq!(billing(&lab).unallocated, c(60.0));
    lab.engine
        .write(&lab.ana, |cx| cx.delete_workspace(org, doomed.id))
        .unwrap();
    let b = billing(&lab);
    assert_eq!(b.spend, c(25.0), "{}", b.spend);
    assert_eq!(b.unallocated, c(70.0), "{}", b.unallocated);
    assert_eq!(
        b.transfers.len(),
        1,
        "the transfer stays in the org's history"
    );
    assert_eq!(b.transfers[0].from_workspace_id, None);
    assert_eq!(b.transfers[0].from_workspace_name, "doomed");
}

#[test]
fn cents_add_up_exactly_and_refusals_change_nothing() {
    let (mut lab, _p) = seqera_lab(1.0);
    let org = lab.org.id;
    let ws = lab.ws.id;
    let other = lab_workspace(&mut lab, "other", Visibility::Private);
    lab.engine
        .write(&lab.ana, |cx| cx.set_allocation(org, ws, Some(c(0.1))))
        .unwrap();
    let b = lab
        .engine
        .write(&lab.ana, |cx| {
            cx.set_allocation(org, other.id, Some(c(0.2)))
        })
        .unwrap();
    assert_eq!(b.allocated, Credits::from_cents(30));
    assert_eq!(b.unallocated, Credits::from_cents(70));
    let before = billing(&lab);
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.set_allocation(org, ws, Some(c(0.81)))
    });
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.message.contains("has unallocated (0.70)"), "{err}");
    let err = write_err(&mut lab.engine, &lab.ana, |cx| {
        cx.transfer_credits(org, ws, other.id, c(0.11))
    });
    assert!(
        err.message.contains("has only 0.10 credits available"),
        "{err}"
    );
    let err = write_err(&mut lab.engine, &lab.op, |cx| {
        cx.set_org_credits(org, Credits::units(MAX_CREDITS + 1))
    });
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(billing(&lab), before, "the refusals changed nothing");
}

/// A database written before money was counted in cents (schema version 5, REAL columns):
/// opening it converts every amount to whole cents, rounded once to the nearest cent.
#[test]
fn a_database_with_real_amounts_is_converted_to_cents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut batch = String::from("BEGIN;\n");
        for migration in &nfdeck::engine::store::schema::MIGRATIONS[..5] {
            batch.push_str(migration);
        }
        batch.push_str(
            "PRAGMA user_version = 5;
             INSERT INTO users (id, email, user_name, created_at) VALUES (1, 'ana@x.org', 'ana', 't');
             INSERT INTO orgs (id, name, full_name, tier, created_at, updated_at, credits, archived_spend)
                 VALUES (1, 'lab', 'Lab', 'pro', 't', 't', 100.004, 2.005);
             INSERT INTO org_members (org_id, user_id, role, created_at) VALUES (1, 1, 'owner', 't');
             INSERT INTO workspaces (id, org_id, name, full_name, created_at, updated_at)
                 VALUES (1, 1, 'a', 'A', 't', 't'), (2, 1, 'b', 'B', 't', 't');
             INSERT INTO credit_allocations (workspace_id, amount) VALUES (1, 40.1), (2, 0.3);
             INSERT INTO runs (id, workspace_id, run_name, project_name, status, submit, user_name, platform, cost)
                 VALUES ('r1', 1, 'r1', 'p', 'SUCCEEDED', 't', 'ana', 'seqeracompute-platform', 1.234),
                        ('r2', 1, 'r2', 'p', 'SUCCEEDED', 't', 'ana', 'seqeracompute-platform', 0.996),
                        ('r3', 2, 'r3', 'p', 'SUCCEEDED', 't', 'ana', 'local-platform', 5.0);
             INSERT INTO credit_transfers (org_id, from_workspace_id, from_workspace_name,
                     to_workspace_id, to_workspace_name, amount, actor, at)
                 VALUES (1, 1, 'a', 2, 'b', 0.1, 'ana@x.org', 't');
             COMMIT;",
        );
        conn.execute_batch(&batch).unwrap();
    }
    let mut engine = nfdeck::engine::Engine::open(&path).unwrap();
    let op = engine.operator("root@localhost").unwrap();
    let b = engine.read(&op, |cx| cx.org_billing(1)).unwrap();
    assert_eq!(b.balance, Credits::from_cents(10_000), "100.004 -> 100.00");
    let alloc = |id: WorkspaceId| {
        b.workspaces
            .iter()
            .find(|w| w.workspace_id == id)
            .unwrap()
            .clone()
    };
    assert_eq!(alloc(1).allocation, Some(Credits::from_cents(4010)));
    assert_eq!(alloc(2).allocation, Some(Credits::from_cents(30)));
    // Each run's cost counts rounded to the cent: 1.23 + 1.00; the local run is not spend.
    assert_eq!(alloc(1).spend, Credits::from_cents(223));
    assert_eq!(alloc(2).spend, Credits::ZERO);
    // 2.005 archived spend -> 2.01 (halves away from zero).
    assert_eq!(b.spend, Credits::from_cents(424));
    // 100.00 - 2.01 archived - 40.10 - 0.30 allocated.
    assert_eq!(b.unallocated, Credits::from_cents(5759));
    assert_eq!(b.transfers[0].amount, Credits::from_cents(10));
    // The converted tables keep working: spend follows the runs, allocations are whole cents.
    engine
        .write(&op, |cx| {
            cx.set_allocation(1, 2, Some(Credits::from_cents(31)))
        })
        .unwrap();
    let b = engine.read(&op, |cx| cx.org_billing(1)).unwrap();
    assert_eq!(b.unallocated, Credits::from_cents(5758));
}

#[test]
fn a_deleted_run_spend_stays_spent() {
    let (mut lab, p) = seqera_lab(100.0);
    let scope = lab_scope(&lab);
    let run = spend(&mut lab, scope, &p, 12.5);
    lab.engine
        .write(&lab.ana, |cx| cx.delete_run(scope, &run.id, true))
        .unwrap();
    let b = billing(&lab);
    assert_eq!(b.spend, c(12.5), "deleting history gives no credits back");
}
