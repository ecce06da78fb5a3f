//! The terminal UI at scale: one frame of the Participants and Runs screens at 120x40 with 100
//! rows against 100,000 rows (targets: ratio at most 1.2, each under 2 ms), and one filter
//! keystroke, with the frame it causes, over 100,000 participants and over 50,000 pipelines
//! (target: under 16 ms, one frame; aim for 5).
//!
//! The model is the real one, driven through `update` with real key presses; its effects run
//! against the demo data in an in-memory engine, and the one list under test is widened to
//! the size measured as its reply comes back (the tier limits keep a real workspace far below
//! 100,000 participants; the UI must not care).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nfdeck::client::SharedClient;
use nfdeck::commands::demo;
use nfdeck::tui::app::{Model, update};
use nfdeck::tui::effects::{Effect, perform};
use nfdeck::tui::keys::KeyTable;
use nfdeck::tui::msg::{Data, Msg};
use nfdeck::tui::theme::Theme;
use nfdeck::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// Which list a reply is widened for, and to how many rows.
#[derive(Clone, Copy)]
enum Widen {
    Participants(usize),
    Runs(usize),
    Pipelines(usize),
}

struct Ui {
    m: Model,
    client: SharedClient,
    rt: Runtime,
    widen: Widen,
    terminal: Terminal<TestBackend>,
    theme: Theme,
}

impl Ui {
    fn new(widen: Widen) -> Ui {
        let rt = Runtime::new().expect("tokio");
        let client: SharedClient = Arc::new(rt.block_on(demo::in_memory()).expect("demo data"));
        let mut m = Model::new(
            KeyTable::defaults(),
            client.backend(),
            Rect::new(0, 0, WIDTH, HEIGHT),
        );
        let fx = m.init();
        let mut ui = Ui {
            m,
            client,
            rt,
            widen,
            terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal"),
            theme: Theme::default(),
        };
        ui.settle(fx);
        ui
    }

    /// Runs effects and the effects of their replies until none is left (timers and the live
    /// poll are dropped: nothing here waits, and a poll answers with the next poll forever).
    fn settle(&mut self, fx: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = fx.into();
        while let Some(effect) = queue.pop_front() {
            if matches!(effect, Effect::Timer { .. } | Effect::Poll { .. }) {
                continue;
            }
            let mut msg = self.rt.block_on(perform(self.client.as_ref(), effect));
            if let Msg::Loaded {
                result: Ok(data), ..
            } = &mut msg
            {
                widen(data, self.widen);
            }
            queue.extend(update(&mut self.m, msg));
        }
    }

    fn key(&mut self, code: KeyCode) {
        let fx = update(
            &mut self.m,
            Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
        self.settle(fx);
    }

    fn draw(&mut self) {
        let (m, theme) = (&self.m, &self.theme);
        self.terminal
            .draw(|f| view::draw(f, m, theme))
            .expect("draw");
    }

    /// The screen as text, to check the setting up did what it says.
    fn screen(&self) -> String {
        let buffer = self.terminal.backend().buffer();
        buffer
            .content()
            .chunks(usize::from(WIDTH))
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
            .collect()
    }
}

fn widen(data: &mut Data, widen: Widen) {
    match (data, widen) {
        (Data::Participants { items, usage, .. }, Widen::Participants(n)) if !items.is_empty() => {
            let base = std::mem::take(items);
            *items = (0..n)
                .map(|i| {
                    let mut p = base[i % base.len()].clone();
                    p.id = 1_000_000 + i as i64;
                    if let Some(team) = &mut p.team_name {
                        *team = format!("team-{i:06}");
                    } else {
                        p.email = Some(format!("person{i:06}@bench.example"));
                        p.user_name = Some(format!("person{i:06}"));
                    }
                    p
                })
                .collect();
            usage.used = n as u64;
        }
        (
            Data::Runs {
                items,
                total,
                offset: 0,
                ..
            },
            Widen::Runs(n),
        ) if !items.is_empty() => {
            let base = std::mem::take(items);
            *items = (0..n)
                .map(|i| {
                    let mut r = base[i % base.len()].clone();
                    r.id = format!("run{i:07}");
                    r.run_name = format!("bench_run_{i:06}");
                    r
                })
                .collect();
            *total = n as u64;
        }
        (Data::Pipelines { items, .. }, Widen::Pipelines(n)) if !items.is_empty() => {
            let base = std::mem::take(items);
            *items = (0..n)
                .map(|i| {
                    let mut p = base[i % base.len()].clone();
                    p.id = 1_000_000 + i as i64;
                    p.name = format!("pipeline-{i:05}");
                    p
                })
                .collect();
        }
        _ => {}
    }
}

/// The UI on a tab (its number key), with that tab's list widened, drawn once and checked.
fn ui_on(tab: char, widen: Widen, expect: &str) -> Ui {
    let mut ui = Ui::new(widen);
    ui.key(KeyCode::Char(tab));
    ui.draw();
    let screen = ui.screen();
    assert!(
        screen.contains(expect),
        "the set-up should show {expect:?}:\n{screen}"
    );
    ui
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_participants");
    for rows in [100, 100_000] {
        let mut ui = ui_on(
            '2',
            Widen::Participants(rows),
            &format!("{rows} participants"),
        );
        group.bench_with_input(BenchmarkId::from_parameter(rows), &rows, |b, _| {
            b.iter(|| ui.draw())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("render_runs");
    for rows in [100, 100_000] {
        let mut ui = ui_on('4', Widen::Runs(rows), "bench_run_000000");
        assert_eq!(ui.m.runs.loaded(), rows, "runs loaded");
        group.bench_with_input(BenchmarkId::from_parameter(rows), &rows, |b, _| {
            b.iter(|| ui.draw())
        });
    }
    group.finish();
}

/// Times one keystroke into the filter (from an empty filter, so every row is tested) and the
/// frame it causes; the key that clears it again is not timed.
fn keystroke(ui: &mut Ui, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        ui.key(KeyCode::Char('7'));
        ui.draw();
        total += start.elapsed();
        ui.key(KeyCode::Backspace);
        ui.draw();
    }
    total
}

fn filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_keystroke");
    let cases = [
        (
            "participants",
            '2',
            Widen::Participants(100_000),
            "participants",
        ),
        ("pipelines", '3', Widen::Pipelines(50_000), "pipeline-00000"),
    ];
    for (name, tab, widen, expect) in cases {
        let mut ui = ui_on(tab, widen, expect);
        ui.key(KeyCode::Char('/'));
        ui.key(KeyCode::Char('7'));
        ui.draw();
        assert!(
            ui.screen().contains('7'),
            "typing should filter the {name}:\n{}",
            ui.screen()
        );
        ui.key(KeyCode::Backspace);
        let rows = match widen {
            Widen::Participants(n) | Widen::Pipelines(n) | Widen::Runs(n) => n,
        };
        group.bench_function(BenchmarkId::new(name, rows), |b| {
            b.iter_custom(|iters| keystroke(&mut ui, iters))
        });
    }
    group.finish();
}

criterion_group!(benches, render, filter);
criterion_main!(benches);
