//! Plain types and rules used everywhere: ids, names and their validation, roles and the
//! permission table, tiers and limits, credit rates, label rules; compute environments,
//! credentials, the Launchpad, runs, actions, settings and billing. No I/O.

pub mod access;
pub mod actions;
pub mod audit;
pub mod billing;
pub mod changes;
pub mod compute;
pub mod credentials;
pub mod credits;
pub mod custom_roles;
pub mod effective;
pub mod error;
pub mod ids;
pub mod impact;
pub mod labels;
pub mod launchpad;
pub mod model;
pub mod names;
pub mod participant_role;
pub mod permissions;
pub mod pipeline_secrets;
pub mod roles;
pub mod run_history;
pub mod runs;
pub mod settings;
pub mod tasks;
pub mod tiers;
pub mod tokens;

pub use actions::{Action, ActionFields, ActionSource, ActionStatus};
pub use audit::AuditFilter;
pub use billing::{CreditTransfer, OrgBilling, WorkspaceBilling, WorkspaceCredits};
pub use compute::{ComputeEnv, ComputeEnvFields, ComputeEnvStatus, Platform};
pub use credentials::{Credentials, CredentialsFields, Provider, SecretString};
pub use credits::Credits;
pub use custom_roles::{CustomRole, CustomRoleFields};
pub use effective::{CustomGrant, EffectiveRole, RoleGrant, RoleSource};
pub use error::{Error, ErrorKind, READ_ONLY_SESSION, Result, ResultExt};
pub use ids::*;
pub use impact::{Harm, Impact, ImpactItem, Severity};
pub use launchpad::{
    LaunchOptions, LaunchRequest, Pipeline, PipelineFields, PipelineQuery, PipelineVisibility,
};
pub use model::*;
pub use participant_role::ParticipantRole;
pub use permissions::Permission;
pub use pipeline_secrets::PipelineSecret;
pub use roles::{OrgRole, ParticipantType, Visibility, WspRole};
pub use runs::{
    Run, RunLabelChange, RunProgress, RunQuery, RunUsage, TaskCounters, TraceBegin, TraceComplete,
    TraceProgress, WorkflowStatus,
};
pub use settings::{Label, LabelFields, LabelType, StudiosSettings};
pub use tasks::{
    ProcessMetrics, ProcessProgress, ResourceSummary, Task, TaskLoad, TaskQuery, TaskState,
};
pub use tiers::{Limits, Tier, Usage};
