//! Bad workspace contents: each problem is one message naming the object and the rule, all of
//! them at once, before anything is read or written.

use super::*;

const HEAD: &str = "[[orgs]]\nname = \"lab\"\nfull_name = \"Lab\"\nowners = [\"ana@x.org\"]\n\n[[orgs.workspaces]]\nname = \"ws\"\nfull_name = \"WS\"\n";

async fn problems(body: &str) -> String {
    let client = operator_client();
    let err = plan(&client, &format!("{HEAD}{body}")).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid, "{err}");
    assert!(client.list_orgs().await.unwrap().is_empty());
    err.message
}

#[tokio::test]
async fn every_bad_value_is_named_with_its_object_and_rule() {
    let msg = problems(
        r#"studios = { lifespan_hours = 121 }
labels = ["rna seq"]
credits_allocation = -5

[[orgs.workspaces.credentials]]
name = "aws"
provider = "aws"
keys = { accessKey = "A", colour = "red" }
secret_env = { secretKey = "TEST_X" }

[[orgs.workspaces.compute_envs]]
name = "ce"
platform = "aws-batchy"
work_dir = "s3://b/w"

[[orgs.workspaces.pipelines]]
name = "p1"
repository = "https://github.com/nf-core/rnaseq"
params = "{ \"outdir\": "
"#,
    )
    .await;
    for needle in [
        "the file has 6 problems; nothing was changed",
        "org lab, workspace ws, studios: Studios session lifespan must be 1-120 hours, or 0 to always keep running (got 121)",
        "org lab, workspace ws, label rna seq: label 'rna seq' must be 2-39 characters",
        "org lab, workspace ws: credits_allocation -5 must be at least 0 credits",
        "org lab, workspace ws, credentials aws: unknown public field(s) colour for provider aws (its public fields: accessKey, assumeRoleArn, externalId, mode)",
        "org lab, workspace ws, compute env ce: platform 'aws-batchy' is not one of aws-batch, aws-cloud,",
        "org lab, workspace ws, pipeline p1: params are not valid JSON: EOF while parsing a value at line 1 column",
    ] {
        assert!(msg.contains(needle), "{needle}\nin:\n{msg}");
    }
}

#[tokio::test]
async fn params_that_are_neither_yaml_nor_json_mappings() {
    let msg = problems(
        "\n[[orgs.workspaces.pipelines]]\nname = \"p1\"\nrepository = \"https://github.com/x/p\"\nparams = \"just some text\"\n",
    )
    .await;
    assert!(
        msg.contains("pipeline p1: params must be a YAML mapping of name: value pairs"),
        "{msg}"
    );
}

#[tokio::test]
async fn runs_are_checked_like_everything_else() {
    let msg = problems(
        r#"runs = [
  { pipeline = "p", run_name = "r1", status = "DONE", submit = "2026-10-01T08:00:00Z" },
  { pipeline = "p", run_name = "r2", status = "SUCCEEDED", submit = "yesterday" },
  { pipeline = "p", run_name = "r3", status = "RUNNING", submit = "2026-10-01T08:00:00Z", duration_s = 5 },
  { pipeline = "p", run_name = "r4", status = "SUBMITTED", submit = "2026-10-01T08:00:00Z", succeeded = 3 },
  { run_name = "r5", status = "FAILED", submit = "2026-10-01T08:00:00Z", duration_s = 5 },
  { pipeline = "p", run_name = "r6", status = "FAILED", submit = "2026-10-01T08:00:00Z", duration_s = -1 },
  { pipeline = "p", run_name = "r7", status = "SUCCEEDED", submit = "2026-10-01T08:00:00Z", start = "2026-09-01T08:00:00Z", duration_s = 1 },
  { pipeline = "p", run_name = "9lives", status = "SUCCEEDED", submit = "2026-10-01T08:00:00Z", duration_s = 1 },
]
"#,
    )
    .await;
    for needle in [
        "the file has 8 problems",
        "run 1 (r1): 'DONE' is not a run status",
        "run 2 (r2): time 'yesterday' is not an RFC 3339 time",
        "run 3 (r3): a RUNNING run has not finished: leave out duration_s",
        "run 4 (r4): a SUBMITTED run has not begun",
        "run 5 (r5): give the pipeline it ran (pipeline) or its project name (project)",
        "run 6 (r6): duration_s must be a number of seconds of at least 0",
        "run 7 (r7): start 2026-09-01T08:00:00.000Z is before submit",
        "run 8 (9lives): run name '9lives' must be",
    ] {
        assert!(msg.contains(needle), "{needle}\nin:\n{msg}");
    }
}

#[tokio::test]
async fn structural_mistakes_are_named() {
    let msg = problems(
        r#"resource_labels = [{ key = "project", value = "a b" }]

[[orgs.workspaces.credentials]]
name = "gh"
provider = "gitbucket"

[[orgs.workspaces.credentials]]
name = "ssh"
provider = "ssh"
secret_env = { privateKey = "1BAD-NAME" }

[[orgs.workspaces.compute_envs]]
name = "a"
platform = "aws-batch"
work_dir = "s3://b/w"
primary = true

[[orgs.workspaces.compute_envs]]
name = "b"
platform = "local-platform"
work_dir = "/w"
primary = true

[[orgs.workspaces.compute_envs]]
name = "c"
platform = "slurm-platform"
credentials = "gh2"
work_dir = "/w"
resource_labels = ["nokey"]

[[orgs.workspaces.actions]]
name = "a1"
source = "cron"
pipeline = "p"
"#,
    )
    .await;
    for needle in [
        "resource label project=a b: resource label value 'a b'",
        "credentials gh: provider 'gitbucket' is not one of aws,",
        "credentials ssh, secret_env.privateKey: '1BAD-NAME' is not an environment variable name",
        "compute env a: platform aws-batch needs credentials (aws)",
        "org lab, workspace ws: a workspace has at most one primary compute env (primary = true on a, b)",
        "compute env c: resource label 'nokey' must be written key=value",
        "action a1: action source 'cron' is not one of github, tower",
    ] {
        assert!(msg.contains(needle), "{needle}\nin:\n{msg}");
    }
}

#[tokio::test]
async fn credentials_that_do_not_fit_the_platform() {
    let msg = problems(
        r#"
[[orgs.workspaces.credentials]]
name = "gh"
provider = "github"
keys = { username = "bot" }
secret_env = { token = "TEST_GH" }

[[orgs.workspaces.compute_envs]]
name = "batch"
platform = "aws-batch"
credentials = "gh"
work_dir = "s3://b/w"
"#,
    )
    .await;
    assert!(
        msg.contains("compute env batch: platform aws-batch needs aws credentials, not github"),
        "{msg}"
    );
}
