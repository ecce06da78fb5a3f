//! Credential secrets: read from environment variables at apply time, never in the plan, the
//! errors, the audit log or the export; a missing variable names itself and the credentials.

use super::contents::FULL;
use super::*;

const SECRET: &str = "s3cr3t-VALUE-42";

fn one_secret(variable: &str) -> Option<String> {
    match variable {
        "TEST_AWS_SECRET" => Some(SECRET.to_string()),
        "TEST_SEQERA_SECRET" => Some(format!("{SECRET}-seqera")),
        _ => None,
    }
}

#[tokio::test]
async fn secrets_never_appear_in_the_plan_the_audit_or_the_export() {
    let client = operator_client();
    let plan = declarative::prepare_with(&client, FULL, "full", false, &one_secret)
        .await
        .unwrap();
    assert!(!plan.to_string().contains(SECRET), "{plan}");
    assert!(!format!("{plan:?}").contains(SECRET));
    assert!(!format!("{:?}", plan.changes()).contains(SECRET));
    let wire = serde_json::to_string(&plan.changes()).unwrap();
    assert!(!wire.contains(SECRET), "{wire}");
    declarative::execute(&client, &plan, false).await.unwrap();

    let audit = client.list_audit(Page::all()).await.unwrap();
    let audit = serde_json::to_string(&audit.items).unwrap();
    assert!(audit.contains("credentials.create"));
    assert!(!audit.contains(SECRET));

    let exported = export(&client).await.unwrap();
    assert!(!exported.contains(SECRET), "{exported}");
    assert!(
        exported.contains(
            "secret_env = { secretKey = \"NFDECK_SECRET_LAB_SHARED_AWS_PROD_SECRET_KEY\" }"
        )
    );
    let shared = scope_of(&client, "lab", "shared").await;
    let creds = client.list_credentials(shared, None).await.unwrap();
    assert!(creds.iter().all(|c| c.secret_names == ["secretKey"]));
}

#[tokio::test]
async fn a_missing_variable_names_itself_and_the_credentials_and_nothing_is_written() {
    let client = operator_client();
    let only_aws = |v: &str| (v == "TEST_AWS_SECRET").then(|| SECRET.to_string());
    let err = declarative::prepare_with(&client, FULL, "full", false, &only_aws)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(
        err.message.contains(
            "workspace lab/shared credentials seqera: environment variable TEST_SEQERA_SECRET (secret field secretKey) is not set"
        ),
        "{err}"
    );
    assert!(err.message.contains("the file has 1 problem;"), "{err}");
    assert!(!err.message.contains(SECRET), "{err}");
    let err = declarative::prepare_with(&client, FULL, "full", false, &no_secrets)
        .await
        .unwrap_err();
    assert!(err.message.contains("the file has 2 problems"), "{err}");
    assert!(err.message.contains("TEST_AWS_SECRET"), "{err}");
    assert!(client.list_orgs().await.unwrap().is_empty());
}

#[tokio::test]
async fn secrets_are_rewritten_only_with_a_change_they_can_be_seen_in() {
    let client = operator_client();
    apply(&client, FULL).await.unwrap();
    // Same public fields: unchanged, and the variable is not even read.
    let unchanged = declarative::prepare_with(&client, FULL, "full", false, &no_secrets)
        .await
        .unwrap();
    assert!(unchanged.is_empty(), "{unchanged}");
    // A new secret field: an update that needs every variable of the credentials.
    let text = FULL.replace(
        "keys = { accessKey = \"AKIA1\" }\nsecret_env = { secretKey = \"TEST_AWS_SECRET\" }",
        "keys = { accessKey = \"AKIA1\", mode = \"keys\" }\nsecret_env = { secretKey = \"TEST_AWS_SECRET\" }",
    );
    let err = declarative::prepare_with(&client, &text, "full", false, &no_secrets)
        .await
        .unwrap_err();
    assert!(err.message.contains("TEST_AWS_SECRET"), "{err}");
    let plan = plan(&client, &text).await.unwrap();
    assert!(
        plan.to_string().contains(
            "~ update    workspace lab/shared credentials aws-prod: keys.mode 'none' -> 'keys', secrets from $TEST_AWS_SECRET"
        ),
        "{plan}"
    );
    declarative::execute(&client, &plan, false).await.unwrap();
}

#[tokio::test]
async fn a_credential_without_secret_env_must_not_need_one() {
    let client = operator_client();
    let text = FULL.replace("secret_env = { secretKey = \"TEST_AWS_SECRET\" }\n", "");
    let err = plan(&client, &text).await.unwrap_err();
    assert!(
        err.message.contains(
            "workspace lab/shared credentials aws-prod: provider aws needs the secret field(s) secretKey (give secret_env)"
        ),
        "{err}"
    );
    // An AWS role needs no secret.
    let role = text.replace(
        "keys = { accessKey = \"AKIA1\" }",
        "keys = { mode = \"role\", assumeRoleArn = \"arn:aws:iam::1:role/nf\" }",
    );
    apply(&client, &role).await.unwrap();
}

/// The product brief's example, verbatim: its snake_case key names (`access_key`) are read as
/// the API's (`accessKey`).
const BRIEF: &str = r#"[[users]]                         # embedded mode only (operator): creates users and their personal workspaces
email = "ana@example.org"
user_name = "ana"

[[orgs]]
name = "biolab"
full_name = "Bio Lab"
tier = "pro"                      # basic | pro
owners = ["ana@example.org"]
members = ["ben@example.org"]     # role member
default_roles = { "ben@example.org" = "view" }   # org default workspace role per member
credits = 500.0                   # org credit balance

[[orgs.teams]]
name = "analysts"
members = ["ben@example.org"]

[[orgs.workspaces]]
name = "shared-pipelines"
full_name = "Shared pipelines"
visibility = "SHARED"
participants = [
  { member = "ben@example.org", role = "maintain" },
  { team = "analysts", role = "launch" },
  { collaborator = "eve@partner.org", role = "view" },
]
studios = { lifespan_hours = 8, private_by_default = false }   # 0 = always keep running
labels = ["rna", "production"]
resource_labels = [{ key = "project", value = "atlas", default = true }]

[[orgs.workspaces.credentials]]
name = "aws-prod"
provider = "aws"
keys = { access_key = "AKIA..." }   # public fields; secret fields come from secret_env
secret_env = { secret_key = "AWS_SECRET_ACCESS_KEY" }

[[orgs.workspaces.compute_envs]]
name = "batch-prod"
platform = "aws-batch"
credentials = "aws-prod"
work_dir = "s3://bucket/work"
primary = true

[[orgs.workspaces.pipelines]]
name = "rnaseq"
repository = "https://github.com/nf-core/rnaseq"
revision = "3.14.0"
compute_env = "batch-prod"        # optional
profiles = ["docker"]
params = "{ \"outdir\": \"results\" }"
labels = ["rna"]
"#;

#[tokio::test]
async fn the_briefs_example_applies() {
    let client = operator_client();
    let env = |v: &str| (v == "AWS_SECRET_ACCESS_KEY").then(|| SECRET.to_string());
    let plan = declarative::prepare_with(&client, BRIEF, "brief", false, &env)
        .await
        .unwrap();
    declarative::execute(&client, &plan, false).await.unwrap();
    let exported = export(&client).await.unwrap();
    assert!(
        exported.contains("keys = { accessKey = \"AKIA...\" }"),
        "{exported}"
    );
    let again = declarative::prepare_with(&client, BRIEF, "brief", false, &no_secrets)
        .await
        .unwrap();
    assert!(again.is_empty(), "{again}");
}
