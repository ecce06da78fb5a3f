//! The command line's text while it is open (`:`), and the completion Tab cycles through.
//! `command_line` says what the words can be and runs them.

use tui_input::Input;

/// The line being typed, and the completion Tab is cycling through.
#[derive(Debug, Default)]
pub struct CommandLine {
    pub input: Input,
    cycle: Option<Cycle>,
    /// Why the last Enter did nothing (shown above the line until the next key).
    pub error: Option<String>,
}

#[derive(Debug)]
struct Cycle {
    /// The text before the word being completed.
    head: String,
    options: Vec<String>,
    index: usize,
}

/// The words before the cursor's word, and that word.
pub fn split_last(text: &str) -> (&str, &str) {
    match text.rfind(' ') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    }
}

impl CommandLine {
    /// The text changed by typing: forget the cycle and the last error.
    pub fn edited(&mut self) {
        self.cycle = None;
        self.error = None;
    }

    /// Tab (forward) or Shift-Tab: the next or previous completion of the word being typed.
    /// A single candidate is taken whole, with a space after it.
    pub fn complete(&mut self, m_candidates: impl FnOnce(&str) -> Vec<String>, forward: bool) {
        self.error = None;
        if let Some(cycle) = &mut self.cycle {
            let n = cycle.options.len();
            cycle.index = if forward {
                (cycle.index + 1) % n
            } else {
                (cycle.index + n - 1) % n
            };
            let text = format!("{}{}", cycle.head, cycle.options[cycle.index]);
            self.input = Input::new(text);
            return;
        }
        let text = self.input.value().to_string();
        let options = m_candidates(&text);
        let head = split_last(&text).0.to_string();
        match options.len() {
            0 => {}
            1 => self.input = Input::new(format!("{head}{} ", options[0])),
            _ => {
                let index = if forward { 0 } else { options.len() - 1 };
                self.input = Input::new(format!("{head}{}", options[index]));
                self.cycle = Some(Cycle {
                    head,
                    options,
                    index,
                });
            }
        }
    }

    /// The options Tab cycles through, and the one it took.
    pub fn cycling(&self) -> Option<(&[String], usize)> {
        self.cycle.as_ref().map(|c| (c.options.as_slice(), c.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_cycles_and_a_single_candidate_is_taken_whole() {
        let mut line = CommandLine {
            input: Input::new("r".into()),
            ..Default::default()
        };
        let pool = |t: &str| -> Vec<String> {
            ["runs", "refresh", "remove-participant"]
                .iter()
                .filter(|c| c.starts_with(split_last(t).1))
                .map(|c| c.to_string())
                .collect()
        };
        line.complete(pool, true);
        assert_eq!(line.input.value(), "runs");
        line.complete(pool, true);
        assert_eq!(line.input.value(), "refresh");
        line.complete(pool, false);
        assert_eq!(line.input.value(), "runs");
        line.edited();
        line.input = Input::new("ref".into());
        line.complete(pool, true);
        assert_eq!(line.input.value(), "refresh ");
        assert!(line.cycling().is_none());
    }
}
