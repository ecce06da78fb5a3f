//! What the audit log's narrowing form chose. A leaf: the form, the tab and the `Cmd` that
//! carries it from one to the other all name it.

/// What the narrowing form chose (`f`); empty parts do not narrow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Narrowing {
    /// "Since" as typed ("2h"), to show and to edit again.
    pub since_text: String,
    /// The time it stood for when it was chosen (RFC 3339 UTC).
    pub since: Option<String>,
    pub who: Option<String>,
    pub what: Option<String>,
}

impl Narrowing {
    /// "since 2h · who ana · what workspace", or None when nothing narrows.
    pub fn summary(&self) -> Option<String> {
        let parts: Vec<String> = [
            (
                "since",
                Some(self.since_text.as_str()).filter(|s| !s.is_empty()),
            ),
            ("who", self.who.as_deref()),
            ("what", self.what.as_deref()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k} {v}")))
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}
