//! `[keys]` and `[theme]` in the config file: the example documents every key with its default,
//! and mistakes are clear errors before the screen opens.

use nfdeck::config::ConfigFile;
use nfdeck::tui::Settings;
use nfdeck::tui::keys::{ACTIONS, KeyTable};
use nfdeck::tui::theme::{THEME_KEYS, Theme};
use std::path::Path;

const EXAMPLE: &str = include_str!("../../config.example.toml");

#[test]
fn the_example_documents_every_key_and_colour_with_its_default() {
    let file = ConfigFile::parse(EXAMPLE, Path::new("config.example.toml")).unwrap();
    let keys = file.keys.as_ref().expect("[keys] in the example");
    for def in ACTIONS {
        let section = keys
            .get(def.section.name())
            .and_then(|s| s.as_table())
            .unwrap_or_else(|| panic!("[keys.{}] missing", def.section.name()));
        assert!(
            section.contains_key(def.name),
            "[keys.{}] {} missing",
            def.section.name(),
            def.name
        );
    }
    let theme = file.theme.as_ref().expect("[theme] in the example");
    for (name, _, _) in THEME_KEYS {
        assert!(theme.contains_key(*name), "[theme] {name} missing");
    }
    // The values written there are the defaults.
    let settings = Settings::from_config(&file, false).unwrap();
    assert_eq!(settings.keys, KeyTable::defaults());
    assert_eq!(settings.theme, Theme::default());
}

#[test]
fn mistakes_are_named() {
    for (text, wanted) in [
        ("[keys.global]\nquit = \"ctl-q\"\n", "'ctl-q' is not a key"),
        ("[keys.globl]\nquit = \"q\"\n", "unknown section [globl]"),
        ("[keys.participants]\nadd = \"b\"\n", "'b' is bound to both"),
        ("[theme]\naccent = \"sky\"\n", "'sky' is not a colour"),
        ("[theme]\naccnt = \"red\"\n", "unknown name 'accnt'"),
    ] {
        let file = ConfigFile::parse(text, Path::new("c.toml")).unwrap();
        let err = Settings::from_config(&file, false).unwrap_err();
        assert!(err.message.contains(wanted), "{text}: {err}");
    }
}

#[test]
fn a_bad_key_table_stops_nfdeck_before_the_screen_opens() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("bad.toml");
    std::fs::write(&config, "[keys.global]\nquit = \"ctl-q\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nfdeck"))
        .arg("--config")
        .arg(&config)
        .arg("--demo")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("NFDECK_CONFIG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[global] quit: 'ctl-q' is not a key"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing drawn");
}
