//! The TUI's modules import each other without cycles (issue 14: "One shape for every screen").
//!
//! The test reads the source files under `src/tui`, collects each module's references to other
//! tui modules and fails, listing every cycle (a strongly connected component of more than one
//! module) with the import lines that make it.
//!
//! Granularity: a file is a module. `tabs/x.rs` and `tabs/x_forms.rs` are two modules; a
//! `mod.rs` is the module of its directory (`tabs/mod.rs` is `tabs`, `src/tui/mod.rs` is
//! `tui`). A reference counts when code names a module by path: `use super::…`,
//! `use crate::tui::…`, `super::x::…` / `crate::tui::x::…` in code, a child module named by a
//! `mod.rs` (`audit::KEY_CONTEXTS` in `tabs/mod.rs`), and a path through a module the file
//! imported (`tabs::settings::…` after `use super::tabs`). A path is resolved to the deepest
//! module it names, so `crate::tui::tabs::Tab` is a reference to `tabs` (its `mod.rs`).
//! Declaring a child (`pub mod x;`) is not a reference. Comments, strings and
//! `#[cfg(test)] mod … { … }` blocks are left out: a unit test may drive its module through
//! the modules that use it; the layering is about the shipped code.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Cycles known and not yet broken, each the sorted list of its modules. A cycle that is not
/// exactly one of these (a new one, or one of these grown) fails the test.
const ALLOWED: &[&[&str]] = &[
    // The app's update, split across files: each helper works on `app::Model` and the app
    // calls it, and `command_line` (runs an action, a tab or a workspace by name through
    // `app::handle` / `set_tab` / `set_current`) and `live` (`app::refresh_all`) call back.
    // Breaking it means `Model` in a file of its own (its `impl` calls `live` and
    // `clipboard` too) and `command_line` / `live` returning what to do instead of doing it;
    // not done yet (issue 14).
    &["app", "clipboard", "command_line", "live", "marks"],
];

/// A module: its path below `tui` (empty for `tui` itself).
type Module = Vec<String>;

/// One reference from a module to another, with where it is written.
#[derive(Clone, Debug)]
struct Edge {
    to: Module,
    line: usize,
    text: String,
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "tui".to_string()
    } else {
        m.join("/")
    }
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/tui") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is: `tabs/audit.rs` is `tabs/audit`, `tabs/mod.rs` is `tabs`.
fn module_of(root: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(root).expect("file under src/tui");
    let mut parts: Module = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The source with comments and string/char literals blanked (newlines kept, so byte offsets
/// still give line numbers).
// Long: one small lexer; splitting it would scatter its state.
fn blank_comments_and_strings(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest
                .iter()
                .position(|c| *c == b'\n')
                .map_or(b.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            let end = find(b, i + 2, b"*/").map_or(b.len(), |p| p + 2);
            blank(&mut out, i, end);
            i = end;
        } else if (rest.starts_with(b"r\"") || rest.starts_with(b"r#"))
            && (i == 0 || !is_ident(b[i - 1]))
        {
            let hashes = rest[1..].iter().take_while(|c| **c == b'#').count();
            if rest.get(1 + hashes) != Some(&b'"') {
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let end = find(b, i + 2 + hashes, &close).map_or(b.len(), |p| p + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if rest[0] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, (j + 1).min(b.len()));
            i = j + 1;
        } else if rest[0] == b'\'' && char_literal_len(rest).is_some() {
            let len = char_literal_len(rest).unwrap_or(1);
            blank(&mut out, i, i + len);
            i += len;
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8 (only ASCII bytes are replaced)")
}

/// The length of a char literal starting here ('a', '\n', '\u{..}'), or None (a lifetime).
fn char_literal_len(rest: &[u8]) -> Option<usize> {
    if rest.get(1) == Some(&b'\\') {
        return rest[2..].iter().position(|c| *c == b'\'').map(|p| p + 3);
    }
    // One UTF-8 char, then a quote.
    let first = *rest.get(1)?;
    let width = match first {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    (rest.get(1 + width) == Some(&b'\'')).then_some(width + 2)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The code with `#[cfg(test)] mod … { … }` blocks blanked.
fn blank_test_modules(code: &str) -> String {
    let b = code.as_bytes();
    let mut out = b.to_vec();
    let mut from = 0;
    while let Some(at) = find(b, from, b"#[cfg(test)]") {
        from = at + 1;
        let after = code[at + 12..].trim_start();
        if !(after.starts_with("mod ") || after.starts_with("pub mod ")) {
            continue;
        }
        let Some(open) = find(b, at, b"{") else { break };
        let mut depth = 0;
        let mut end = b.len();
        for (j, c) in b.iter().enumerate().skip(open) {
            match c {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = j + 1;
                break;
            }
        }
        for c in &mut out[at..end] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = end;
    }
    String::from_utf8(out).expect("ASCII blanks keep UTF-8")
}

/// The paths of a `use` tree (`a::{b, c::{self, D}}` gives `a::b`, `a::c`, `a::c::D`), each
/// with the name it binds (its last segment, or its `as` alias).
fn use_paths(tree: &str) -> Vec<(Vec<String>, String)> {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    expand(&tree, &[], &mut out);
    out
}

fn expand(tree: &str, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let mut path = prefix.to_vec();
        path.extend(segments(tree[..open].trim_end_matches("::")));
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        for item in split_top(inner) {
            expand(item, &path, out);
        }
        return;
    }
    let (path_text, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p, Some(a.trim().to_string())),
        None => (tree, None),
    };
    let mut path = prefix.to_vec();
    for seg in segments(path_text) {
        if seg != "self" || path.is_empty() {
            path.push(seg);
        }
    }
    if path.last().is_some_and(|s| s == "*") || path.is_empty() {
        path.pop();
        out.push((path, String::new()));
        return;
    }
    let bound = alias.unwrap_or_else(|| path.last().cloned().unwrap_or_default());
    out.push((path, bound));
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a `use` group's items at its top-level commas.
fn split_top(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// What the modules are, and how to resolve a path written in one of them.
struct Tree {
    modules: BTreeSet<Module>,
}

impl Tree {
    /// The module a path written in `from` names (the deepest one), given the names the file
    /// bound to modules by `use`. None: not a tui module (std, a crate, a local item).
    fn resolve(
        &self,
        from: &Module,
        aliases: &BTreeMap<String, Module>,
        path: &[String],
    ) -> Option<Module> {
        let first = path.first()?;
        let (mut at, rest): (Module, &[String]) = match first.as_str() {
            "crate" if path.get(1).is_some_and(|s| s == "tui") => (Vec::new(), &path[2..]),
            "crate" => return None,
            "super" => {
                let supers = path.iter().take_while(|s| *s == "super").count();
                let keep = from.len().checked_sub(supers)?;
                (from[..keep].to_vec(), &path[supers..])
            }
            "self" => (from.clone(), &path[1..]),
            _ => {
                let mut child = from.clone();
                child.push(first.clone());
                if self.modules.contains(&child) {
                    (child, &path[1..])
                } else {
                    (aliases.get(first)?.clone(), &path[1..])
                }
            }
        };
        for seg in rest {
            let mut next = at.clone();
            next.push(seg.clone());
            if !self.modules.contains(&next) {
                break;
            }
            at = next;
        }
        Some(at)
    }
}

fn line_of(src: &str, offset: usize) -> (usize, String) {
    let line = src[..offset].matches('\n').count() + 1;
    let text = src.lines().nth(line - 1).unwrap_or("").trim().to_string();
    (line, text)
}

/// Every `use …;` in the code: its byte offset and its tree.
fn use_items(code: &str) -> Vec<(usize, &str)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find(b, from, b"use ") {
        from = at + 4;
        if at > 0 && is_ident(b[at - 1]) {
            continue;
        }
        let Some(end) = code[at..].find(';') else {
            break;
        };
        out.push((at, &code[at + 4..at + end]));
        from = at + end;
    }
    out
}

/// The paths written in code outside `use` items (`a::b::c`, not preceded by `::`).
fn code_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = is_ident(b[i]) && (i == 0 || (!is_ident(b[i - 1]) && b[i - 1] != b':'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < b.len() && (is_ident(b[j]) || code[j..].starts_with("::")) {
            j += if b[j] == b':' { 2 } else { 1 };
        }
        let text = &code[i..j];
        if text.contains("::") {
            out.push((i, segments(text)));
        }
        i = j.max(i + 1);
    }
    out
}

/// The references of one file to other tui modules.
fn edges_of(tree: &Tree, module: &Module, src: &str) -> Vec<Edge> {
    let code = blank_test_modules(&blank_comments_and_strings(src));
    let mut edges = Vec::new();
    let mut aliases = BTreeMap::new();
    let mut use_spans = Vec::new();
    for (at, item) in use_items(&code) {
        use_spans.push(at..at + item.len() + 4);
        for (path, bound) in use_paths(item) {
            let Some(to) = tree.resolve(module, &BTreeMap::new(), &path) else {
                continue;
            };
            // A path that ends at a module binds the module's name to it.
            if !bound.is_empty()
                && path
                    .last()
                    .is_some_and(|l| l == "self" || to.last() == Some(l))
            {
                aliases.insert(bound.clone(), to.clone());
            }
            let (line, text) = line_of(src, at);
            edges.push(Edge { to, line, text });
        }
    }
    for (at, path) in code_paths(&code) {
        if use_spans.iter().any(|s| s.contains(&at)) {
            continue;
        }
        if let Some(to) = tree.resolve(module, &aliases, &path) {
            let (line, text) = line_of(src, at);
            edges.push(Edge { to, line, text });
        }
    }
    // A module does not reference itself (`self::…`, or a path naming its own items).
    edges.retain(|e| &e.to != module);
    edges
}

/// Tarjan's strongly connected components.
struct Scc<'a> {
    graph: &'a BTreeMap<Module, Vec<Edge>>,
    index: BTreeMap<Module, usize>,
    low: BTreeMap<Module, usize>,
    stack: Vec<Module>,
    on_stack: BTreeSet<Module>,
    out: Vec<Vec<Module>>,
}

impl Scc<'_> {
    fn visit(&mut self, v: &Module) {
        let n = self.index.len();
        self.index.insert(v.clone(), n);
        self.low.insert(v.clone(), n);
        self.stack.push(v.clone());
        self.on_stack.insert(v.clone());
        for e in self.graph.get(v).into_iter().flatten() {
            if !self.index.contains_key(&e.to) {
                self.visit(&e.to);
                let low = self.low[v].min(self.low[&e.to]);
                self.low.insert(v.clone(), low);
            } else if self.on_stack.contains(&e.to) {
                let low = self.low[v].min(self.index[&e.to]);
                self.low.insert(v.clone(), low);
            }
        }
        if self.low[v] == self.index[v] {
            let mut component = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack.remove(&w);
                let done = &w == v;
                component.push(w);
                if done {
                    break;
                }
            }
            component.sort();
            self.out.push(component);
        }
    }
}

fn cycles(graph: &BTreeMap<Module, Vec<Edge>>) -> Vec<Vec<Module>> {
    let mut scc = Scc {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !scc.index.contains_key(v) {
            scc.visit(v);
        }
    }
    scc.out.retain(|c| c.len() > 1);
    scc.out.sort();
    scc.out
}

/// The tui's module graph, read from the source.
fn tui_graph() -> BTreeMap<Module, Vec<Edge>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(&root, f)).collect();
    let tree = Tree { modules };
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_of(&root, file);
        let src = std::fs::read_to_string(file).expect("read a tui source file");
        graph.insert(module.clone(), edges_of(&tree, &module, &src));
    }
    graph
}

/// The file of a module, below `src/tui`: `tabs/mod.rs` for `tabs`, which has children.
fn file_of(graph: &BTreeMap<Module, Vec<Edge>>, m: &Module) -> String {
    let parent = graph.keys().any(|k| k.len() > m.len() && k.starts_with(m));
    match (m.is_empty(), parent) {
        (true, _) => "mod.rs".to_string(),
        (false, true) => format!("{}/mod.rs", m.join("/")),
        (false, false) => format!("{}.rs", m.join("/")),
    }
}

/// One cycle, told: its modules, then each reference between them with its line.
fn describe(graph: &BTreeMap<Module, Vec<Edge>>, cycle: &[Module]) -> String {
    let names: Vec<String> = cycle.iter().map(name).collect();
    let mut text = format!("cycle between {}:\n", names.join(", "));
    for from in cycle {
        let mut seen = BTreeSet::new();
        for e in &graph[from] {
            if cycle.contains(&e.to) && seen.insert((e.to.clone(), e.line)) {
                let _ = writeln!(
                    text,
                    "  {} -> {}   (src/tui/{}:{}: {})",
                    name(from),
                    name(&e.to),
                    file_of(graph, from),
                    e.line,
                    e.text
                );
            }
        }
    }
    text
}

#[test]
fn tui_modules_import_each_other_without_cycles() {
    let graph = tui_graph();
    let allowed: Vec<Vec<String>> = ALLOWED
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    let found: Vec<Vec<String>> = cycles(&graph)
        .iter()
        .map(|c| c.iter().map(name).collect())
        .collect();
    let mut report = String::new();
    for cycle in cycles(&graph) {
        let names: Vec<String> = cycle.iter().map(name).collect();
        if !allowed.contains(&names) {
            report.push_str(&describe(&graph, &cycle));
        }
    }
    // An allowed cycle that is gone (or has shrunk) leaves the list, so it cannot come back.
    for gone in allowed.iter().filter(|a| !found.contains(a)) {
        let _ = writeln!(
            report,
            "ALLOWED lists a cycle that is no longer there: {gone:?}"
        );
    }
    assert!(
        report.is_empty(),
        "the tui's modules import each other in cycles:\n{report}"
    );
}

/// The reader sees the kinds of reference the rule is about (so the test above cannot pass
/// by reading nothing).
#[test]
fn the_reader_finds_each_kind_of_reference() {
    let modules: BTreeSet<Module> = [
        vec![],
        vec!["app".to_string()],
        vec!["keys".to_string()],
        vec!["tabs".to_string()],
        vec!["tabs".to_string(), "runs".to_string()],
        vec!["tabs".to_string(), "settings".to_string()],
    ]
    .into_iter()
    .collect();
    let tree = Tree { modules };
    let src = "use super::keys::{Action, Section};\n\
               use super::tabs;\n\
               // use super::nothing::Here;\n\
               fn f() { let s = \"crate::tui::tabs::runs::X\"; tabs::settings::go(); crate::tui::tabs::Tab::ALL; }\n\
               #[cfg(test)]\nmod tests {\n    use super::tabs::runs::Y;\n}\n";
    let edges = edges_of(&tree, &vec!["app".to_string()], src);
    let found: Vec<(String, usize)> = edges.iter().map(|e| (name(&e.to), e.line)).collect();
    assert_eq!(
        found,
        vec![
            ("keys".to_string(), 1),
            ("keys".to_string(), 1),
            ("tabs".to_string(), 2),
            ("tabs/settings".to_string(), 4),
            ("tabs".to_string(), 4),
        ]
    );
}

/// Cycles are the strongly connected components of more than one module, each found once.
#[test]
fn cycles_are_the_components_of_more_than_one_module() {
    let m = |s: &str| vec![s.to_string()];
    let edge = |to: &str| Edge {
        to: m(to),
        line: 1,
        text: String::new(),
    };
    let graph: BTreeMap<Module, Vec<Edge>> = [
        (m("a"), vec![edge("b")]),
        (m("b"), vec![edge("c"), edge("d")]),
        (m("c"), vec![edge("a")]),
        (m("d"), vec![edge("e")]),
        (m("e"), vec![]),
        (m("f"), vec![edge("g")]),
        (m("g"), vec![edge("f")]),
    ]
    .into_iter()
    .collect();
    let found: Vec<Vec<String>> = cycles(&graph)
        .iter()
        .map(|c| c.iter().map(name).collect())
        .collect();
    assert_eq!(found, vec![vec!["a", "b", "c"], vec!["f", "g"]]);
}
