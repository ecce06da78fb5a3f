//! What `Change::permission()` says a change needs (the rule a remote dry run checks before
//! writing) is what the engine enforces when the change runs: for every workspace role, a
//! change is applied exactly when the role holds the permission, and is refused otherwise
//! with that permission's refusal.

use crate::support::*;
use nfdeck::domain::changes::{
    Authority, Change, ComputeEnvSpec, ParticipantSpec, PipelineSpec, WorkspaceChange,
};
use nfdeck::domain::*;

fn in_lab(change: WorkspaceChange) -> Change {
    Change::Workspace {
        org: "biolab".into(),
        workspace: "lab".into(),
        change,
    }
}

/// One change of each kind checked here, named for the role that tries it.
fn changes(lab: &Lab, role: WspRole) -> Vec<Change> {
    let mut fields = WorkspaceFields::from(&lab.ws);
    fields.description = format!("edited by {role}");
    vec![
        in_lab(WorkspaceChange::CreateLabel(LabelFields::simple(&format!(
            "l-{role}"
        )))),
        in_lab(WorkspaceChange::CreatePipeline(PipelineSpec {
            name: format!("p-{role}"),
            repository: "https://github.com/nf-core/rnaseq".into(),
            ..Default::default()
        })),
        in_lab(WorkspaceChange::CreateComputeEnv(ComputeEnvSpec {
            name: format!("e-{role}"),
            description: String::new(),
            platform: Platform::Local,
            credentials: None,
            work_dir: "/scratch/work".into(),
            region: None,
            resource_labels: vec![],
        })),
        Change::UpdateWorkspace {
            org: "biolab".into(),
            workspace: "lab".into(),
            fields,
            base: None,
        },
        Change::SetParticipant {
            org: "biolab".into(),
            workspace: "lab".into(),
            who: ParticipantSpec::Collaborator(format!("c-{role}@partner.org")),
            role: WspRole::View.into(),
            base: None,
        },
    ]
}

#[test]
fn the_engine_enforces_the_permission_each_change_names() {
    let mut lab = lab();
    for (role, who) in every_role(&mut lab) {
        for change in changes(&lab, role) {
            let Authority::Workspace(permission) = change.permission() else {
                panic!("{} is a workspace change", change.object());
            };
            let result = lab
                .engine
                .write(&who, |cx| cx.apply_changes(std::slice::from_ref(&change)));
            if permission.allowed_for(role) {
                assert!(result.is_ok(), "{role}: {}: {result:?}", change.object());
            } else {
                let e = result.expect_err(&format!("{role}: {}", change.object()));
                assert_eq!(e.kind, ErrorKind::Forbidden, "{role}: {e}");
                assert!(
                    e.message.contains(&permission.refusal(Some(role))),
                    "{role}: {e}"
                );
            }
        }
    }
}
