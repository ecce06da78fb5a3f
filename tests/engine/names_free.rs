//! Whether a name is free in a workspace (actions, credentials, compute envs, pipelines): the
//! rule the server's `validate` endpoints answer, held by the engine so every client gets it.

use crate::support::*;
use nfdeck::domain::*;

#[test]
fn a_taken_name_in_any_case_is_a_conflict_a_free_one_passes() {
    let (mut lab, _env, p) = launch_lab();
    let scope = lab_scope(&lab);
    creds(&mut lab.engine, &lab.ana, scope, "aws-prod");
    let action = ActionFields {
        name: "nightly".into(),
        source: ActionSource::Tower,
        launch: LaunchRequest::new(p.id),
        label_ids: vec![],
    };
    lab.engine
        .write(&lab.ana, |cx| cx.add_action(scope, &action))
        .unwrap();
    let taken = |lab: &Lab, check: &dyn Fn(&nfdeck::engine::Ctx) -> Result<()>| {
        let e = read_err(&lab.engine, &lab.ana, check);
        assert_eq!(e.kind, ErrorKind::Conflict, "{e}");
        e.message
    };
    assert_eq!(
        taken(&lab, &|cx| cx.check_action_name_free(scope, " NIGHTLY ")),
        "an action named 'NIGHTLY' already exists in the workspace"
    );
    assert_eq!(
        taken(&lab, &|cx| cx
            .check_credentials_name_free(scope, "AWS-prod")),
        "credentials named 'AWS-prod' already exist in the workspace"
    );
    assert_eq!(
        taken(&lab, &|cx| cx.check_compute_env_name_free(scope, "LOCAL")),
        "a compute environment named 'LOCAL' already exists"
    );
    assert_eq!(
        taken(&lab, &|cx| cx.check_pipeline_name_free(scope, "RNAseq")),
        "a pipeline with this name already exists in the workspace"
    );
    lab.engine
        .read(&lab.ana, |cx| {
            cx.check_action_name_free(scope, "weekly")?;
            cx.check_credentials_name_free(scope, "gcp")?;
            cx.check_compute_env_name_free(scope, "batch")?;
            cx.check_pipeline_name_free(scope, "sarek")
        })
        .unwrap();
}

#[test]
fn a_bad_name_is_invalid_and_an_outsider_learns_nothing() {
    let mut lab = lab();
    let scope = lab_scope(&lab);
    let long = "x".repeat(101);
    for check in [
        &|cx: &nfdeck::engine::Ctx| cx.check_action_name_free(scope, "") as Result<()>,
        &|cx: &nfdeck::engine::Ctx| cx.check_compute_env_name_free(scope, &long),
        &|cx: &nfdeck::engine::Ctx| cx.check_pipeline_name_free(scope, "-x-"),
    ] as [&dyn Fn(&nfdeck::engine::Ctx) -> Result<()>; 3]
    {
        let e = read_err(&lab.engine, &lab.ana, check);
        assert_eq!(e.kind, ErrorKind::Invalid, "{e}");
    }
    let outsider = user(&mut lab.engine, &lab.op, "out@example.org");
    let e = read_err(&lab.engine, &outsider, |cx| {
        cx.check_credentials_name_free(scope, "aws-prod")
    });
    assert!(
        matches!(e.kind, ErrorKind::Forbidden | ErrorKind::NotFound),
        "{e}"
    );
}
