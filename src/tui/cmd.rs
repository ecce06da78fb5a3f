//! `Cmd`: what a screen asks the app to do beyond its own state. A screen pushes commands while
//! it handles an action or a reply; the app runs them in order once the screen has returned,
//! so no screen reaches into another's state or into the app.

use super::forms::Chosen;
use super::guard::Guarded;
use super::overlay::Overlay;
use super::request::{Load, Mutation, ReqId};
use super::tab::Tab;
use super::tabs::audit_narrowing::Narrowing;
use super::widgets::toast::ToastKind;
use crate::domain::WorkspaceId;
use std::time::Duration;

pub enum Cmd {
    /// Read something; the reply comes back as `Msg::Loaded { req, .. }`.
    Load {
        req: ReqId,
        what: Load,
    },
    /// Change something; the reply comes back as `Msg::Done { req, .. }`.
    Mutate {
        req: ReqId,
        op: Mutation,
    },
    /// Load what a change would affect (`Load::Impact` with this request id), then open its
    /// confirmation listing it (`guard`).
    Guard {
        req: ReqId,
        guarded: Box<Guarded>,
    },
    /// Send `Msg::Timer { req }` after a while.
    Timer {
        req: ReqId,
        after: Duration,
    },
    /// Open a popup on top of the others.
    Open(Overlay),
    Toast(ToastKind, String),
    /// Put a secret on the clipboard (OSC 52); the toast names it (`what`), never shows it.
    CopySecret(crate::domain::SecretString, String),
    /// Show another tab (it loads what it shows).
    SetTab(Tab),
    /// Make a workspace the current one, or (None) have none; the screens follow.
    SetCurrent(Option<WorkspaceId>),
    /// Stop typing a filter (the focus moved to another list).
    EndFilter,
    /// The switcher chose a workspace: make it current and select its row.
    Switch(WorkspaceId),
    /// A picker of this tab's screen was answered with this option (`Screen::picked`).
    Picked(Tab, usize),
    /// The Audit tab's narrowing form was submitted: the tab loads the log narrowed so.
    NarrowAudit(Narrowing),
}

impl Cmd {
    pub fn toast(kind: ToastKind, text: impl Into<String>) -> Cmd {
        Cmd::Toast(kind, text.into())
    }

    pub fn error(text: impl Into<String>) -> Cmd {
        Cmd::Toast(ToastKind::Error, text.into())
    }
}

impl From<Chosen> for Cmd {
    /// What a form that saves nothing chose, for the screen that takes it.
    fn from(chosen: Chosen) -> Cmd {
        match chosen {
            Chosen::AuditNarrowing(narrowing) => Cmd::NarrowAudit(narrowing),
        }
    }
}
