//! Popups: help, the workspace switcher, forms, confirmations, role pickers and the bulk-add
//! report. The top popup gets keys first; this file says what each popup does with them, and
//! what change a submitted form or a confirmed action asks for.

use super::app::{Model, set_current, set_tab};
use super::effects::Effect;
use super::keys::{Action, Section};
use super::request::Mutation;
use super::request::{Data, ReqId};
use super::tabs::compute::{self, CredChoice};
use super::tabs::runs::RunDetails;
use super::tabs::{Tab, credentials, settings};
use super::theme::Theme;
use super::widgets::bulk::BulkReport;
use super::widgets::confirm::Confirm;
use super::widgets::form::{Candidate, Field, FieldKind, Form, Target};
use super::widgets::form::{split_commas, split_list};
use super::widgets::help::{self, Help};
use super::widgets::picker::Picker;
use super::widgets::switcher::Switcher;
use super::widgets::toast::ToastKind;
use crate::domain::{
    ComputeEnvFields, ComputeEnvId, LabelId, LaunchRequest, MemberId, OrgBilling, OrgId, OrgRole,
    ParticipantId, ParticipantRef, Pipeline, PipelineFields, Platform, Scope, StudiosSettings,
    TeamFields, TeamId, Visibility, WorkflowId, WorkspaceFields, WorkspaceId, WspRole,
};
use ratatui::crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::to_input_request;

pub enum Overlay {
    Help(Help),
    Switcher(Box<Switcher>),
    Form(Box<Form>, FormPurpose),
    Confirm(Box<Confirm>, Mutation),
    Picker(Box<Picker>, PickPurpose),
    Bulk(BulkReport),
    /// A run's details.
    Details(Box<RunDetails>),
    /// A question that changes nothing ("go to Runs?").
    Jump(Box<Confirm>, Jump),
}

/// Where a `Jump` question leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Jump {
    /// The Runs tab, with the new run selected.
    Runs(WorkflowId),
}

/// What a form is for. Forms that choose among ids keep them here, in the order of the
/// choice's options.
#[derive(Clone, Debug, PartialEq)]
pub enum FormPurpose {
    NewPipeline {
        scope: Scope,
        envs: Vec<(ComputeEnvId, String)>,
        labels: Vec<(LabelId, String)>,
    },
    /// `base`: the pipeline as the form opened with it.
    EditPipeline {
        scope: Scope,
        id: crate::domain::PipelineId,
        base: Box<crate::domain::PipelineFields>,
        envs: Vec<(ComputeEnvId, String)>,
        labels: Vec<(LabelId, String)>,
    },
    /// `envs`: the environments the launch rules allow (empty until they arrive).
    Launch {
        scope: Scope,
        pipeline: Box<Pipeline>,
        envs: Vec<ComputeEnvId>,
    },
    NewComputeEnv {
        scope: Scope,
        creds: Vec<CredChoice>,
        labels: Vec<(LabelId, String)>,
    },
    NewCredentials {
        scope: Scope,
    },
    /// `base`: the settings the form opened with.
    Studios {
        scope: Scope,
        base: StudiosSettings,
    },
    NewLabel {
        scope: Scope,
    },
    EditLabel {
        scope: Scope,
        id: LabelId,
    },
    Allocation {
        org: OrgId,
        workspace: WorkspaceId,
        name: String,
        billing: Box<OrgBilling>,
    },
    /// `ids`: the workspaces of the From and To choices.
    Transfer {
        org: OrgId,
        ids: Vec<WorkspaceId>,
        billing: Box<OrgBilling>,
    },
    /// The cost estimator: nothing to save.
    Estimate,
    NewWorkspace {
        org: OrgId,
        org_name: String,
    },
    /// `base`: the workspace as the form opened with it.
    EditWorkspace {
        org: OrgId,
        workspace: WorkspaceId,
        base: WorkspaceFields,
    },
    AddMember {
        org: OrgId,
    },
    NewTeam {
        org: OrgId,
    },
    AddTeamMember {
        org: OrgId,
        team: TeamId,
        team_name: String,
    },
    AddParticipant {
        org: OrgId,
        workspace: WorkspaceId,
    },
    BulkAdd {
        org: OrgId,
        workspace: WorkspaceId,
    },
}

/// What a picker changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickPurpose {
    /// The Launchpad's label filter: "any label", then `names`.
    LabelFilter { names: Vec<String> },
    MemberRole {
        org: OrgId,
        member: MemberId,
        email: String,
    },
    DefaultRole {
        org: OrgId,
        member: MemberId,
        email: String,
    },
    ParticipantRole {
        org: OrgId,
        workspace: WorkspaceId,
        participant: ParticipantId,
        label: String,
    },
    /// The marked members (id, email): one change each (`marks`).
    MemberRoles {
        org: OrgId,
        members: Vec<(MemberId, String)>,
    },
    /// The marked participants (id, label): one change each (`marks`).
    ParticipantRoles {
        org: OrgId,
        workspace: WorkspaceId,
        participants: Vec<(ParticipantId, String)>,
    },
}

impl Overlay {
    /// The sections that hold keys while this popup is on top.
    pub fn context(&self) -> Vec<Section> {
        match self {
            Overlay::Help(_) => vec![Section::Help, Section::List],
            Overlay::Switcher(_) => vec![Section::Dialog],
            Overlay::Form(form, _) => {
                let field = form.focused();
                match field.kind {
                    FieldKind::Lines(_) => vec![Section::Multiline],
                    FieldKind::Choice { .. } => vec![Section::Choice, Section::Dialog],
                    FieldKind::Suggest { .. } => vec![Section::Completion, Section::Dialog],
                    FieldKind::Text(_) => vec![Section::Dialog],
                }
            }
            Overlay::Confirm(c, _) if c.typed.is_some() => vec![Section::Dialog],
            Overlay::Confirm(..) => vec![Section::Confirm, Section::Dialog, Section::Popup],
            Overlay::Picker(..) | Overlay::Bulk(_) | Overlay::Details(_) => {
                vec![Section::Dialog, Section::List, Section::Popup]
            }
            Overlay::Jump(..) => vec![Section::Confirm, Section::Dialog, Section::Popup],
        }
    }

    /// Whether an action of this popup's context does anything in it.
    pub fn applies(&self, action: Action) -> bool {
        match self {
            Overlay::Confirm(..) | Overlay::Bulk(_) | Overlay::Jump(..) | Overlay::Details(_) => {
                !matches!(action, Action::NextField | Action::PrevField)
            }
            _ => true,
        }
    }

    /// The change request this popup waits for.
    pub fn submitting(&self) -> Option<ReqId> {
        match self {
            Overlay::Form(f, _) => f.submitting,
            Overlay::Confirm(c, _) => c.submitting,
            Overlay::Picker(p, _) => p.submitting,
            _ => None,
        }
    }

    pub fn is_busy(&self) -> bool {
        self.submitting().is_some()
            || matches!(self, Overlay::Form(f, _) if f.candidates_req.is_some())
            || matches!(self, Overlay::Details(d) if d.req.is_some())
    }

    /// The backend refused the change: show why, and let the user try again.
    pub fn failed(&mut self, message: String) {
        match self {
            Overlay::Form(f, _) => {
                f.submitting = None;
                f.error = Some(message);
            }
            Overlay::Confirm(c, _) => {
                c.submitting = None;
                c.error = Some(message);
            }
            Overlay::Picker(p, _) => {
                p.submitting = None;
                p.error = Some(message);
            }
            _ => {}
        }
    }
}

/// Runs a popup action; false if it does not apply (the next section gets the key).
pub fn handle(m: &mut Model, action: Action, fx: &mut Vec<Effect>) -> bool {
    if action == Action::Help {
        m.overlays.push(Overlay::Help(Help::default()));
        return true;
    }
    let Some(mut top) = m.overlays.pop() else {
        return false;
    };
    let base = m.overlays.len();
    let (consumed, keep) = match &mut top {
        Overlay::Help(help) => help_action(m, help, action),
        Overlay::Switcher(s) => switcher_action(m, s, action, fx),
        Overlay::Form(form, purpose) => form_action(m, form, purpose, action, fx),
        Overlay::Confirm(c, op) => confirm_action(m, c, op, action, fx),
        Overlay::Picker(p, purpose) => picker_action(m, p, purpose, action, fx),
        Overlay::Bulk(report) => match action {
            Action::Accept | Action::Cancel => (true, false),
            Action::Up | Action::PrevField => {
                report.scroll_by(-1);
                (true, true)
            }
            Action::Down | Action::NextField => {
                report.scroll_by(1);
                (true, true)
            }
            _ => (false, true),
        },
        Overlay::Details(d) => {
            let page = RunDetails::page(m.size).max(1) as isize;
            match action {
                Action::Accept | Action::Cancel => (true, false),
                Action::Up => {
                    d.scroll = d.scroll.saturating_sub(1);
                    (true, true)
                }
                Action::Down => {
                    d.scroll += 1;
                    (true, true)
                }
                Action::PageUp => {
                    d.scroll = d.scroll.saturating_add_signed(-page);
                    (true, true)
                }
                Action::PageDown => {
                    d.scroll = d.scroll.saturating_add_signed(page);
                    (true, true)
                }
                Action::Top => {
                    d.scroll = 0;
                    (true, true)
                }
                _ => (false, true),
            }
        }
        Overlay::Jump(_, jump) => match action {
            Action::No | Action::Cancel => (true, false),
            Action::Yes | Action::Accept => {
                let Jump::Runs(_) = jump;
                set_tab(m, Tab::Runs, fx);
                (true, false)
            }
            _ => (false, true),
        },
    };
    if keep {
        // Back in its place, below anything the handler opened.
        m.overlays.insert(base.min(m.overlays.len()), top);
    }
    consumed
}

/// The help's text for the screen under it, at the current size.
pub fn help_text(m: &Model, theme: &Theme) -> Vec<ratatui::text::Line<'static>> {
    let width = Help::area(m.size).width.saturating_sub(4) as usize;
    // "Here" is what is under the help: the popup below it, or the screen.
    let below = m
        .overlays
        .iter()
        .rev()
        .find(|o| !matches!(o, Overlay::Help(_)));
    let here = match below {
        Some(o) => o.context(),
        None => m.screen_context(),
    };
    let refusal = |s: Section, a: Action| m.refusal(s, a);
    help::lines(&m.keys, &here, &refusal, theme, width)
}

/// How far the help can scroll.
fn help_max_scroll(m: &Model) -> usize {
    help_text(m, &Theme::default())
        .len()
        .saturating_sub(Help::page(m.size))
}

fn help_action(m: &Model, help: &mut Help, action: Action) -> (bool, bool) {
    let page = Help::page(m.size).max(1);
    let max = help_max_scroll(m);
    match action {
        Action::CloseHelp => return (true, false),
        Action::Up => help.scroll = help.scroll.saturating_sub(1),
        Action::Down => help.scroll = (help.scroll + 1).min(max),
        Action::PageUp => help.scroll = help.scroll.saturating_sub(page),
        Action::PageDown => help.scroll = (help.scroll + page).min(max),
        Action::Top => help.scroll = 0,
        Action::Bottom => help.scroll = max,
        _ => return (false, true),
    }
    (true, true)
}

fn switcher_action(
    m: &mut Model,
    s: &mut Switcher,
    action: Action,
    fx: &mut Vec<Effect>,
) -> (bool, bool) {
    match action {
        Action::Cancel => (true, false),
        Action::NextField => {
            s.move_by(1);
            (true, true)
        }
        Action::PrevField => {
            s.move_by(-1);
            (true, true)
        }
        Action::Accept => match s.chosen() {
            Some(entry) => {
                let id = entry.id;
                set_current(m, id, fx);
                m.ws.list.select_where(|r| r.workspace_id() == Some(id));
                (true, false)
            }
            None => (true, true),
        },
        _ => (false, true),
    }
}

fn form_action(
    m: &mut Model,
    form: &mut Form,
    purpose: &mut FormPurpose,
    action: Action,
    fx: &mut Vec<Effect>,
) -> (bool, bool) {
    match action {
        Action::Cancel => return (true, false),
        Action::NextField => form.next_field(),
        Action::PrevField => form.prev_field(),
        Action::NextChoice | Action::PrevChoice => {
            let changed = form.focused_mut().cycle(action == Action::NextChoice);
            if changed {
                form_changed(form, purpose);
            }
            return (changed, true);
        }
        Action::Complete => return (form.focused_mut().complete(), true),
        Action::NextSuggestion => return (form.focused_mut().move_suggestion(true), true),
        Action::PrevSuggestion => return (form.focused_mut().move_suggestion(false), true),
        Action::Accept | Action::Submit => {
            if form.submitting.is_some() {
                return (true, true);
            }
            if form.candidates_req.is_some() {
                form.error = Some("still loading; try again in a moment".to_string());
                return (true, true);
            }
            if !form.check_all() {
                return (true, true);
            }
            let Some(op) = mutation_of(form, purpose) else {
                // The estimator saves nothing: Enter closes it.
                return (true, false);
            };
            if matches!(purpose, FormPurpose::NewCredentials { .. }) {
                // The secrets are on their way in the change; the form keeps none of them.
                credentials::forget_secrets(form);
                form_changed(form, purpose);
            }
            let req = m.req();
            form.submitting = Some(req);
            form.error = None;
            fx.push(Effect::Mutate { req, op });
        }
        _ => return (false, true),
    }
    (true, true)
}

/// After a field changed: what depends on it (the credentials a platform takes, a provider's
/// fields), and the engine's rules over the whole form.
pub fn form_changed(form: &mut Form, purpose: &mut FormPurpose) {
    match purpose {
        FormPurpose::NewComputeEnv { creds, .. } => {
            let platform = Platform::ALL[form.field("Platform").map_or(0, Field::chosen)];
            let options = compute::credential_options(platform, creds);
            if let Some(f) = form.field_mut("Credentials") {
                f.set_options(options, None);
            }
        }
        FormPurpose::NewCredentials { .. } => {
            let provider = form.field("Provider").map_or(0, Field::chosen);
            let shown = form.fields.get(2).map(|f| f.label).unwrap_or_default();
            let expected = credentials::provider_fields(crate::domain::Provider::ALL[provider]);
            if expected.first().map(|f| f.label).unwrap_or_default() != shown
                || expected.len() + 2 != form.fields.len()
            {
                credentials::provider_changed(form);
            }
            form.set_verdict(credentials::verdict(form));
        }
        FormPurpose::NewLabel { .. } | FormPurpose::EditLabel { .. } => {
            form.set_verdict(settings::label_verdict(form));
        }
        FormPurpose::Allocation { .. } => {
            let v = settings::allocation_verdict(form, purpose);
            form.set_verdict(v);
        }
        FormPurpose::Transfer { .. } => {
            let v = settings::transfer_verdict(form, purpose);
            form.set_verdict(v);
        }
        FormPurpose::Estimate => form.set_verdict(settings::estimate_verdict(form)),
        _ => {}
    }
}

fn optional(text: String) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The ids of the comma-separated names of a field, in `known`'s terms.
fn ids_of(form: &Form, label: &str, known: &[(LabelId, String)]) -> Vec<LabelId> {
    split_commas(&form.value(label))
        .iter()
        .filter_map(|n| known.iter().find(|(_, k)| k == n).map(|(id, _)| *id))
        .collect()
}

/// The change a valid form asks for (None: the form saves nothing).
// Long: one arm per form purpose. Typed forms (issue 14, step 4, not done yet) would move
// each arm into its form's own type.
fn mutation_of(form: &Form, purpose: &FormPurpose) -> Option<Mutation> {
    let text = |label: &str| form.value(label).trim().to_string();
    let role = || {
        form.field("Role")
            .map(|f| WspRole::ALL[f.chosen()])
            .unwrap_or(WspRole::DEFAULT)
    };
    let workspace_fields = || WorkspaceFields {
        name: text("Name"),
        full_name: text("Full name"),
        description: text("Description"),
        visibility: if form.value("Visibility") == Visibility::Shared.as_str() {
            Visibility::Shared
        } else {
            Visibility::Private
        },
    };
    let pipeline_fields = |envs: &[(ComputeEnvId, String)], labels: &[(LabelId, String)]| {
        let env = form.field("Compute env").map_or(0, Field::chosen);
        PipelineFields {
            name: text("Name"),
            description: text("Description"),
            repository: text("Repository"),
            revision: optional(form.value("Revision")),
            compute_env_id: env
                .checked_sub(1)
                .and_then(|i| envs.get(i))
                .map(|e| e.0.clone()),
            work_dir: optional(form.value("Work dir")),
            profiles: split_list(&form.value("Profiles")),
            params: form.value("Params"),
            label_ids: ids_of(form, "Labels", labels),
            pre_run_script: form.value("Pre-run"),
            post_run_script: form.value("Post-run"),
        }
    };
    Some(match purpose.clone() {
        FormPurpose::Estimate => return None,
        FormPurpose::NewPipeline {
            scope,
            envs,
            labels,
        } => Mutation::CreatePipeline {
            scope,
            fields: Box::new(pipeline_fields(&envs, &labels)),
        },
        FormPurpose::EditPipeline {
            scope,
            id,
            base,
            envs,
            labels,
        } => Mutation::UpdatePipeline {
            scope,
            id,
            base,
            fields: Box::new(pipeline_fields(&envs, &labels)),
        },
        FormPurpose::Launch {
            scope,
            pipeline,
            envs,
        } => {
            let chosen = form.field("Compute env").map_or(0, Field::chosen);
            let profiles = split_list(&form.value("Profiles"));
            let params = form.value("Params");
            let differs = |new: &Option<String>, old: &Option<String>| {
                (new != old).then(|| new.clone().unwrap_or_default())
            };
            let mut request = LaunchRequest::new(pipeline.id);
            if pipeline.shared {
                request.source_workspace_id = Some(pipeline.workspace_id);
            }
            request.compute_env_id = envs.get(chosen).cloned();
            request.run_name = optional(form.value("Run name"));
            request.revision = differs(&optional(form.value("Revision")), &pipeline.revision)
                .filter(|r| !r.is_empty());
            request.work_dir = differs(&optional(form.value("Work dir")), &pipeline.work_dir)
                .filter(|w| !w.is_empty());
            request.profiles = (profiles != pipeline.profiles).then_some(profiles);
            request.params = (params.trim() != pipeline.params.trim()).then_some(params);
            Mutation::Launch {
                scope,
                request: Box::new(request),
                pipeline: pipeline.name.clone(),
            }
        }
        FormPurpose::NewComputeEnv {
            scope,
            creds,
            labels,
        } => {
            let platform = Platform::ALL[form.field("Platform").map_or(0, Field::chosen)];
            let chosen = form.field("Credentials").map_or(0, Field::chosen);
            Mutation::CreateComputeEnv {
                scope,
                fields: Box::new(ComputeEnvFields {
                    name: text("Name"),
                    description: String::new(),
                    platform,
                    credentials_id: compute::chosen_credentials(platform, &creds, chosen),
                    work_dir: text("Work dir"),
                    region: optional(form.value("Region")),
                    label_ids: ids_of(form, "Labels", &labels),
                }),
            }
        }
        FormPurpose::NewCredentials { scope } => Mutation::CreateCredentials {
            scope,
            fields: Box::new(credentials::fields_of(form)),
        },
        FormPurpose::Studios { scope, base } => Mutation::SetStudios {
            scope,
            base,
            settings: StudiosSettings {
                lifespan_hours: form.value("Lifespan").trim().parse().unwrap_or(0),
                private_by_default: form.field("Collab. mode").map_or(0, Field::chosen) == 1,
            },
        },
        FormPurpose::NewLabel { scope } => Mutation::CreateLabel {
            scope,
            fields: settings::label_fields(form),
        },
        FormPurpose::EditLabel { scope, id } => Mutation::UpdateLabel {
            scope,
            id,
            fields: settings::label_fields(form),
        },
        FormPurpose::Allocation {
            org,
            workspace,
            name,
            ..
        } => Mutation::SetAllocation {
            org,
            workspace,
            name,
            allocation: crate::domain::billing::parse_allocation(&form.value("Allocation")).ok()?,
        },
        FormPurpose::Transfer { org, ids, .. } => {
            let from = form.field("From").map_or(0, Field::chosen);
            let to = form.field("To").map_or(0, Field::chosen);
            Mutation::Transfer {
                org,
                from: ids.get(from).copied().unwrap_or_default(),
                from_name: form.value("From"),
                to: ids.get(to).copied().unwrap_or_default(),
                to_name: form.value("To"),
                amount: crate::domain::billing::parse_transfer_amount(&form.value("Amount"))
                    .ok()?,
            }
        }
        FormPurpose::NewWorkspace { org, org_name } => Mutation::CreateWorkspace {
            org,
            org_name,
            fields: workspace_fields(),
        },
        FormPurpose::EditWorkspace {
            org,
            workspace,
            base,
        } => Mutation::UpdateWorkspace {
            org,
            workspace,
            base,
            fields: workspace_fields(),
        },
        FormPurpose::AddMember { org } => Mutation::AddMember {
            org,
            email: text("Email"),
        },
        FormPurpose::NewTeam { org } => Mutation::CreateTeam {
            org,
            fields: TeamFields {
                name: text("Name"),
                description: text("Description"),
            },
        },
        FormPurpose::AddTeamMember {
            org,
            team,
            team_name,
        } => Mutation::AddTeamMember {
            org,
            team,
            team_name,
            user: text("Member"),
        },
        FormPurpose::AddParticipant { org, workspace } => {
            let field = form.field("Who");
            let value = text("Who");
            let (who, label) = match field.and_then(Field::matched).map(|c| c.target) {
                Some(Target::Member(id)) => (ParticipantRef::Member(id), value),
                Some(Target::Team(id)) => (ParticipantRef::Team(id), format!("team {value}")),
                None => (ParticipantRef::UserNameOrEmail(value.clone()), value),
            };
            Mutation::AddParticipant {
                org,
                workspace,
                who,
                label,
                role: role(),
            }
        }
        FormPurpose::BulkAdd { org, workspace } => Mutation::BulkAdd {
            org,
            workspace,
            lines: form.value("Emails"),
            role: role(),
        },
    })
}

fn confirm_action(
    m: &mut Model,
    c: &mut Confirm,
    op: &Mutation,
    action: Action,
    fx: &mut Vec<Effect>,
) -> (bool, bool) {
    match action {
        Action::No | Action::Cancel => (true, false),
        Action::Yes | Action::Accept => {
            if c.submitting.is_some() {
                return (true, true);
            }
            if !c.ready() {
                c.error = Some("type the name exactly as shown to confirm".to_string());
                return (true, true);
            }
            let req = m.req();
            c.submitting = Some(req);
            c.error = None;
            fx.push(Effect::Mutate {
                req,
                op: op.clone(),
            });
            (true, true)
        }
        _ => (false, true),
    }
}

fn picker_action(
    m: &mut Model,
    p: &mut Picker,
    purpose: &PickPurpose,
    action: Action,
    fx: &mut Vec<Effect>,
) -> (bool, bool) {
    match action {
        Action::Cancel => return (true, false),
        Action::Up | Action::PrevField => p.move_by(-1),
        Action::Down | Action::NextField => p.move_by(1),
        Action::Top => p.selected = 0,
        Action::Bottom => p.move_by(isize::MAX),
        Action::Accept => {
            if p.submitting.is_some() {
                return (true, true);
            }
            if let Some(why) = &p.chosen().disabled {
                let why = why.clone();
                m.toast(ToastKind::Error, why);
                return (true, true);
            }
            if Some(p.selected) == p.current {
                m.toast(ToastKind::Info, "Nothing changed");
                return (true, false);
            }
            let i = p.selected;
            if let PickPurpose::LabelFilter { names } = purpose {
                let label = i.checked_sub(1).and_then(|j| names.get(j)).cloned();
                m.with_launchpad(fx, |pad, ctx, cmds| pad.set_label(ctx, label, cmds));
                return (true, false);
            }
            let op = match purpose.clone() {
                PickPurpose::LabelFilter { .. } => return (true, false),
                PickPurpose::MemberRole { org, member, email } => Mutation::SetMemberRole {
                    org,
                    member,
                    email,
                    role: OrgRole::ALL[i],
                },
                PickPurpose::DefaultRole { org, member, email } => Mutation::SetDefaultRole {
                    org,
                    member,
                    email,
                    role: i.checked_sub(1).map(|r| WspRole::ALL[r]),
                },
                PickPurpose::ParticipantRole {
                    org,
                    workspace,
                    participant,
                    label,
                } => Mutation::SetParticipantRole {
                    org,
                    workspace,
                    participant,
                    label,
                    role: WspRole::ALL[i],
                },
                PickPurpose::MemberRoles { org, members } => {
                    super::marks::member_roles(org, &members, OrgRole::ALL[i])
                }
                PickPurpose::ParticipantRoles {
                    org,
                    workspace,
                    participants,
                } => {
                    super::marks::participant_roles(org, workspace, &participants, WspRole::ALL[i])
                }
            };
            let req = m.req();
            p.submitting = Some(req);
            p.error = None;
            fx.push(Effect::Mutate { req, op });
        }
        _ => return (false, true),
    }
    (true, true)
}

/// A key no section bound: text for the popup's focused field.
pub fn type_key(m: &mut Model, key: KeyEvent) {
    match m.overlays.last_mut() {
        Some(Overlay::Form(form, purpose)) => {
            let changed = form.focused_mut().input(key);
            if changed {
                form.error = None;
                form_changed(form, purpose);
            }
        }
        Some(Overlay::Switcher(s)) => {
            if let Some(req) = to_input_request(&Event::Key(key))
                && s.input.handle(req).is_some_and(|c| c.value)
            {
                s.refresh();
            }
        }
        Some(Overlay::Confirm(c, _)) => {
            if let Some((_, input)) = &mut c.typed
                && let Some(req) = to_input_request(&Event::Key(key))
            {
                input.handle(req);
                c.error = None;
            }
        }
        _ => {}
    }
}

pub fn paste(m: &mut Model, text: &str) {
    match m.overlays.last_mut() {
        Some(Overlay::Form(form, purpose)) => {
            form.focused_mut().paste(text);
            form_changed(form, purpose);
        }
        Some(Overlay::Switcher(s)) => {
            for c in text.replace(['\n', '\r'], " ").chars() {
                s.input.handle(tui_input::InputRequest::InsertChar(c));
            }
            s.refresh();
        }
        Some(Overlay::Confirm(c, _)) => {
            if let Some((_, input)) = &mut c.typed {
                for ch in text.trim().chars() {
                    input.handle(tui_input::InputRequest::InsertChar(ch));
                }
            }
        }
        _ => {}
    }
}

/// The mouse wheel over a popup.
pub fn scroll(m: &mut Model, delta: isize) {
    let max = help_max_scroll(m);
    match m.overlays.last_mut() {
        Some(Overlay::Help(help)) => {
            help.scroll = help.scroll.saturating_add_signed(delta).min(max);
        }
        Some(Overlay::Switcher(s)) => s.move_by(delta),
        Some(Overlay::Picker(p, _)) => p.move_by(delta.signum()),
        Some(Overlay::Bulk(r)) => r.scroll_by(delta),
        Some(Overlay::Details(d)) => d.scroll = d.scroll.saturating_add_signed(delta),
        _ => {}
    }
}

/// The full run arrived for the details popup.
pub fn details_loaded(m: &mut Model, req: ReqId, result: crate::domain::Result<Data>) {
    let Some(Overlay::Details(d)) = m
        .overlays
        .iter_mut()
        .find(|o| matches!(o, Overlay::Details(d) if d.req == Some(req)))
    else {
        return;
    };
    d.req = None;
    match result {
        Ok(Data::Run(run)) => d.run = *run,
        Ok(_) => {}
        Err(e) => d.error = Some(e.message),
    }
}

/// Suggestions arrived for an "add" form.
pub fn candidates(m: &mut Model, req: ReqId, result: crate::domain::Result<Data>) {
    let participants: Vec<(Option<MemberId>, Option<TeamId>)> = m
        .parts
        .list
        .items()
        .iter()
        .map(|p| (p.member_id, p.team_id))
        .collect();
    let team_members: Vec<MemberId> =
        m.ws.team_members
            .items()
            .iter()
            .map(|t| t.member_id)
            .collect();
    let Some(Overlay::Form(form, purpose)) = m
        .overlays
        .iter_mut()
        .find(|o| matches!(o, Overlay::Form(f, _) if f.candidates_req == Some(req)))
    else {
        return; // the form was closed: a stale reply
    };
    form.candidates_req = None;
    let (members, teams) = match result {
        Ok(Data::Candidates { members, teams }) => (members, teams),
        Ok(_) => (Vec::new(), Vec::new()),
        Err(e) => {
            form.error = Some(format!("no suggestions: {}", e.message));
            (Vec::new(), Vec::new())
        }
    };
    let mut list: Vec<Candidate> = Vec::new();
    let member_detail = |m: &crate::domain::Member| {
        let name = match (&m.first_name, &m.last_name) {
            (Some(f), Some(l)) => format!("{f} {l}"),
            (Some(f), None) => f.clone(),
            _ => m.user_name.clone(),
        };
        format!("{name} · org {}", m.role)
    };
    match purpose {
        FormPurpose::AddParticipant { .. } => {
            for mem in &members {
                let taken = participants
                    .iter()
                    .any(|(id, _)| *id == Some(mem.member_id))
                    .then(|| "is already a participant".to_string());
                list.push(Candidate {
                    value: mem.email.clone(),
                    detail: member_detail(mem),
                    target: Target::Member(mem.member_id),
                    taken,
                });
            }
            for team in &teams {
                let taken = participants
                    .iter()
                    .any(|(_, id)| *id == Some(team.id))
                    .then(|| "is already a participant".to_string());
                list.push(Candidate {
                    value: team.name.clone(),
                    detail: format!(
                        "team · {} member{}",
                        team.members_count,
                        if team.members_count == 1 { "" } else { "s" }
                    ),
                    target: Target::Team(team.id),
                    taken,
                });
            }
        }
        FormPurpose::AddTeamMember { team_name, .. } => {
            for mem in &members {
                let taken = team_members
                    .contains(&mem.member_id)
                    .then(|| format!("is already in team {team_name}"));
                list.push(Candidate {
                    value: mem.email.clone(),
                    detail: member_detail(mem),
                    target: Target::Member(mem.member_id),
                    taken,
                });
            }
        }
        _ => {}
    }
    if let Some(field) = form
        .fields
        .iter_mut()
        .find(|f| matches!(f.kind, FieldKind::Suggest { .. }))
    {
        field.set_candidates(list);
    }
}
