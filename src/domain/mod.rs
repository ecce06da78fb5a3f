//! Plain types and rules used everywhere: ids, names and their validation, roles and the
//! permission table, tiers and limits, credit rates, label rules. No I/O.

pub mod changes;
pub mod credits;
pub mod effective;
pub mod error;
pub mod ids;
pub mod labels;
pub mod model;
pub mod names;
pub mod permissions;
pub mod roles;
pub mod tiers;

pub use effective::{EffectiveRole, RoleGrant, RoleSource};
pub use error::{Error, ErrorKind, Result, ResultExt};
pub use ids::*;
pub use model::*;
pub use permissions::Permission;
pub use roles::{OrgRole, ParticipantType, Visibility, WspRole};
pub use tiers::{Limits, Tier, Usage};
