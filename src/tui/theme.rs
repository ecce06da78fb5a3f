//! Colours and text styles. Defaults suit dark and light terminals with 16 colours; `[theme]` in
//! the config file picks a preset (`preset = "light"` or `"high-contrast"`) and changes any
//! colour over it; `NO_COLOR` turns colour off (emphasis stays, through bold, dim and reverse
//! video).

use crate::domain::{Error, Result};
use ratatui::style::{Color, Modifier, Style};
use std::str::FromStr;

/// The colours the UI uses, by role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub accent: Color,
    pub text: Color,
    pub muted: Color,
    pub border: Color,
    pub selection_fg: Color,
    pub selection_bg: Color,
    pub key: Color,
    pub ok: Color,
    pub error: Color,
    pub warning: Color,
    pub disabled: Color,
    /// No colours at all (`NO_COLOR`).
    pub no_color: bool,
}

/// The names `[theme]` accepts, with what each colours and its default.
pub const THEME_KEYS: &[(&str, &str, &str)] = &[
    (
        "accent",
        "the current tab, titles and the current workspace",
        "cyan",
    ),
    ("text", "ordinary text", "reset"),
    (
        "muted",
        "secondary text: hints, sources, counts",
        "dark_gray",
    ),
    ("border", "pane and popup borders", "gray"),
    ("selection_fg", "the selected row's text", "black"),
    ("selection_bg", "the selected row's background", "cyan"),
    ("key", "key names in the footer and the help", "yellow"),
    ("ok", "success messages and valid fields", "green"),
    ("error", "errors and invalid fields", "red"),
    ("warning", "limits reached and read-only notes", "yellow"),
    ("disabled", "actions your role does not allow", "dark_gray"),
];

impl Default for Theme {
    fn default() -> Self {
        Self {
            accent: Color::Cyan,
            text: Color::Reset,
            muted: Color::DarkGray,
            border: Color::Gray,
            selection_fg: Color::Black,
            selection_bg: Color::Cyan,
            key: Color::Yellow,
            ok: Color::Green,
            error: Color::Red,
            warning: Color::Yellow,
            disabled: Color::DarkGray,
            no_color: false,
        }
    }
}

/// The presets `[theme] preset` names, with what each is for.
pub const PRESETS: &[(&str, &str)] = &[
    (
        "dark",
        "the default: 16 colours, for dark (and most light) terminals",
    ),
    (
        "light",
        "darker accents that stay readable on a white background",
    ),
    (
        "high-contrast",
        "bright colours only, nothing dim, for low vision or washed-out screens",
    ),
];

impl Theme {
    /// A preset by name (see `PRESETS`).
    pub fn preset(name: &str) -> Option<Self> {
        Some(match name {
            "dark" => Self::default(),
            "light" => Self {
                accent: Color::Blue,
                text: Color::Reset,
                muted: Color::DarkGray,
                border: Color::DarkGray,
                selection_fg: Color::White,
                selection_bg: Color::Blue,
                key: Color::Magenta,
                ok: Color::Green,
                error: Color::Red,
                // Yellow disappears on white: a dark orange instead.
                warning: Color::Indexed(130),
                disabled: Color::Gray,
                no_color: false,
            },
            "high-contrast" => Self {
                accent: Color::LightYellow,
                text: Color::White,
                muted: Color::Gray,
                border: Color::White,
                selection_fg: Color::Black,
                selection_bg: Color::LightYellow,
                key: Color::LightCyan,
                ok: Color::LightGreen,
                error: Color::LightRed,
                warning: Color::LightMagenta,
                disabled: Color::Gray,
                no_color: false,
            },
            _ => return None,
        })
    }

    /// The theme without colour.
    pub fn monochrome() -> Self {
        Self {
            no_color: true,
            ..Self::default()
        }
    }

    /// The defaults with the config file's `[theme]` over them; `no_color` (from `NO_COLOR`)
    /// wins over both. Unknown names and colours that cannot be read are errors.
    pub fn from_config(table: Option<&toml::Table>, no_color: bool) -> Result<Self> {
        let mut theme = match table.and_then(|t| t.get("preset")) {
            None => Self::default(),
            Some(value) => value.as_str().and_then(Self::preset).ok_or_else(|| {
                let known: Vec<&str> = PRESETS.iter().map(|(k, _)| *k).collect();
                Error::invalid(format!(
                    "config file [theme] preset: {value} is not a preset (known: {})",
                    known.join(", ")
                ))
            })?,
        };
        for (name, value) in table.into_iter().flatten() {
            if name == "preset" {
                continue;
            }
            let Some(slot) = theme.slot(name) else {
                let known: Vec<&str> = THEME_KEYS.iter().map(|(k, _, _)| *k).collect();
                return Err(Error::invalid(format!(
                    "config file [theme]: unknown name '{name}' (known: preset, {})",
                    known.join(", ")
                )));
            };
            let text = value.as_str().ok_or_else(|| {
                Error::invalid(format!(
                    "config file [theme] {name}: give a colour as a string, like \"cyan\" or \"#5f87af\""
                ))
            })?;
            *slot = Color::from_str(text).map_err(|_| {
                Error::invalid(format!(
                    "config file [theme] {name}: '{text}' is not a colour (a name like \"light_blue\", an index 0-255, or \"#rrggbb\")"
                ))
            })?;
        }
        theme.no_color = no_color;
        Ok(theme)
    }

    fn slot(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "accent" => &mut self.accent,
            "text" => &mut self.text,
            "muted" => &mut self.muted,
            "border" => &mut self.border,
            "selection_fg" => &mut self.selection_fg,
            "selection_bg" => &mut self.selection_bg,
            "key" => &mut self.key,
            "ok" => &mut self.ok,
            "error" => &mut self.error,
            "warning" => &mut self.warning,
            "disabled" => &mut self.disabled,
            _ => return None,
        })
    }

    fn fg(&self, color: Color, fallback: Modifier) -> Style {
        if self.no_color {
            Style::new().add_modifier(fallback)
        } else {
            Style::new().fg(color)
        }
    }

    pub fn text(&self) -> Style {
        self.fg(self.text, Modifier::empty())
    }

    pub fn accent(&self) -> Style {
        self.fg(self.accent, Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        self.accent().add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        self.fg(self.muted, Modifier::DIM)
    }

    pub fn border(&self) -> Style {
        self.fg(self.border, Modifier::empty())
    }

    pub fn focused_border(&self) -> Style {
        self.fg(self.accent, Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(self.key, Modifier::BOLD)
            .add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(self.ok, Modifier::empty())
    }

    pub fn error(&self) -> Style {
        self.fg(self.error, Modifier::BOLD)
    }

    pub fn warning(&self) -> Style {
        self.fg(self.warning, Modifier::empty())
    }

    pub fn disabled(&self) -> Style {
        self.fg(self.disabled, Modifier::DIM)
    }

    /// The selected row of the focused list.
    pub fn selection(&self) -> Style {
        if self.no_color {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
                .fg(self.selection_fg)
                .bg(self.selection_bg)
                .add_modifier(Modifier::BOLD)
        }
    }

    /// The selected row of a list that does not have the focus.
    pub fn unfocused_selection(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The current tab in the tab bar.
    pub fn active_tab(&self) -> Style {
        if self.no_color {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
                .fg(self.selection_fg)
                .bg(self.accent)
                .add_modifier(Modifier::BOLD)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_and_errors() {
        let t: toml::Table = "accent = \"light_blue\"\nerror = \"#ff0000\"\nkey = \"208\"\n"
            .parse()
            .unwrap();
        let theme = Theme::from_config(Some(&t), false).unwrap();
        assert_eq!(theme.accent, Color::LightBlue);
        assert_eq!(theme.error, Color::Rgb(255, 0, 0));
        assert_eq!(theme.key, Color::Indexed(208));

        let t: toml::Table = "acent = \"red\"\n".parse().unwrap();
        let err = Theme::from_config(Some(&t), false).unwrap_err();
        assert!(err.message.contains("unknown name 'acent'"), "{err}");
        let t: toml::Table = "accent = \"reddish\"\n".parse().unwrap();
        let err = Theme::from_config(Some(&t), false).unwrap_err();
        assert!(err.message.contains("'reddish' is not a colour"), "{err}");
        let t: toml::Table = "accent = 3\n".parse().unwrap();
        assert!(Theme::from_config(Some(&t), false).is_err());
    }

    #[test]
    fn no_color_uses_no_colours() {
        let theme = Theme::from_config(None, true).unwrap();
        for style in [
            theme.text(),
            theme.accent(),
            theme.muted(),
            theme.error(),
            theme.selection(),
            theme.active_tab(),
            theme.key(),
            theme.disabled(),
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
    }

    #[test]
    fn presets_load_and_colours_go_over_them() {
        for (name, _) in PRESETS {
            let t: toml::Table = format!("preset = \"{name}\"\n").parse().unwrap();
            let theme = Theme::from_config(Some(&t), false).unwrap();
            assert_eq!(Some(&theme), Theme::preset(name).as_ref(), "{name}");
        }
        let t: toml::Table = "preset = \"light\"\n".parse().unwrap();
        let light = Theme::from_config(Some(&t), false).unwrap();
        assert_ne!(light, Theme::default());
        // Yellow on white is unreadable: the light preset uses none.
        assert!(!matches!(light.warning, Color::Yellow | Color::LightYellow));
        assert!(!matches!(light.key, Color::Yellow | Color::LightYellow));
        assert_eq!(light.selection().bg, Some(Color::Blue));

        let t: toml::Table = "preset = \"high-contrast\"\n".parse().unwrap();
        let hc = Theme::from_config(Some(&t), false).unwrap();
        // Nothing in the high-contrast preset is dark grey (the default's dim text).
        for c in [hc.text, hc.muted, hc.border, hc.disabled, hc.accent] {
            assert_ne!(c, Color::DarkGray);
        }
        assert_eq!(hc.selection().bg, Some(Color::LightYellow));

        // A colour given beside the preset wins over it, in any order.
        let t: toml::Table = "accent = \"red\"\npreset = \"light\"\n".parse().unwrap();
        let theme = Theme::from_config(Some(&t), false).unwrap();
        assert_eq!(theme.accent, Color::Red);
        assert_eq!(theme.selection_bg, Color::Blue);

        // NO_COLOR still wins over a preset.
        let t: toml::Table = "preset = \"high-contrast\"\n".parse().unwrap();
        let theme = Theme::from_config(Some(&t), true).unwrap();
        assert!(theme.no_color);
        assert_eq!(theme.accent().fg, None);
        assert_eq!(theme.selection().bg, None);

        for bad in ["preset = \"solarized\"\n", "preset = 1\n"] {
            let t: toml::Table = bad.parse().unwrap();
            let err = Theme::from_config(Some(&t), false).unwrap_err();
            assert!(err.message.contains("[theme] preset"), "{err}");
            assert!(err.message.contains("light, high-contrast"), "{err}");
        }
    }

    #[test]
    fn every_theme_key_has_a_slot_and_its_default() {
        let mut theme = Theme::default();
        let defaults = Theme::default();
        for (name, _, default) in THEME_KEYS {
            let color = Color::from_str(default).unwrap();
            let slot = theme.slot(name).unwrap();
            assert_eq!(*slot, color, "{name}");
        }
        assert_eq!(theme, defaults);
    }
}
