//! Impact before harm. A destructive or visibility-reducing action does not ask at once: it
//! asks for what the change would take with it (`Load::Impact`, run as an effect, so drawing
//! never waits), and its confirmation opens when the answer arrives, listing it. The
//! confirmation is y/n when the impact is small and asks for the name when it is large
//! (`domain::Impact`'s severity), or always for what deletes a workspace or an org.
//! Whether the change is allowed is still the engine's to say when it is sent.

use super::request::{Mutation, ReqId};
use super::widgets::confirm::Confirm;
use crate::domain::{Harm, Impact, Result, Severity};

/// A change waiting for its impact before its confirmation opens.
#[derive(Debug)]
pub struct Guarded {
    pub harm: Harm,
    /// The confirmation's title ("Delete compute environment").
    pub title: String,
    /// The question, without the impact ("Delete compute environment hpc (slurm)?").
    pub question: String,
    /// The name typed to confirm a large change.
    pub name: String,
    /// Typing the name is asked whatever the impact (deleting a workspace or an org).
    pub always_typed: bool,
    pub op: Mutation,
    /// The form the confirmation decides for: it waits beneath (its `submitting` is this
    /// request), closes with the confirmation's success, and is editable again on "no".
    pub form: Option<ReqId>,
}

impl Guarded {
    pub fn new(harm: Harm, title: &str, question: String, name: &str, op: Mutation) -> Self {
        Self {
            harm,
            title: title.to_string(),
            question,
            name: name.to_string(),
            always_typed: false,
            op,
            form: None,
        }
    }

    /// Ask for the name whatever the impact.
    pub fn typed(self) -> Self {
        Self {
            always_typed: true,
            ..self
        }
    }

    /// The confirmation, once the impact is known (or could not be: then it says why, and
    /// the name must be typed, since nothing says the change is small), and the change it
    /// decides (the app opens them as `Overlay::Confirm`; this file knows no popups).
    pub fn confirm(self, impact: Result<Impact>) -> (Confirm, Mutation) {
        let (text, large) = match &impact {
            Ok(i) => (affects(i), i.severity == Severity::Large),
            Err(e) => (
                format!("What it affects could not be read: {}", e.message),
                true,
            ),
        };
        let message = format!("{}\n\n{text}", self.question);
        let mut confirm = if large || self.always_typed {
            Confirm::typed(self.title, message, &self.name)
        } else {
            Confirm::yes_no(self.title, message)
        };
        confirm.form = self.form;
        (confirm, self.op)
    }
}

/// "It affects:" and one line per kind of thing, or that it affects nothing else.
fn affects(impact: &Impact) -> String {
    let lines = impact.lines();
    if lines.is_empty() {
        return "Nothing else uses it.".to_string();
    }
    let listed: Vec<String> = lines.iter().map(|l| format!("• {l}")).collect();
    format!("It affects:\n{}", listed.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Error, ImpactItem};

    fn team() -> Guarded {
        let op = Mutation::DeleteTeam {
            org: 1,
            team: 2,
            name: "analysts".into(),
        };
        let harm = Harm::DeleteTeam { org: 1, team: 2 };
        Guarded::new(
            harm,
            "Delete team",
            "Delete team analysts?".into(),
            "analysts",
            op,
        )
    }

    fn opened((confirm, _): (Confirm, Mutation)) -> Confirm {
        confirm
    }

    #[test]
    fn the_confirmation_fits_the_impact() {
        let harm = Harm::DeleteTeam { org: 1, team: 2 };
        let items = |count| {
            vec![ImpactItem {
                what: "workspaces it participates in".into(),
                one: "workspace it participates in".into(),
                of: None,
                count,
                names: vec![],
            }]
        };
        let small = opened(team().confirm(Ok(Impact::new(&harm, items(1), vec![]))));
        assert!(small.typed.is_none());
        assert!(small.message.contains("• 1 workspace it participates in"));
        let large = opened(team().confirm(Ok(Impact::new(&harm, items(7), vec![]))));
        assert_eq!(large.typed.as_ref().map(|t| t.0.as_str()), Some("analysts"));
        // Not knowing what it affects is not "nothing": the name is asked for.
        let unknown = opened(team().confirm(Err(Error::internal("the server is down"))));
        assert!(unknown.typed.is_some());
        assert!(
            unknown
                .message
                .contains("could not be read: the server is down")
        );
        let typed = opened(
            team()
                .typed()
                .confirm(Ok(Impact::new(&harm, vec![], vec![]))),
        );
        assert!(typed.typed.is_some() && typed.message.contains("Nothing else uses it."));
    }
}
