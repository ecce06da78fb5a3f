//! Users.

use super::{need, required};
use crate::api::dto::{AccessToken, ExtCreateUserRequest, UserResponseDto};
use crate::domain::{ApiToken, NewUser, Result, User};

pub fn user_dto(u: &User) -> UserResponseDto {
    UserResponseDto {
        id: Some(u.id),
        user_name: Some(u.user_name.clone()),
        email: Some(u.email.clone()),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        deleted: Some(false),
        ..Default::default()
    }
}

pub fn user_from_dto(d: UserResponseDto) -> Result<User> {
    Ok(User {
        id: need(d.id, "user id")?,
        email: need(d.email, "user email")?,
        user_name: d.user_name.unwrap_or_default(),
        first_name: d.first_name.filter(|s| !s.is_empty()),
        last_name: d.last_name.filter(|s| !s.is_empty()),
    })
}

pub fn new_user_request(u: &NewUser) -> ExtCreateUserRequest {
    ExtCreateUserRequest {
        email: Some(u.email.clone()),
        user_name: super::non_empty(&u.user_name),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
    }
}

pub fn new_user_from_request(r: ExtCreateUserRequest) -> Result<NewUser> {
    Ok(NewUser {
        email: required(r.email, "email")?,
        user_name: r.user_name.unwrap_or_default(),
        first_name: r.first_name,
        last_name: r.last_name,
    })
}

pub fn token_dto(t: ApiToken) -> AccessToken {
    AccessToken {
        id: Some(t.id),
        name: Some(t.name),
        date_created: Some(t.date_created),
        last_used: t.last_used,
    }
}

pub fn token_from_dto(d: AccessToken) -> Result<ApiToken> {
    Ok(ApiToken {
        id: need(d.id, "token id")?,
        name: d.name.unwrap_or_default(),
        date_created: d.date_created.unwrap_or_default(),
        last_used: d.last_used,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_round_trip() {
        let u = User {
            id: 3,
            email: "ana@x.org".into(),
            user_name: "ana".into(),
            first_name: Some("Ana".into()),
            last_name: None,
        };
        assert_eq!(user_from_dto(user_dto(&u)).unwrap(), u);
        let err = user_from_dto(UserResponseDto::default()).unwrap_err();
        assert!(err.message.contains("no user id"), "{err}");
    }
}
