//! Drives the UI's model with keys and runs its effects against the demo data in an in-memory
//! engine, with no terminal: `update` gets messages, `perform` answers each effect, and the
//! replies go back through `update` until nothing is left to do.

use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::client::{
    ComputeClient, CredentialsClient, LaunchpadClient, OrgClient, ParticipantClient,
    ReadOnlyClient, RunClient, SettingsClient, SharedClient, WorkspaceClient,
};
use nfdeck::commands::demo;
use nfdeck::domain::{
    ComputeEnvFields, CredentialsFields, Credits, LabelFields, OrgFields, OrgRole, ParticipantRef,
    PipelineFields, Platform, Provider, Scope, SecretString, TaskCounters, Tier, TraceBegin,
    TraceComplete, TraceProgress, Visibility, WorkspaceFields, WspRole,
};
use nfdeck::tui::app::{Model, update};
use nfdeck::tui::effects::{Effect, perform};
use nfdeck::tui::keys::{KeyBind, KeyTable};
use nfdeck::tui::msg::Msg;
use nfdeck::tui::overlays::Overlay;
use nfdeck::tui::theme::Theme;
use nfdeck::tui::view;
use nfdeck::tui::widgets::toast::{Toast, ToastKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use std::collections::VecDeque;
use std::sync::Arc;

pub struct App {
    pub m: Model,
    pub client: SharedClient,
    /// Effects the test chose not to run yet (see `key_held`).
    pub held: Vec<Effect>,
}

/// The demo data, acting as its org owner (ana@biolab.example).
/// In memory (SQLite), or on a fresh PostgreSQL database with `NFDECK_TEST_STORE=postgres`.
pub async fn demo_client() -> EmbeddedClient {
    if crate::pg_support::selected() {
        let url = crate::pg_support::required_database();
        let engine = nfdeck::engine::Engine::open_postgres(&url, None).expect("PostgreSQL engine");
        return demo::on_engine(engine).await.expect("the demo data loads");
    }
    demo::in_memory().await.expect("the demo data loads")
}

/// The demo data, acting as another user of it.
pub async fn demo_client_as(email: &str) -> EmbeddedClient {
    let owner = demo_client().await;
    let email = email.to_string();
    let actor = owner
        .with_engine(move |engine, _| engine.act_as(&email))
        .await
        .expect("a demo user");
    owner.acting_as(actor)
}

impl App {
    /// The UI at 120x40 on the demo data, with everything loaded.
    pub async fn demo() -> App {
        App::with(demo_client().await, 120, 40).await
    }

    /// The demo data, acting as its operator (who alone reads the audit log).
    pub async fn demo_operator() -> App {
        let client = demo_client().await;
        let actor = client
            .with_engine(|engine, _| engine.operator("operator@localhost"))
            .await
            .expect("the operator");
        App::with(client.acting_as(actor), 120, 40).await
    }

    pub async fn demo_as(email: &str) -> App {
        App::with(demo_client_as(email).await, 120, 40).await
    }

    pub async fn with(client: EmbeddedClient, width: u16, height: u16) -> App {
        App::with_client(Arc::new(client), false, width, height).await
    }

    /// The demo data in a read-only session (`--readonly`): the model disables every change
    /// and the client refuses them.
    pub async fn demo_readonly() -> App {
        let client: SharedClient = Arc::new(demo_client().await);
        App::with_client(ReadOnlyClient::wrap_if(true, client), true, 120, 40).await
    }

    /// The demo data started as `nfdeck --demo --workspace WANTED` starts it.
    pub async fn demo_starting_on(wanted: &str) -> nfdeck::domain::Result<App> {
        let client: SharedClient = Arc::new(demo_client().await);
        let start = nfdeck::client::find_workspace(client.as_ref(), wanted).await?;
        Ok(App::starting(client, false, (120, 40), Some(start.id)).await)
    }

    pub async fn with_client(client: SharedClient, readonly: bool, width: u16, height: u16) -> App {
        App::starting(client, readonly, (width, height), None).await
    }

    async fn starting(
        client: SharedClient,
        readonly: bool,
        (width, height): (u16, u16),
        start: Option<nfdeck::domain::WorkspaceId>,
    ) -> App {
        let backend = client.backend();
        let mut m = Model::new(
            KeyTable::defaults(),
            backend,
            Rect::new(0, 0, width, height),
        );
        m.readonly = readonly;
        m.ws.start = start;
        let fx = m.init();
        let mut app = App {
            m,
            client,
            held: Vec::new(),
        };
        app.settle(fx).await;
        app
    }

    /// The demo data with what the Launchpad, Runs, Compute, Credentials and Settings tests
    /// need (see `seed`), acting as the demo org's owner.
    pub async fn seeded() -> App {
        let client = demo_client().await;
        seed(&client).await;
        let mut app = App::with(client, 120, 40).await;
        app.switch_to("testlab/lab").await;
        app
    }

    /// The seeded data, acting as another demo user.
    pub async fn seeded_as(email: &str) -> App {
        let owner = demo_client().await;
        seed(&owner).await;
        let email = email.to_string();
        let actor = owner
            .with_engine(move |engine, _| engine.act_as(&email))
            .await
            .expect("a demo user");
        let mut app = App::with(owner.acting_as(actor), 120, 40).await;
        app.switch_to("testlab/lab").await;
        app
    }

    /// Runs effects, and the effects of their replies, until none is left. Timers are held
    /// (a test delivers them with `fire_timers`), so nothing waits and nothing loops.
    pub async fn settle(&mut self, fx: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = fx.into();
        while let Some(effect) = queue.pop_front() {
            if matches!(effect, Effect::Timer { .. } | Effect::Poll { .. }) {
                self.held.push(effect);
                continue;
            }
            let msg = perform(self.client.as_ref(), effect).await;
            queue.extend(update(&mut self.m, msg));
        }
    }

    /// How many timers are waiting.
    pub fn timers(&self) -> usize {
        self.held
            .iter()
            .filter(|e| matches!(e, Effect::Timer { .. }))
            .count()
    }

    /// Lets the waiting timers go off (their time has come).
    pub async fn fire_timers(&mut self) {
        let (timers, rest): (Vec<Effect>, Vec<Effect>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|e| matches!(e, Effect::Timer { .. }));
        self.held = rest;
        for t in timers {
            let msg = perform(self.client.as_ref(), t).await;
            let fx = update(&mut self.m, msg);
            self.settle(fx).await;
        }
    }

    /// Lets the refresh clock tick once (`live`: it reads the change stamp and reloads what
    /// changed), as a second passing would.
    pub async fn poll(&mut self) {
        let (polls, rest): (Vec<Effect>, Vec<Effect>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|e| matches!(e, Effect::Poll { .. }));
        self.held = rest;
        assert!(!polls.is_empty(), "the refresh clock is not running");
        self.send(Msg::Poll).await;
    }

    /// Runs the effects held by `key_held` (not the timers).
    pub async fn release(&mut self) {
        let (timers, rest): (Vec<Effect>, Vec<Effect>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|e| matches!(e, Effect::Timer { .. } | Effect::Poll { .. }));
        self.held = timers;
        self.settle(rest).await;
    }

    /// Moves the current workspace with the switcher (as a user would).
    pub async fn switch_to(&mut self, path: &str) {
        self.key("ctrl-p").await;
        self.type_text(path).await;
        self.key("enter").await;
    }

    pub async fn send(&mut self, msg: Msg) {
        let fx = update(&mut self.m, msg);
        self.settle(fx).await;
    }

    /// Presses keys given as the key table writes them ("a", "enter", "ctrl-p", "G").
    pub async fn keys(&mut self, keys: &[&str]) {
        for k in keys {
            self.send(Msg::Key(key(k))).await;
        }
    }

    pub async fn key(&mut self, k: &str) {
        self.keys(&[k]).await;
    }

    /// Presses a key but keeps its effects (to check what is asked, or to reply late).
    pub fn key_held(&mut self, k: &str) -> usize {
        let fx = update(&mut self.m, Msg::Key(key(k)));
        let n = fx.len();
        self.held.extend(fx);
        n
    }

    /// Types text, one key per character.
    pub async fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Msg::Key(KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
            .await;
        }
    }

    pub async fn paste(&mut self, text: &str) {
        self.send(Msg::Paste(text.to_string())).await;
    }

    pub async fn click(&mut self, column: u16, row: u16) {
        self.send(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))
        .await;
    }

    pub async fn wheel_down(&mut self, column: u16, row: u16) {
        self.send(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))
        .await;
    }

    /// The screen as text at the model's size.
    pub fn screen(&self) -> String {
        render(&self.m, self.m.size.width, self.m.size.height)
    }

    /// The screen as text at another size (the model is resized first).
    pub async fn screen_at(&mut self, width: u16, height: u16) -> String {
        self.send(Msg::Resize { width, height }).await;
        self.screen()
    }

    pub fn toasts(&self) -> &[Toast] {
        &self.m.toasts.items
    }

    pub fn last_toast(&self) -> &Toast {
        self.m.toasts.items.last().expect("a toast")
    }

    pub fn has_toast(&self, kind: ToastKind, text: &str) -> bool {
        self.toasts()
            .iter()
            .any(|t| t.kind == kind && t.text.contains(text))
    }

    /// The error of the focused field of the open form, if any.
    pub fn field_error(&self) -> Option<String> {
        match self.top() {
            Some(Overlay::Form(form, _)) => form.focused().error.clone(),
            _ => None,
        }
    }

    pub fn top(&self) -> Option<&Overlay> {
        self.m.overlays.last()
    }

    /// Selects the first row of the focused Workspaces-tab list whose text contains `needle`
    /// by pressing `j` from the top (so the test moves like a user would).
    pub async fn select_row(&mut self, needle: &str) {
        self.key("g").await;
        for _ in 0..200 {
            if self.selected_text().contains(needle) {
                return;
            }
            self.key("j").await;
        }
        panic!("no row with '{needle}'\n{}", self.screen());
    }

    /// The text of the selected row of the focused list, as drawn.
    pub fn selected_text(&self) -> String {
        self.screen()
            .lines()
            .find(|l| l.contains('▸'))
            .unwrap_or_default()
            .to_string()
    }
}

pub fn key(text: &str) -> KeyEvent {
    let bind: KeyBind = text.parse().expect("a key name");
    KeyEvent::new(bind.code, bind.mods)
}

/// Draws the model into a test terminal and returns the screen as lines of text.
pub fn render(m: &Model, width: u16, height: u16) -> String {
    render_with(m, width, height, &Theme::default())
}

pub fn render_with(m: &Model, width: u16, height: u16, theme: &Theme) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, m, theme)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Finished runs in testlab/lab (more than two pages).
pub const FINISHED_RUNS: usize = 230;

/// Adds to the demo data, through the client as the operator, an org of its own (`testlab`,
/// owned by ana, so the tests do not depend on how the demo data grows) with a PRIVATE
/// workspace `lab`, a SHARED one `hub` and `scratch`; participants chen (maintain), max
/// (launch, a collaborator) and ivan (view) in lab; credentials, compute environments (a
/// primary), labels, pipelines in hub (with and without a compute environment) and in lab, a
/// few hundred runs in lab (one RUNNING and one SUBMITTED, newest), and org credits with two
/// allocations.
pub async fn seed(owner: &EmbeddedClient) {
    let actor = owner
        .with_engine(|engine, _| engine.operator("operator@localhost"))
        .await
        .expect("the operator");
    let op = owner.acting_as(actor);
    let org = op
        .create_org(OrgFields {
            name: "testlab".into(),
            full_name: "Test Lab".into(),
            description: String::new(),
            location: String::new(),
            website: String::new(),
            tier: Tier::Pro,
        })
        .await
        .unwrap()
        .id;
    let ana = op.add_member(org, "ana@biolab.example").await.unwrap();
    op.set_member_role(org, ana.member_id, OrgRole::Owner)
        .await
        .unwrap();
    for email in ["chen@biolab.example", "ivan@biolab.example"] {
        op.add_member(org, email).await.unwrap();
    }
    let ws = |name: &str, description: &str, visibility: Visibility| WorkspaceFields {
        name: name.into(),
        full_name: format!("Test {name}"),
        description: description.into(),
        visibility,
    };
    let rnaseq = op
        .create_workspace(
            org,
            ws("lab", "Bulk RNA-seq projects.", Visibility::Private),
        )
        .await
        .unwrap();
    let shared = op
        .create_workspace(org, ws("hub", "Shared pipelines.", Visibility::Shared))
        .await
        .unwrap();
    let sandbox = op
        .create_workspace(org, ws("scratch", "Try things here.", Visibility::Private))
        .await
        .unwrap();
    for (who, role) in [
        ("chen@biolab.example", WspRole::Maintain),
        ("max@cro.example", WspRole::Launch),
        ("ivan@biolab.example", WspRole::View),
    ] {
        op.add_participant(
            org,
            rnaseq.id,
            ParticipantRef::UserNameOrEmail(who.into()),
            Some(role.into()),
        )
        .await
        .unwrap();
    }
    let (rs, ss) = (Scope::Workspace(rnaseq.id), Scope::Workspace(shared.id));

    let creds = |name: &str, key: &str| CredentialsFields {
        name: name.into(),
        description: String::new(),
        provider: Some(Provider::Aws),
        keys: [("accessKey".to_string(), key.to_string())].into(),
        secrets: [("secretKey".to_string(), SecretString::new("seeded-secret"))].into(),
    };
    let shared_creds = op
        .create_credentials(ss, creds("aws-shared", "AKIASHARED"))
        .await
        .unwrap();
    let lab_creds = op
        .create_credentials(rs, creds("aws-lab", "AKIALAB"))
        .await
        .unwrap();
    let env = |name: &str, platform: Platform, creds: Option<String>, dir: &str| ComputeEnvFields {
        name: name.into(),
        description: String::new(),
        platform,
        credentials_id: creds,
        work_dir: dir.into(),
        region: None,
        label_ids: vec![],
    };
    let shared_env = op
        .create_compute_env(
            ss,
            env(
                "shared-batch",
                Platform::AwsBatch,
                Some(shared_creds.id),
                "s3://shared/work",
            ),
        )
        .await
        .unwrap();
    let lab_batch = op
        .create_compute_env(
            rs,
            env(
                "lab-batch",
                Platform::AwsBatch,
                Some(lab_creds.id),
                "s3://lab/work",
            ),
        )
        .await
        .unwrap();
    op.make_primary(rs, lab_batch.id.clone()).await.unwrap();
    let lab_local = op
        .create_compute_env(rs, env("lab-local", Platform::Local, None, "/scratch/work"))
        .await
        .unwrap();

    let production = op
        .create_label(ss, LabelFields::simple("production"))
        .await
        .unwrap();
    let rna = op
        .create_label(rs, LabelFields::simple("rna"))
        .await
        .unwrap();
    let qc = op
        .create_label(rs, LabelFields::simple("qc"))
        .await
        .unwrap();
    op.create_label(rs, LabelFields::resource("project", "atlas", true))
        .await
        .unwrap();

    let pipeline = |name: &str, repo: &str, env: Option<String>, labels: Vec<i64>| PipelineFields {
        name: name.into(),
        description: format!("{name} for the lab"),
        repository: repo.into(),
        revision: Some("3.14.0".into()),
        compute_env_id: env,
        work_dir: None,
        profiles: vec!["docker".into()],
        params: "outdir: results\n".into(),
        label_ids: labels,
        pre_run_script: String::new(),
        post_run_script: String::new(),
    };
    op.create_pipeline(
        ss,
        pipeline(
            "rnaseq-shared",
            "https://github.com/nf-core/rnaseq",
            Some(shared_env.id.clone()),
            vec![production.id],
        ),
    )
    .await
    .unwrap();
    op.create_pipeline(
        ss,
        pipeline("sarek", "https://github.com/nf-core/sarek", None, vec![]),
    )
    .await
    .unwrap();
    op.create_pipeline(
        rs,
        pipeline(
            "rnaseq-dev",
            "https://github.com/nf-core/rnaseq",
            None,
            vec![rna.id],
        ),
    )
    .await
    .unwrap();
    op.create_pipeline(
        rs,
        pipeline(
            "qc-check",
            "https://github.com/lab/qc-check",
            Some(lab_local.id.clone()),
            vec![qc.id],
        ),
    )
    .await
    .unwrap();

    // History: finished runs, oldest first, then one RUNNING and one SUBMITTED.
    for i in 0..FINISHED_RUNS {
        let id = op
            .trace_create(
                rs,
                format!("00000000-0000-0000-0000-{i:012}"),
                format!("run-{i:04}"),
                "nf-core/rnaseq".into(),
                Some("https://github.com/nf-core/rnaseq".into()),
            )
            .await
            .unwrap();
        op.trace_begin(rs, id.clone(), TraceBegin::default())
            .await
            .unwrap();
        let progress = TraceProgress {
            counters: TaskCounters {
                succeeded: 10,
                failed: u32::from(i % 7 == 0),
                ..Default::default()
            },
            cpu_hours: 4.0,
            memory_gib_hours: 16.0,
        };
        op.trace_complete(
            rs,
            id,
            TraceComplete {
                success: i % 7 != 0,
                exit_status: Some(if i % 7 == 0 { 1 } else { 0 }),
                error_message: (i % 7 == 0)
                    .then(|| "Process FASTQC terminated with an error".into()),
                progress: Some(progress),
            },
        )
        .await
        .unwrap();
    }
    let running = op
        .trace_create(
            rs,
            "11111111-0000-0000-0000-000000000001".into(),
            "busy-run".into(),
            "nf-core/rnaseq".into(),
            None,
        )
        .await
        .unwrap();
    op.trace_begin(rs, running.clone(), TraceBegin::default())
        .await
        .unwrap();
    op.trace_progress(
        rs,
        running,
        TraceProgress {
            counters: TaskCounters {
                pending: 2,
                running: 3,
                succeeded: 5,
                ..Default::default()
            },
            cpu_hours: 1.5,
            memory_gib_hours: 6.0,
        },
    )
    .await
    .unwrap();
    op.trace_create(
        rs,
        "11111111-0000-0000-0000-000000000002".into(),
        "queued-run".into(),
        "lab/qc-check".into(),
        None,
    )
    .await
    .unwrap();

    op.set_org_credits(org, Credits::units(500)).await.unwrap();
    op.set_allocation(org, rnaseq.id, Some(Credits::units(100)))
        .await
        .unwrap();
    op.set_allocation(org, sandbox.id, Some(Credits::units(20)))
        .await
        .unwrap();
}
