//! Demo accounts: one password for all, hashed once.

use store::entity::account;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::identity::hash_password;
use crate::tx::{Author, Change, WriteTx};
use crate::{App, AppError, Grant};

/// The demo password, hashed once: every demo account shares it.
pub(super) struct DemoPassword<'a> {
    password: &'a str,
    hash: Option<String>,
}

impl<'a> DemoPassword<'a> {
    pub(super) fn new(password: &'a str) -> Self {
        Self { password, hash: None }
    }

    fn hash(&mut self) -> Result<String, AppError> {
        match &self.hash {
            Some(hash) => Ok(hash.clone()),
            None => Ok(self.hash.insert(hash_password(self.password)?).clone()),
        }
    }
}

/// Creates the account with one grant unless the username exists; returns whether it did.
/// `region` is where the audit trail files the change.
pub(super) async fn ensure_account(
    app: &App,
    (username, display_name): (&str, &str),
    grant: Grant,
    region: &str,
    password: &mut DemoPassword<'_>,
) -> Result<bool, AppError> {
    let hash = password.hash()?;
    let mut tx = WriteTx::begin(app, Author::system()).await?;
    let exists = account::Entity::find().filter(account::Column::Username.eq(username)).one(tx.conn()).await?;
    if exists.is_some() {
        return Ok(false);
    }
    let id = crate::identity::insert_account_in(&tx, username, display_name, hash).await?;
    crate::identity::insert_grant_in(&tx, id, &grant).await?;
    let after = serde_json::json!({ "username": username, "grant": grant });
    tx.record(Change::new("create", "account", id, region).after(&after)).await?;
    tx.commit().await?;
    Ok(true)
}
