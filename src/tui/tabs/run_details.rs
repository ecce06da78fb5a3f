//! A run's details popup: progress, counts, per-process progress, usage, elapsed time and a
//! sparkline of its running tasks.

use crate::domain::{ProcessProgress, Run, WorkflowStatus};
use crate::tui::request::ReqId;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{centered, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph, Sparkline};

/// The details popup of a run. While the run is active, `live` loads it again whenever
/// anything changed, so the popup follows it: progress, counts, per-process progress, usage,
/// elapsed time, and a sparkline of its running tasks.
pub struct RunDetails {
    pub run: Run,
    /// The request for the full run (with its labels), while it is out.
    pub req: Option<ReqId>,
    pub scroll: usize,
    pub error: Option<String>,
    /// Each process's progress (as last loaded), and the request for it while it is out.
    pub processes: Vec<ProcessProgress>,
    pub processes_req: Option<ReqId>,
    /// Running tasks at each load, oldest first (at most `HISTORY`).
    pub running: Vec<u64>,
    /// When the processes were last read (the elapsed time of an active run counts to it).
    pub at: Option<String>,
}

/// Running-task samples the sparkline keeps.
const HISTORY: usize = 120;

impl RunDetails {
    pub fn new(run: Run, req: Option<ReqId>) -> Self {
        Self {
            run,
            req,
            scroll: 0,
            error: None,
            processes: Vec::new(),
            processes_req: None,
            running: Vec::new(),
            at: None,
        }
    }

    /// Whether the run is still going (then the popup follows it).
    pub fn follows(&self) -> bool {
        matches!(
            self.run.status,
            WorkflowStatus::Submitted | WorkflowStatus::Running
        )
    }

    /// Takes a per-process reply for this popup's run.
    pub fn processes_loaded(&mut self, processes: Vec<ProcessProgress>, at: String) {
        // From the tasks when Nextflow reported them, else the run's own counter (a run
        // reported by counters only, as the demo simulator does).
        let running: u64 = if processes.is_empty() {
            u64::from(self.run.progress.running)
        } else {
            processes
                .iter()
                .map(|p| u64::from(p.counters.running))
                .sum()
        };
        if self.running.len() == HISTORY {
            self.running.remove(0);
        }
        self.running.push(running);
        self.processes = processes;
        self.at = Some(at);
    }

    /// "12m 05s" from the start to the last load, for a run still going.
    pub fn elapsed(&self) -> Option<String> {
        if !self.follows() {
            return None;
        }
        let start = self.run.start.as_deref()?;
        let start = chrono::DateTime::parse_from_rfc3339(start).ok()?;
        let at = chrono::DateTime::parse_from_rfc3339(self.at.as_deref()?).ok()?;
        let ms = (at - start).num_milliseconds().max(0) as u64;
        Some(hms(ms))
    }
    pub fn area(area: Rect) -> Rect {
        centered(
            area,
            area.width.saturating_sub(4).min(100),
            area.height.saturating_sub(2),
        )
    }

    pub fn page(area: Rect) -> usize {
        Self::area(area).height.saturating_sub(2) as usize
    }

    /// The run's facts, label and value, in the order the popup shows them.
    fn facts(&self) -> Vec<(&'static str, String)> {
        let r = &self.run;
        let mut facts = Vec::new();
        let mut row = |k: &'static str, v: String| facts.push((k, v));
        let c = r.progress;
        row("Status", r.status.to_string());
        row("Pipeline", r.project_name.clone());
        if let Some(repo) = &r.repository {
            row(
                "Repository",
                format!(
                    "{repo}{}",
                    r.revision
                        .as_ref()
                        .map(|v| format!(" @ {v}"))
                        .unwrap_or_default()
                ),
            );
        }
        row(
            "Compute env",
            match (&r.compute_env_name, r.platform) {
                (Some(n), Some(p)) => format!("{n} ({p})"),
                (Some(n), None) => n.clone(),
                _ => "-".to_string(),
            },
        );
        row("Work dir", r.work_dir.clone().unwrap_or_else(|| "-".into()));
        row(
            "Profiles",
            if r.profiles.is_empty() {
                "-".into()
            } else {
                r.profiles.join(", ")
            },
        );
        row("Launched by", r.user_name.clone());
        row("Submitted", r.submit.clone());
        row("Started", r.start.clone().unwrap_or_else(|| "-".into()));
        row(
            "Completed",
            r.complete.clone().unwrap_or_else(|| "-".into()),
        );
        row("Duration", duration(r));
        if let Some(elapsed) = self.elapsed() {
            row("Elapsed", elapsed);
        }
        row(
            "Tasks",
            format!(
                "{} pending · {} submitted · {} running · {} succeeded · {} failed · {} cached ({}% done)",
                c.pending,
                c.submitted,
                c.running,
                c.succeeded,
                c.failed,
                c.cached,
                c.percent_done()
            ),
        );
        row("CPU-hours", format!("{:.2}", r.usage.cpu_hours));
        row(
            "Memory",
            format!("{:.2} GiB-hours", r.usage.memory_gib_hours),
        );
        row("Cost", format!("{:.2} credits", r.usage.cost));
        if !r.labels.is_empty() {
            let labels: Vec<String> = r.labels.iter().map(ToString::to_string).collect();
            row("Labels", labels.join(", "));
        }
        if let Some(code) = r.exit_status {
            row("Exit status", code.to_string());
        }
        if let Some(e) = &r.error_message {
            row("Error", e.clone());
        }
        row("Run id", r.id.clone());
        facts
    }

    /// The popup's text at a width.
    pub fn lines(&self, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        let r = &self.run;
        let mut out: Vec<Line<'static>> = Vec::new();
        for (k, v) in self.facts() {
            let key = format!("{k:<14}");
            for (i, part) in wrap(&v, width.saturating_sub(15).max(10))
                .into_iter()
                .enumerate()
            {
                out.push(Line::from(vec![
                    Span::styled(
                        if i == 0 { key.clone() } else { " ".repeat(14) },
                        theme.muted(),
                    ),
                    Span::styled(format!(" {part}"), theme.text()),
                ]));
            }
        }
        if !self.processes.is_empty() {
            out.push(Line::raw(""));
            out.push(Line::styled("Processes", theme.title()));
            for p in &self.processes {
                out.push(process_line(p, theme, width));
            }
        }
        out.push(Line::raw(""));
        out.push(Line::styled("Parameters", theme.title()));
        if r.params.trim().is_empty() {
            out.push(Line::styled(" (none)", theme.muted()));
        } else {
            for l in r.params.lines() {
                for part in wrap(l, width.saturating_sub(1).max(10)) {
                    out.push(Line::styled(format!(" {part}"), theme.text()));
                }
            }
        }
        if let Some(e) = &self.error {
            out.push(Line::raw(""));
            out.push(Line::styled(format!("✗ {e}"), theme.error()));
        }
        out
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, spinner: &str) {
        let rect = Self::area(area);
        frame.render_widget(Clear, rect);
        let lines = self.lines(theme, rect.width.saturating_sub(4) as usize);
        let live = self.live_height(rect.height.saturating_sub(2));
        let page = rect.height.saturating_sub(2 + live) as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(page));
        let mut title = vec![Span::styled(
            format!(" Run {} ", self.run.run_name),
            theme.title(),
        )];
        if self.req.is_some() {
            title.push(Span::styled(format!("{spinner} "), theme.muted()));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focused_border())
            .title(Line::from(title))
            .title_bottom(Line::styled(
                format!(
                    " {}-{} of {} lines ",
                    (scroll + 1).min(lines.len()),
                    (scroll + page).min(lines.len()),
                    lines.len()
                ),
                theme.muted(),
            ));
        let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, rect);
        let [top, inner] =
            Layout::vertical([Constraint::Length(live), Constraint::Min(0)]).areas(inner);
        if live > 0 {
            self.render_live(frame, top, theme);
        }
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(page).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }

    /// The rows over the text that the gauge and the sparkline take (none once the run
    /// ended, or in a popup too low for them).
    fn live_height(&self, inner: u16) -> u16 {
        if !self.follows() || inner < 12 {
            return 0;
        }
        let spark = if self.running.len() > 1 { 3 } else { 0 };
        1 + spark + 1
    }

    /// While the run is going: a progress gauge and a sparkline of its running tasks.
    fn render_live(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let spark = area.height.saturating_sub(2);
        let [gauge, sparkline, _] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(spark),
            Constraint::Length(1),
        ])
        .areas(area);
        let c = self.run.progress;
        let done = u64::from(c.succeeded) + u64::from(c.cached);
        frame.render_widget(
            Gauge::default()
                .gauge_style(theme.accent())
                .percent(u16::from(c.percent_done().min(100)))
                .label(format!(
                    "{}% · {done} of {} tasks · {} running",
                    c.percent_done(),
                    c.total(),
                    c.running
                )),
            gauge,
        );
        if spark > 0 {
            let peak = self.running.iter().copied().max().unwrap_or(0);
            frame.render_widget(
                Sparkline::default()
                    .block(Block::default().title(Line::styled(
                        format!("running tasks (peak {peak})"),
                        theme.muted(),
                    )))
                    .style(theme.accent())
                    .data(&self.running),
                sparkline,
            );
        }
    }
}

/// One process: done of total, what is running or failed, what its running tasks hold.
fn process_line(p: &ProcessProgress, theme: &Theme, width: usize) -> Line<'static> {
    let c = p.counters;
    let done = u64::from(c.succeeded) + u64::from(c.cached);
    let mut text = format!(
        "{done}/{} {:>3}% · {} running · {} pending",
        c.total(),
        c.percent_done(),
        c.running,
        u64::from(c.pending) + u64::from(c.submitted)
    );
    if c.failed > 0 {
        text.push_str(&format!(" · ✗{} failed", c.failed));
    }
    if p.load.load_cpus > 0 {
        text.push_str(&format!(" · {} CPUs", p.load.load_cpus));
    }
    let name_width = width.saturating_sub(text.chars().count() + 2).clamp(8, 30);
    let name = crate::tui::widgets::text::truncate(&p.process, name_width);
    Line::from(vec![
        Span::styled(format!(" {name:<name_width$} "), theme.text()),
        Span::styled(text, theme.muted()),
    ])
}

/// "1h 02m 03s", "3m 04s", "5s".
fn hms(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}h {:02}m {:02}s", s / 3600, (s % 3600) / 60, s % 60)
    } else if s >= 60 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// "1h 02m", "3m 04s", or what the run is doing.
pub fn duration(r: &Run) -> String {
    match r.duration_ms {
        Some(ms) => {
            let s = ms / 1000;
            if s >= 3600 {
                format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
            } else if s >= 60 {
                format!("{}m {:02}s", s / 60, s % 60)
            } else {
                format!("{s}s")
            }
        }
        None => match r.status {
            WorkflowStatus::Submitted => "waiting".to_string(),
            WorkflowStatus::Running => "running".to_string(),
            _ => "-".to_string(),
        },
    }
}
