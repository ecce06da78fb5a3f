//! What the selected row is, for the copy keys: `y` copies its id, `Y` its name, `U` its URL.
//! Each screen says what its focused list's selection is (`Screen::selected`); this module
//! knows which field each copy key takes and why there is nothing to copy.

use super::keys::Action;

/// What the selection is, for the copy keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// "run", "pipeline", ...: the toast names it.
    pub what: &'static str,
    pub id: String,
    pub name: String,
    /// A repository URL, for the objects that have one.
    pub url: Option<String>,
}

impl Selected {
    /// An object without a URL.
    pub fn new(what: &'static str, id: impl ToString, name: impl Into<String>) -> Selected {
        Selected {
            what,
            id: id.to_string(),
            name: name.into(),
            url: None,
        }
    }

    pub fn with_url(self, url: Option<String>) -> Selected {
        Selected { url, ..self }
    }

    /// The text a copy action takes from it, if it has one.
    pub fn value(&self, action: Action) -> Option<String> {
        match action {
            Action::CopyId => Some(self.id.clone()),
            Action::CopyName => Some(self.name.clone()),
            Action::CopyUrl => self.url.clone(),
            _ => None,
        }
        .filter(|v| !v.is_empty())
    }
}

/// Which field a copy action takes ("id", "name", "URL"); None for other actions.
pub fn field(action: Action) -> Option<&'static str> {
    match action {
        Action::CopyId => Some("id"),
        Action::CopyName => Some("name"),
        Action::CopyUrl => Some("URL"),
        _ => None,
    }
}

/// Why a copy action has nothing to copy from this selection, if it has not.
pub fn why_not(selected: Option<&Selected>, action: Action) -> Option<String> {
    let field = field(action)?;
    let Some(s) = selected else {
        return Some("nothing selected to copy".into());
    };
    s.value(action)
        .is_none()
        .then(|| format!("the selected {} has no {field}", s.what))
}
