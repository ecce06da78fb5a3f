//! Reusable pieces of the screen, each in its own file.

pub mod bulk;
pub mod confirm;
pub mod form;
pub mod help;
pub mod list;
pub mod new_token;
pub mod picker;
pub mod searched;
pub mod switcher;
pub mod table;
pub mod text;
pub mod toast;
