//! What a workspace holds besides participants, read through the client: Studios settings,
//! labels, credentials (public fields and secret names only), compute envs, pipelines,
//! actions and, when asked, runs. Independent lists are read concurrently.

use super::all_pages;
use crate::client::Client;
use crate::domain::{
    Action, ComputeEnv, Credentials, Error, ErrorKind, Label, LabelType, Pipeline, PipelineQuery,
    PipelineVisibility, Result, Run, RunQuery, Scope, StudiosSettings,
};
use std::future::Future;

#[derive(Clone, Debug, Default)]
pub struct WorkspaceContent {
    /// None when the backend does not offer Studios settings.
    pub studios: Option<StudiosSettings>,
    pub labels: Vec<Label>,
    pub credentials: Vec<Credentials>,
    pub compute_envs: Vec<ComputeEnv>,
    pub pipelines: Vec<Pipeline>,
    pub actions: Vec<Action>,
    /// Read only when asked (export, or a file that lists runs for this workspace).
    pub runs: Vec<Run>,
}

impl WorkspaceContent {
    pub fn credentials(&self, name: &str) -> Option<&Credentials> {
        self.credentials
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn compute_env(&self, name: &str) -> Option<&ComputeEnv> {
        self.compute_envs
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    pub fn pipeline(&self, name: &str) -> Option<&Pipeline> {
        self.pipelines
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// A simple label by name, or (with a value) a resource label by key and value.
    pub fn label(&self, name: &str, value: Option<&str>) -> Option<&Label> {
        self.labels.iter().find(|l| {
            l.name.eq_ignore_ascii_case(name)
                && match value {
                    Some(v) => {
                        l.resource
                            && l.value
                                .as_deref()
                                .is_some_and(|x| x.eq_ignore_ascii_case(v))
                    }
                    None => !l.resource,
                }
        })
    }
}

/// A read the backend may not offer (or not to this user): None instead of an error.
pub(super) async fn optional<T>(read: impl Future<Output = Result<T>>) -> Result<Option<T>> {
    match read.await {
        Ok(v) => Ok(Some(v)),
        Err(Error {
            kind: ErrorKind::Unavailable | ErrorKind::Forbidden,
            ..
        }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A list the backend may not offer: empty instead of an error.
async fn list<T>(read: impl Future<Output = Result<Vec<T>>>) -> Result<Vec<T>> {
    Ok(optional(read).await?.unwrap_or_default())
}

pub(super) async fn read_content(
    client: &dyn Client,
    scope: Scope,
    with_runs: Option<&super::RunCounter>,
) -> Result<WorkspaceContent> {
    let pipelines = |page| {
        client.list_pipelines(
            scope,
            PipelineQuery {
                visibility: PipelineVisibility::Private,
                page,
                label: None,
            },
        )
    };
    let runs = async {
        let Some(counter) = with_runs else {
            return Ok(Vec::new());
        };
        list(all_pages(|page| {
            let first = page.offset == 0;
            let read = client.list_runs(scope, RunQuery { page, status: None });
            async move {
                let batch = read.await?;
                counter.page(batch.items.len(), first.then_some(batch.total));
                Ok(batch)
            }
        }))
        .await
    };
    let (studios, labels, credentials, compute_envs, pipelines, actions, runs) = futures::try_join!(
        optional(client.studios_settings(scope)),
        list(all_pages(|p| client.list_labels(scope, LabelType::All, p))),
        list(client.list_credentials(scope, None)),
        list(client.list_compute_envs(scope, None)),
        list(all_pages(pipelines)),
        list(client.list_actions(scope)),
        runs,
    )?;
    // A listing may carry pipeline summaries only (the Seqera API's does: no revision,
    // parameters or scripts); the file needs each pipeline whole.
    let pipelines = futures::future::try_join_all(
        pipelines
            .iter()
            .map(|p| client.get_pipeline(scope, p.id, None)),
    )
    .await?;
    Ok(WorkspaceContent {
        studios,
        labels,
        credentials,
        compute_envs,
        pipelines,
        actions,
        runs,
    })
}
