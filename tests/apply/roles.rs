//! Custom roles in the file: created before the participants that hold them, exported with
//! their holders, applied again to an empty database to the same state, and pruned after the
//! participants have let go of them.

use super::*;

const ROLES: &str = include_str!("../fixtures/custom_roles.toml");

async fn participants(client: &dyn Client) -> Vec<Participant> {
    let Scope::Workspace(ws) = scope_of(client, "core", "seq").await else {
        unreachable!()
    };
    let org = client.list_orgs().await.unwrap()[0].id;
    client
        .list_participants(org, ws, Page::first(50))
        .await
        .unwrap()
        .items
}

#[tokio::test]
async fn roles_and_their_holders_round_trip_through_export() {
    let first = operator_client();
    let plan = apply(&first, ROLES).await.unwrap();
    assert!(
        plan.to_string()
            .contains("+ create    org core role runner: view_workspace, launch_pipelines"),
        "{plan}"
    );
    let held: Vec<Option<String>> = participants(&first)
        .await
        .into_iter()
        .map(|p| p.custom_role)
        .collect();
    assert_eq!(held, vec![Some("runner".into()), Some("runner".into())]);

    let exported = export(&first).await.unwrap();
    for needle in [
        "[[orgs.roles]]",
        "name = \"runner\"",
        "permissions = [\"view_workspace\", \"launch_pipelines\"]",
        "{ member = \"kim@x.org\", role = \"runner\" }",
        "{ team = \"staff\", role = \"runner\" }",
    ] {
        assert!(exported.contains(needle), "{needle} in:\n{exported}");
    }
    let second = operator_client();
    apply(&second, &exported).await.unwrap();
    assert_eq!(export(&second).await.unwrap(), exported);
    let again = plan_of(&first, &exported).await;
    assert!(again.is_empty(), "{again}");
}

async fn plan_of(client: &dyn Client, text: &str) -> declarative::Plan {
    super::plan(client, text).await.unwrap()
}

#[tokio::test]
async fn a_changed_role_is_updated_in_place() {
    let client = operator_client();
    apply(&client, ROLES).await.unwrap();
    let changed = ROLES.replace(
        "permissions = [\"launch_pipelines\", \"view_workspace\"]",
        "permissions = [\"launch_pipelines\", \"cancel_runs\"]",
    );
    let plan = apply(&client, &changed).await.unwrap();
    assert!(
        plan.to_string().contains(
            "~ update    org core role runner: permissions 'view_workspace, launch_pipelines' -> 'launch_pipelines, cancel_runs'"
        ),
        "{plan}"
    );
    let org = client.list_orgs().await.unwrap()[0].id;
    let roles = client.list_custom_roles(org).await.unwrap();
    assert_eq!(
        roles[0].permissions,
        vec![Permission::LaunchPipelines, Permission::CancelRuns]
    );
}

#[tokio::test]
async fn prune_removes_a_role_after_its_holders_let_go() {
    let client = operator_client();
    apply(&client, ROLES).await.unwrap();
    let start = ROLES.find("[[orgs.roles]]").unwrap();
    let end = ROLES.find("[[orgs.teams]]").unwrap();
    let without = format!("{}{}", &ROLES[..start], &ROLES[end..]).replace("runner", "maintain");
    let plan = declarative::prepare_with(&client, &without, "t", true, &test_secrets)
        .await
        .unwrap();
    assert!(
        plan.to_string()
            .contains("- remove    org core role runner"),
        "{plan}"
    );
    declarative::execute(&client, &plan, false).await.unwrap();
    let org = client.list_orgs().await.unwrap()[0].id;
    assert!(client.list_custom_roles(org).await.unwrap().is_empty());
    assert!(
        participants(&client)
            .await
            .iter()
            .all(|p| p.role == WspRole::Maintain && p.custom_role.is_none())
    );
}

#[tokio::test]
async fn a_participant_role_the_org_does_not_have_is_named() {
    let client = operator_client();
    let start = ROLES.find("[[orgs.roles]]").unwrap();
    let end = ROLES.find("[[orgs.teams]]").unwrap();
    let without = format!("{}{}", &ROLES[..start], &ROLES[end..]);
    let err = super::plan(&client, &without).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.message.contains(
            "workspace core/seq participant member kim@x.org: role 'runner' is neither a workspace role nor a custom role of the org; add it under the org's roles"
        ),
        "{err}"
    );
    let bad = ROLES.replace("\"view_workspace\"]", "\"fly\"]");
    let err = super::plan(&client, &bad).await.unwrap_err();
    assert!(
        err.message
            .contains("org core, role runner: 'fly' is not a permission"),
        "{err}"
    );
}
