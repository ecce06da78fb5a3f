//! Users and their personal workspaces.

use super::Ctx;
use super::audit::snap;
use super::store;
use crate::domain::names::{
    check_email, check_max, check_user_name, normalize_email, user_name_from_email,
};
use crate::domain::{Error, NewUser, Page, Paged, Result, User};

impl Ctx<'_> {
    /// The acting user.
    pub fn me(&self) -> Result<User> {
        store::users::by_id(self.conn, self.actor.user_id)?
            .ok_or_else(|| Error::not_found(format!("user {} no longer exists", self.actor.email)))
    }

    /// Creates a user and their personal workspace (operator only).
    pub fn create_user(&self, new: &NewUser) -> Result<User> {
        if !self.actor.operator {
            return Err(Error::forbidden("only the operator may create users"));
        }
        let email = normalize_email(&new.email);
        check_email(&email).map_err(|e| e.about("user"))?;
        if store::users::by_email(self.conn, &email)?.is_some() {
            return Err(Error::conflict(format!(
                "a user with email {email} already exists"
            )));
        }
        let user_name = if new.user_name.trim().is_empty() {
            self.free_user_name(&email)?
        } else {
            let name = new.user_name.trim().to_string();
            check_user_name(&name).map_err(|e| e.about(format!("user {email}")))?;
            if store::users::by_user_name(self.conn, &name)?.is_some() {
                return Err(Error::conflict(format!(
                    "user {email}: the user name '{name}' is taken"
                )));
            }
            name
        };
        for (field, value) in [
            ("first name", &new.first_name),
            ("last name", &new.last_name),
        ] {
            if let Some(v) = value {
                check_max(field, v, 100).map_err(|e| e.about(format!("user {email}")))?;
            }
        }
        self.insert_user(
            &email,
            &user_name,
            new.first_name.as_deref(),
            new.last_name.as_deref(),
        )
    }

    /// The user with this email, created (with a personal workspace) if unknown: adding an
    /// unknown email to an org or a workspace is an invitation.
    pub(crate) fn ensure_user(&self, email: &str) -> Result<User> {
        let email = normalize_email(email);
        check_email(&email)?;
        if let Some(user) = store::users::by_email(self.conn, &email)? {
            return Ok(user);
        }
        let user_name = self.free_user_name(&email)?;
        self.insert_user(&email, &user_name, None, None)
    }

    fn insert_user(
        &self,
        email: &str,
        user_name: &str,
        first: Option<&str>,
        last: Option<&str>,
    ) -> Result<User> {
        let id = store::users::insert(self.conn, email, user_name, first, last)?;
        let user = User {
            id,
            email: email.to_string(),
            user_name: user_name.to_string(),
            first_name: first.map(str::to_string),
            last_name: last.map(str::to_string),
        };
        store::workspaces::insert_personal(self.conn, id, user_name, &user.display_name())?;
        self.audit("user.create", "user", id, email, None, snap(&user))?;
        Ok(user)
    }

    /// A user name derived from the email that nobody has yet (`ana`, `ana-2`, ...).
    fn free_user_name(&self, email: &str) -> Result<String> {
        let base = user_name_from_email(email);
        if store::users::by_user_name(self.conn, &base)?.is_none() {
            return Ok(base);
        }
        for n in 2..10_000 {
            let suffix = format!("-{n}");
            let mut candidate = base.clone();
            candidate.truncate(39 - suffix.len());
            candidate.push_str(&suffix);
            if store::users::by_user_name(self.conn, &candidate)?.is_none() {
                return Ok(candidate);
            }
        }
        Err(Error::conflict(format!("no free user name for {email}")))
    }

    /// Every user (operator only).
    pub fn list_users(&self, page: &Page) -> Result<Paged<User>> {
        if !self.actor.operator {
            return Err(Error::forbidden("only the operator may list all users"));
        }
        store::users::list(self.conn, page)
    }

    /// Finds a user by email or user name; only the operator may look up arbitrary users.
    pub fn find_user(&self, who: &str) -> Result<User> {
        store::users::by_name_or_email(self.conn, &normalize_email(who))?
            .ok_or_else(|| Error::not_found(format!("no user {who}")))
    }
}
