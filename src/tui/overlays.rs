//! The popup stack (its kinds are in `overlay`): the top popup gets keys first. This file
//! knows the popups' generic mechanics only: what a form submits is its typed form's business
//! (`tui::forms`), what a picker's choice does is in its `PickPurpose`, and anything beyond
//! the stack (a change, a toast, another tab) is asked for with a `Cmd`.

// Re-exported: the app and the tests name the popups from here too.
pub use super::overlay::{FormPurpose, Jump, Overlay, PickPurpose};

use super::cmd::Cmd;
use super::context::Ctx;
use super::keys::Action;
use super::request::{Data, Mutation, ReqId};
use super::tab::Tab;
use super::tabs::audit_detail::AuditDetail;
use super::tabs::run_details::RunDetails;
use super::widgets::bulk::BulkReport;
use super::widgets::confirm::Confirm;
use super::widgets::form::Form;
use super::widgets::help::Help;
use super::widgets::new_token::NewToken;
use super::widgets::picker::Picker;
use super::widgets::switcher::Switcher;
use super::widgets::toast::ToastKind;
use ratatui::crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::to_input_request;

/// Runs a popup action; false if it does not apply (the next section gets the key).
/// `help_max` is how far the help can scroll at this size.
pub fn handle(
    stack: &mut Vec<Overlay>,
    ctx: &Ctx,
    action: Action,
    help_max: usize,
    cmds: &mut Vec<Cmd>,
) -> bool {
    if action == Action::Help {
        stack.push(Overlay::Help(Help::default()));
        return true;
    }
    let Some(top) = stack.last_mut() else {
        return false;
    };
    let (consumed, keep) = match top {
        Overlay::Help(help) => help_action(ctx, help, action, help_max),
        Overlay::Switcher(s) => switcher_action(s, action, cmds),
        Overlay::Form(form, purpose) => form_action(ctx, form, purpose, action, cmds),
        Overlay::Confirm(c, op) => confirm_action(ctx, c, op, action, cmds),
        Overlay::Picker(p, purpose) => picker_action(ctx, p, purpose, action, cmds),
        Overlay::Bulk(report) => bulk_action(report, action),
        Overlay::Details(d) => details_action(ctx, d, action),
        Overlay::AuditChange(d) => audit_action(ctx, d, action),
        Overlay::Jump(_, Jump::Runs(_)) => match action {
            Action::No | Action::Cancel => (true, false),
            Action::Yes | Action::Accept => {
                cmds.push(Cmd::SetTab(Tab::Runs));
                (true, false)
            }
            _ => (false, true),
        },
        Overlay::NewToken(t) => new_token_action(t, action, cmds),
    };
    if !keep {
        // Popups a handler opens come as commands, after this: the top is still this one.
        let form = stack.pop().and_then(|o| o.form_waiting());
        // "No" to a form's confirmation: the form is editable again.
        if let Some(Overlay::Form(f, _)) = stack.last_mut()
            && form.is_some()
            && f.submitting == form
        {
            f.submitting = None;
        }
    }
    consumed
}

/// `y` copies the token (the dialog stays, so it can be read too); closing forgets it.
fn new_token_action(t: &mut NewToken, action: Action, cmds: &mut Vec<Cmd>) -> (bool, bool) {
    match action {
        Action::CopyToken => {
            t.copied = true;
            cmds.push(Cmd::CopySecret(t.token.clone(), "the new token".into()));
            (true, true)
        }
        Action::Accept | Action::Cancel => (true, false),
        _ => (false, true),
    }
}

fn bulk_action(report: &mut BulkReport, action: Action) -> (bool, bool) {
    match action {
        Action::Accept | Action::Cancel => return (true, false),
        Action::Up | Action::PrevField => report.scroll_by(-1),
        Action::Down | Action::NextField => report.scroll_by(1),
        _ => return (false, true),
    }
    (true, true)
}

fn details_action(ctx: &Ctx, d: &mut RunDetails, action: Action) -> (bool, bool) {
    let page = RunDetails::page(ctx.size).max(1) as isize;
    match action {
        Action::Accept | Action::Cancel => return (true, false),
        Action::Up => d.scroll = d.scroll.saturating_sub(1),
        Action::Down => d.scroll += 1,
        Action::PageUp => d.scroll = d.scroll.saturating_add_signed(-page),
        Action::PageDown => d.scroll = d.scroll.saturating_add_signed(page),
        Action::Top => d.scroll = 0,
        _ => return (false, true),
    }
    (true, true)
}

fn audit_action(ctx: &Ctx, d: &mut AuditDetail, action: Action) -> (bool, bool) {
    let page = AuditDetail::page(ctx.size).max(1) as isize;
    match action {
        Action::Accept | Action::Cancel => return (true, false),
        Action::Up => d.scroll_by(-1, ctx.size),
        Action::Down => d.scroll_by(1, ctx.size),
        Action::PageUp => d.scroll_by(-page, ctx.size),
        Action::PageDown => d.scroll_by(page, ctx.size),
        Action::Top => d.scroll = 0,
        Action::Bottom => d.scroll = d.max_scroll(ctx.size),
        _ => return (false, true),
    }
    (true, true)
}

fn help_action(ctx: &Ctx, help: &mut Help, action: Action, max: usize) -> (bool, bool) {
    let page = Help::page(ctx.size).max(1);
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

fn switcher_action(s: &mut Switcher, action: Action, cmds: &mut Vec<Cmd>) -> (bool, bool) {
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
                cmds.push(Cmd::Switch(entry.id));
                (true, false)
            }
            None => (true, true),
        },
        _ => (false, true),
    }
}

fn form_action(
    ctx: &Ctx,
    form: &mut Form,
    purpose: &mut FormPurpose,
    action: Action,
    cmds: &mut Vec<Cmd>,
) -> (bool, bool) {
    match action {
        Action::Cancel => return (true, false),
        Action::NextField => form.next_field(),
        Action::PrevField => form.prev_field(),
        Action::NextChoice | Action::PrevChoice => {
            let changed = form.focused_mut().cycle(action == Action::NextChoice);
            if changed {
                purpose.changed(form);
            }
            return (changed, true);
        }
        Action::Complete => return (form.focused_mut().complete(), true),
        Action::NextSuggestion => return (form.focused_mut().move_suggestion(true), true),
        Action::PrevSuggestion => return (form.focused_mut().move_suggestion(false), true),
        Action::Accept | Action::Submit => return submit(ctx, form, purpose, cmds),
        _ => return (false, true),
    }
    (true, true)
}

/// Enter on a form: if every field and the form's verdict agree, its change is sent.
fn submit(
    ctx: &Ctx,
    form: &mut Form,
    purpose: &mut FormPurpose,
    cmds: &mut Vec<Cmd>,
) -> (bool, bool) {
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
    let Some(op) = purpose.submit(form) else {
        // A form that saves nothing (the estimator, a filter): Enter closes it, handing its
        // choice, if it has one, to its screen.
        cmds.extend(purpose.chosen(form).map(Cmd::from));
        return (true, false);
    };
    let req = ctx.req();
    if let Some(mut guarded) = purpose.guard(&op) {
        // The form waits while what the change affects loads; a confirmation follows.
        form.submitting = Some(req);
        form.error = None;
        guarded.form = Some(req);
        cmds.push(Cmd::Guard {
            req,
            guarded: Box::new(guarded),
        });
        return (true, true);
    }
    form.submitting = Some(req);
    form.error = None;
    cmds.push(Cmd::Mutate { req, op });
    (true, true)
}

fn confirm_action(
    ctx: &Ctx,
    c: &mut Confirm,
    op: &Mutation,
    action: Action,
    cmds: &mut Vec<Cmd>,
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
            let req = ctx.req();
            c.submitting = Some(req);
            c.error = None;
            cmds.push(Cmd::Mutate {
                req,
                op: op.clone(),
            });
            (true, true)
        }
        _ => (false, true),
    }
}

fn picker_action(
    ctx: &Ctx,
    p: &mut Picker,
    purpose: &PickPurpose,
    action: Action,
    cmds: &mut Vec<Cmd>,
) -> (bool, bool) {
    match action {
        Action::Cancel => return (true, false),
        Action::Up | Action::PrevField => p.move_by(-1),
        Action::Down | Action::NextField => p.move_by(1),
        Action::Top => p.selected = 0,
        Action::Bottom => p.move_by(isize::MAX),
        Action::Accept => return pick(ctx, p, purpose, cmds),
        _ => return (false, true),
    }
    (true, true)
}

/// Enter on a picker: a disabled option says why; the current one changes nothing.
fn pick(ctx: &Ctx, p: &mut Picker, purpose: &PickPurpose, cmds: &mut Vec<Cmd>) -> (bool, bool) {
    if p.submitting.is_some() {
        return (true, true);
    }
    if let Some(why) = &p.chosen().disabled {
        cmds.push(Cmd::error(why.clone()));
        return (true, true);
    }
    if Some(p.selected) == p.current {
        cmds.push(Cmd::toast(ToastKind::Info, "Nothing changed"));
        return (true, false);
    }
    let op = match purpose {
        PickPurpose::Screen(tab) => {
            cmds.push(Cmd::Picked(*tab, p.selected));
            return (true, false);
        }
        PickPurpose::Change(changes) => match changes.get(p.selected) {
            Some(op) => op.clone(),
            None => return (true, false),
        },
    };
    let req = ctx.req();
    p.submitting = Some(req);
    p.error = None;
    cmds.push(Cmd::Mutate { req, op });
    (true, true)
}

/// A key no section bound: text for the popup's focused field.
pub fn type_key(stack: &mut [Overlay], key: KeyEvent) {
    match stack.last_mut() {
        Some(Overlay::Form(form, purpose)) => {
            let changed = form.focused_mut().input(key);
            if changed {
                form.error = None;
                purpose.changed(form);
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

pub fn paste(stack: &mut [Overlay], text: &str) {
    match stack.last_mut() {
        Some(Overlay::Form(form, purpose)) => {
            form.focused_mut().paste(text);
            purpose.changed(form);
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

/// The mouse wheel over a popup; `help_max` is how far the help can scroll, `size` the
/// terminal's.
pub fn scroll(stack: &mut [Overlay], delta: isize, help_max: usize, size: ratatui::layout::Rect) {
    match stack.last_mut() {
        Some(Overlay::Help(help)) => {
            help.scroll = help.scroll.saturating_add_signed(delta).min(help_max);
        }
        Some(Overlay::Switcher(s)) => s.move_by(delta),
        Some(Overlay::Picker(p, _)) => p.move_by(delta.signum()),
        Some(Overlay::Bulk(r)) => r.scroll_by(delta),
        Some(Overlay::Details(d)) => d.scroll = d.scroll.saturating_add_signed(delta),
        Some(Overlay::AuditChange(d)) => d.scroll_by(delta, size),
        _ => {}
    }
}

/// The full run arrived for the details popup.
pub fn details_loaded(stack: &mut [Overlay], req: ReqId, result: crate::domain::Result<Data>) {
    let Some(Overlay::Details(d)) = stack
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

/// What a form asked for when it opened arrived (suggestions, launch options).
pub fn form_loaded(stack: &mut [Overlay], req: ReqId, result: crate::domain::Result<Data>) {
    let Some(Overlay::Form(form, purpose)) = stack
        .iter_mut()
        .find(|o| matches!(o, Overlay::Form(f, _) if f.candidates_req == Some(req)))
    else {
        return; // the form was closed: a stale reply
    };
    form.candidates_req = None;
    purpose.loaded(form, result);
}
