//! Workspace secrets (`/pipeline-secrets`). `value` only ever travels to the server.

dto! {
    /// `PipelineSecret`: a secret without its value.
    pub struct PipelineSecretDto {
        pub id: Option<i64>,
        pub name: Option<String>,
        pub date_created: Option<String>,
        pub last_updated: Option<String>,
        pub last_used: Option<String>,
    }
}

dto! {
    /// `ListPipelineSecretsResponse` (`GET /pipeline-secrets`).
    pub struct ListPipelineSecretsResponse {
        pub pipeline_secrets: Option<Vec<PipelineSecretDto>>,
        pub total_size: Option<i64>,
    }
}

dto! {
    /// `DescribePipelineSecretResponse` (`GET /pipeline-secrets/{secretId}`).
    pub struct DescribePipelineSecretResponse {
        pub pipeline_secret: Option<PipelineSecretDto>,
    }
}

dto! {
    /// `CreatePipelineSecretRequest` (`POST /pipeline-secrets`).
    pub struct CreatePipelineSecretRequest {
        pub name: Option<String>,
        pub value: Option<String>,
    }
}

dto! {
    /// `CreatePipelineSecretResponse`.
    pub struct CreatePipelineSecretResponse {
        pub secret_id: Option<i64>,
    }
}

dto! {
    /// `UpdatePipelineSecretRequest` (`PUT /pipeline-secrets/{secretId}`).
    pub struct UpdatePipelineSecretRequest {
        pub value: Option<String>,
    }
}
