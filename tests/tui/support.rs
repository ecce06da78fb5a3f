//! Drives the UI's model with keys and runs its effects against the demo data in an in-memory
//! engine, with no terminal: `update` gets messages, `perform` answers each effect, and the
//! replies go back through `update` until nothing is left to do.

use nfdeck::client::SharedClient;
use nfdeck::client::embedded::EmbeddedClient;
use nfdeck::commands::demo;
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
pub async fn demo_client() -> EmbeddedClient {
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

    pub async fn demo_as(email: &str) -> App {
        App::with(demo_client_as(email).await, 120, 40).await
    }

    pub async fn with(client: EmbeddedClient, width: u16, height: u16) -> App {
        let client: SharedClient = Arc::new(client);
        let backend = client.backend();
        let mut m = Model::new(
            KeyTable::defaults(),
            backend,
            Rect::new(0, 0, width, height),
        );
        let fx = m.init();
        let mut app = App {
            m,
            client,
            held: Vec::new(),
        };
        app.settle(fx).await;
        app
    }

    /// Runs effects, and the effects of their replies, until none is left.
    pub async fn settle(&mut self, fx: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = fx.into();
        while let Some(effect) = queue.pop_front() {
            let msg = perform(self.client.as_ref(), effect).await;
            queue.extend(update(&mut self.m, msg));
        }
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
