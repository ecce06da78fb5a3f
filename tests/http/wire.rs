//! The workspace endpoints as other clients (`tw`, scripts) see them: raw JSON shapes, the
//! `tw launch` flow (read the launch configuration, send it back with overrides), write-only
//! secrets, and bad requests.

use crate::support::Server;
use nfdeck::client::{ComputeClient, CredentialsClient, LaunchpadClient};
use nfdeck::domain::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub(crate) struct Lab {
    pub server: Server,
    pub token: String,
    pub org: OrgId,
    pub ws: WorkspaceId,
    pub pipeline: PipelineId,
    pub credentials: String,
}

/// A workspace `lab1/lab` owned by ana, with credentials, a primary local env and pipeline
/// `rnaseq`, and ana's token. Shared with the other raw-HTTP modules.
pub(crate) async fn lab() -> Lab {
    let server = Server::start().await;
    let ana = server.embedded("ana@lab.test").await;
    let (org, ws) = crate::support::lab_workspace(&ana).await;
    let scope = Scope::Workspace(ws);
    let credentials = ana
        .create_credentials(
            scope,
            CredentialsFields {
                name: "aws-prod".into(),
                description: String::new(),
                provider: Some(Provider::Aws),
                keys: [("accessKey".to_string(), "AKIAEXAMPLE".to_string())].into(),
                secrets: [("secretKey".to_string(), SecretString::from("very-secret"))].into(),
            },
        )
        .await
        .unwrap()
        .id;
    let local = ana
        .create_compute_env(
            scope,
            ComputeEnvFields {
                name: "local".into(),
                description: String::new(),
                platform: Platform::Local,
                credentials_id: None,
                work_dir: "/scratch/work".into(),
                region: None,
                label_ids: vec![],
            },
        )
        .await
        .unwrap();
    ana.make_primary(scope, local.id).await.unwrap();
    let pipeline = ana
        .create_pipeline(
            scope,
            PipelineFields {
                name: "rnaseq".into(),
                repository: "https://github.com/nf-core/rnaseq".into(),
                revision: Some("3.14.0".into()),
                profiles: vec!["docker".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
    let token = server.token("ana@lab.test").await;
    Lab {
        server,
        token,
        org,
        ws,
        pipeline,
        credentials,
    }
}

impl Lab {
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.server.http(method, path).bearer_auth(&self.token);
        if let Some(b) = body {
            request = request.json(&b);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn tw_launch_reads_the_launch_configuration_and_sends_it_back() {
    let lab = lab().await;
    let (ws, p) = (lab.ws, lab.pipeline);
    let (status, launch) = lab
        .call(
            Method::GET,
            &format!("/pipelines/{p}/launch?workspaceId={ws}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{launch}");
    let mut config = launch["launch"].clone();
    assert_eq!(config["revision"], "3.14.0");
    assert_eq!(config["computeEnv"]["name"], "local");
    assert_eq!(config["computeEnv"]["primary"], true);
    assert_eq!(
        config["computeEnv"]["config"]["discriminator"],
        "local-platform"
    );
    // tw sends the configuration back with the compute env's id and the user's overrides.
    config["computeEnvId"] = config["computeEnv"]["id"].clone();
    config["runName"] = json!("from-tw");
    config["paramsText"] = json!("{\"outdir\": \"out\"}");
    let (status, submitted) = lab
        .call(
            Method::POST,
            &format!("/workflow/launch?workspaceId={ws}"),
            Some(json!({"launch": config})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    let id = submitted["workflowId"].as_str().unwrap();
    let (_, run) = lab
        .call(
            Method::GET,
            &format!("/workflow/{id}?workspaceId={ws}"),
            None,
        )
        .await;
    assert_eq!(run["workflow"]["runName"], "from-tw");
    assert_eq!(run["workflow"]["status"], "SUBMITTED");
    assert_eq!(run["workflow"]["params"]["outdir"], "out");
    let (_, list) = lab
        .call(
            Method::GET,
            &format!("/workflow?workspaceId={ws}&search=status:SUBMITTED"),
            None,
        )
        .await;
    assert_eq!(list["totalSize"], 1);
    assert_eq!(list["hasMore"], false);

    let (status, err) = lab
        .call(
            Method::POST,
            &format!("/workflow/launch?workspaceId={ws}"),
            Some(json!({"launch": {"pipeline": "https://github.com/x/y"}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("launch.id is required"),
        "{err}"
    );
    let (status, _) = lab
        .call(
            Method::POST,
            &format!("/workflow/{id}/cancel?workspaceId={ws}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = lab
        .call(
            Method::POST,
            &format!("/workflow/{id}/cancel?workspaceId={ws}"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn secrets_never_come_back_from_the_api() {
    let lab = lab().await;
    let ws = lab.ws;
    let (_, one) = lab
        .call(
            Method::GET,
            &format!("/credentials/{}?workspaceId={ws}", lab.credentials),
            None,
        )
        .await;
    let (_, all) = lab
        .call(Method::GET, &format!("/credentials?workspaceId={ws}"), None)
        .await;
    for text in [one.to_string(), all.to_string()] {
        assert!(!text.contains("very-secret"), "{text}");
    }
    assert!(
        one["credentials"]["keys"].get("secretKey").is_none(),
        "{one}"
    );
    // Which secrets are set travels by name only, in a field other clients ignore.
    assert_eq!(one["credentials"]["nfdeckSecretNames"][0], "secretKey");
    assert_eq!(one["credentials"]["keys"]["accessKey"], "AKIAEXAMPLE");
    assert_eq!(one["credentials"]["keys"]["discriminator"], "aws");
    let (_, fitting) = lab
        .call(
            Method::GET,
            &format!("/credentials?workspaceId={ws}&platformId=aws-batch"),
            None,
        )
        .await;
    assert_eq!(fitting["credentials"].as_array().unwrap().len(), 1);
    let (_, other) = lab
        .call(
            Method::GET,
            &format!("/credentials?workspaceId={ws}&platformId=google-batch"),
            None,
        )
        .await;
    assert_eq!(other["credentials"].as_array().unwrap().len(), 0);
    // Updating without the secret keeps it: the compute env still validates against it.
    let (status, _) = lab
        .call(
            Method::PUT,
            &format!("/credentials/{}?workspaceId={ws}", lab.credentials),
            Some(json!({"credentials": {"name": "aws-main", "provider": "aws", "keys": {"discriminator": "aws", "accessKey": "AKIANEW"}}})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, one) = lab
        .call(
            Method::GET,
            &format!("/credentials/{}?workspaceId={ws}", lab.credentials),
            None,
        )
        .await;
    assert_eq!(
        (
            one["credentials"]["name"].as_str(),
            one["credentials"]["keys"]["accessKey"].as_str()
        ),
        (Some("aws-main"), Some("AKIANEW"))
    );
}

#[tokio::test]
async fn workspace_lists_carry_the_spec_fields() {
    let lab = lab().await;
    let ws = lab.ws;
    let (_, envs) = lab
        .call(
            Method::GET,
            &format!("/compute-envs?workspaceId={ws}&status=AVAILABLE"),
            None,
        )
        .await;
    let entry = &envs["computeEnvs"][0];
    assert_eq!(
        (entry["primary"].as_bool(), entry["platform"].as_str()),
        (Some(true), Some("local-platform"))
    );
    assert_eq!(entry["workspaceName"], "lab");
    let (status, _) = lab
        .call(
            Method::GET,
            &format!("/compute-envs/validate?workspaceId={ws}&name=local"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, pipelines) = lab
        .call(
            Method::GET,
            &format!("/pipelines?workspaceId={ws}&visibility=all&max=10"),
            None,
        )
        .await;
    assert_eq!(pipelines["totalSize"], 1);
    assert_eq!(pipelines["pipelines"][0]["visibility"], "PRIVATE");
    assert_eq!(pipelines["pipelines"][0]["workspaceId"], ws);
    let (status, _) = lab
        .call(
            Method::GET,
            &format!("/pipelines/validate?workspaceId={ws}&name=rnaseq"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = lab
        .call(
            Method::GET,
            &format!("/pipelines?workspaceId={ws}&visibility=public"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let (status, err) = lab
        .call(
            Method::GET,
            &format!("/labels?workspaceId={ws}&type=fancy"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let (_, created) = lab
        .call(
            Method::POST,
            &format!("/labels?workspaceId={ws}"),
            Some(json!({"name": "owner", "value": "${userName}", "resource": true})),
        )
        .await;
    assert_eq!(
        (created["resource"].as_bool(), created["value"].as_str()),
        (Some(true), Some("${userName}"))
    );
    let (_, labels) = lab
        .call(
            Method::GET,
            &format!("/labels?workspaceId={ws}&type=resource"),
            None,
        )
        .await;
    assert_eq!(labels["labels"][0]["isDynamic"], true);
    let (_, studios) = lab
        .call(
            Method::GET,
            &format!("/orgs/1/workspaces/{ws}/settings/studios"),
            None,
        )
        .await;
    assert_eq!(
        (studios["lifespanHours"].as_i64(), studios["wspId"].as_i64()),
        (Some(8), Some(ws))
    );
    let (status, err) = lab
        .call(
            Method::PUT,
            &format!("/orgs/1/workspaces/{ws}/settings/studios"),
            Some(json!({"nameStrategy": "tagPrefix"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
}
