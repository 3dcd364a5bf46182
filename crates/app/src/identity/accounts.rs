use std::collections::HashMap;

use chrono::Utc;
use domain::identity::{Permission, Role, Scope, check_password_policy};
use serde::Serialize;
use store::entity::{account, role_grant};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use super::secrets::hash_password_blocking;
use super::sessions::grant_of;
use crate::error::{Checks, required_text};
use crate::tx::{Author, Change, WriteTx};
use crate::{Actor, App, AppError, Grant, RegionTree};

/// An account as admins see it (never the password hash).
#[derive(Debug, Clone, Serialize)]
pub struct AccountView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub active: bool,
    pub locked: bool,
    pub grants: Vec<Grant>,
}

pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: String,
    pub region_code: String,
}

impl App {
    /// Accounts all of whose region grants lie inside the actor's account-managing scope.
    pub async fn list_accounts(&self, actor: &Actor) -> Result<Vec<AccountView>, AppError> {
        let scopes = actor.regions_with(Permission::ManageAccounts);
        if scopes.is_empty() {
            return Err(AppError::NotFound);
        }
        let tree = self.regions();
        let now = Utc::now();
        // Two queries for the whole list, grouped here.
        let mut grants: HashMap<i64, Vec<Grant>> = HashMap::new();
        for row in role_grant::Entity::find().all(&self.db).await? {
            let account_id = row.account_id;
            if let Some(grant) = grant_of(row) {
                grants.entry(account_id).or_default().push(grant);
            }
        }
        let mut views = Vec::new();
        for found in account::Entity::find().order_by_asc(account::Column::Username).all(&self.db).await? {
            let grants = grants.remove(&found.id).unwrap_or_default();
            // The accounts the actor manages: every grant of theirs is one it could make.
            let managed = !grants.is_empty()
                && grants.iter().all(|g| match &g.scope {
                    Scope::Region(code) => actor.may_grant(g.role, code, &tree),
                    Scope::Organization(_) | Scope::SupervisingUnit(_) => false,
                });
            if managed {
                views.push(AccountView {
                    id: found.id,
                    locked: found.locked_until.is_some_and(|u| u > now),
                    username: found.username,
                    display_name: found.display_name,
                    active: found.active,
                    grants,
                });
            }
        }
        Ok(views)
    }

    /// Creates an account with one role in a region, a role the actor may grant there
    /// (`Role::may_grant`).
    pub async fn create_account(&self, actor: &Actor, input: NewAccount) -> Result<i64, AppError> {
        if !actor.has_anywhere(Permission::ManageAccounts) {
            return Err(AppError::NotFound);
        }
        let tree = self.regions();
        let (username, display_name, role) = check_new_account(&input, &tree)?;
        if !actor.may_grant(role, &input.region_code, &tree) {
            return Err(if actor.may(Permission::ManageAccounts, &input.region_code, &tree) {
                AppError::Forbidden
            } else {
                AppError::NotFound
            });
        }
        let grant = Grant { role, scope: Scope::Region(input.region_code.clone()) };
        self.insert_new_account(actor.into(), (&username, &display_name), input.password, grant, &input.region_code)
            .await
    }

    /// Creates an account by the operator at the server's console (`sanshe account add`):
    /// the first account of each department, which no account may grant.
    pub async fn create_account_as_operator(&self, input: NewAccount) -> Result<i64, AppError> {
        let (username, display_name, role) = check_new_account(&input, &self.regions())?;
        let grant = Grant { role, scope: Scope::Region(input.region_code.clone()) };
        self.insert_new_account(Author::system(), (&username, &display_name), input.password, grant, &input.region_code)
            .await
    }

    /// Stores a checked, authorised new account with its one grant, audited in `region`.
    pub(crate) async fn insert_new_account(
        &self,
        author: Author,
        (username, display_name): (&str, &str),
        password: String,
        grant: Grant,
        region: &str,
    ) -> Result<i64, AppError> {
        // Hashed before the transaction: no writer waits on argon2.
        let password_hash = hash_password_blocking(password).await?;
        let mut tx = WriteTx::begin(self, author).await?;
        let taken = account::Entity::find().filter(account::Column::Username.eq(username)).one(tx.conn()).await?;
        if taken.is_some() {
            return Err(AppError::Conflict(domain::Violation::new("username-taken").on("username")));
        }
        let id = insert_account_in(&tx, username, display_name, password_hash).await?;
        insert_grant_in(&tx, id, &grant).await?;
        let after = serde_json::json!({ "username": username, "grant": grant });
        tx.record(Change::new("create", "account", id, region).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Lifts a lock-out early; the account must be in the actor's scope.
    pub async fn unlock_account(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        if !self.list_accounts(actor).await?.iter().any(|a| a.id == id) {
            return Err(AppError::NotFound);
        }
        let found = account::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.locked_until = Set(None);
        row.failed_logins = Set(0);
        row.update(tx.conn()).await?;
        tx.record(Change::new("unlock", "account", id, "")).await?;
        tx.commit().await
    }
}

pub(crate) async fn insert_account_in(
    tx: &WriteTx,
    username: &str,
    display_name: &str,
    password_hash: String,
) -> Result<i64, AppError> {
    let inserted = account::Entity::insert(account::ActiveModel {
        username: Set(username.to_string()),
        display_name: Set(display_name.to_string()),
        password_hash: Set(password_hash),
        active: Set(true),
        failed_logins: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    Ok(inserted.last_insert_id)
}

/// The checked username, display name and role of a new account over a region.
fn check_new_account(input: &NewAccount, tree: &RegionTree) -> Result<(String, String, Role), AppError> {
    let mut checks = Checks::default();
    let login = check_login(&mut checks, &input.username, &input.display_name, &input.password);
    let role = checks.field(
        "role",
        Role::parse(&input.role).filter(|r| r.granted_over_a_region()).ok_or(domain::Violation::new("unknown-choice")),
    );
    if tree.get(&input.region_code).is_none() {
        checks.push(domain::Violation::new("region-unknown").on("region_code"));
    }
    let ((username, display_name), role) = checks.finish_with((login, role))?;
    Ok((username, display_name, role))
}

/// Checks a new account's username, display name and password; the first two, trimmed.
pub(crate) fn check_login(
    checks: &mut Checks,
    username: &str,
    display_name: &str,
    password: &str,
) -> Option<(String, String)> {
    let username = checks.field("username", required_text(username, 64));
    if let Some(name) = &username
        && !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        checks.push(domain::Violation::new("username-characters").on("username"));
    }
    let display_name = checks.field("display_name", required_text(display_name, 64));
    checks.field("password", check_password_policy(password));
    username.zip(display_name)
}

/// Stores one grant of an account, its scope in the column that scope kind uses.
pub(crate) async fn insert_grant_in(tx: &WriteTx, account_id: i64, grant: &Grant) -> Result<(), AppError> {
    let (region, organization, unit) = match &grant.scope {
        Scope::Region(code) => (Some(code.clone()), None, None),
        Scope::Organization(id) => (None, Some(*id), None),
        Scope::SupervisingUnit(id) => (None, None, Some(*id)),
    };
    role_grant::Entity::insert(role_grant::ActiveModel {
        account_id: Set(account_id),
        role: Set(grant.role.as_str().to_string()),
        region_code: Set(region),
        organization_id: Set(organization),
        supervising_unit_id: Set(unit),
        ..Default::default()
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// The id of the account `username` when it holds `role`; any other name is refused on
/// `username` with `unknown` (the code saying which kind of account was expected).
pub(crate) async fn account_with_role(
    conn: &impl store::sea_orm::ConnectionTrait,
    username: &str,
    role: Role,
    unknown: &'static str,
) -> Result<i64, AppError> {
    use store::sea_orm::PaginatorTrait;
    let refused = || AppError::invalid("username", domain::Violation::new(unknown));
    let found = account::Entity::find().filter(account::Column::Username.eq(username)).one(conn).await?;
    let found = found.ok_or_else(refused)?;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(found.id))
        .filter(role_grant::Column::Role.eq(role.as_str()))
        .count(conn)
        .await?;
    if grants == 0 { Err(refused()) } else { Ok(found.id) }
}
