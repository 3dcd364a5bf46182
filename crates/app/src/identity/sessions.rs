use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use domain::identity::{Role, Scope};
use store::entity::{account, api_token, role_grant, session};
use store::sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use store::sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

use super::secrets::{hash_password, random_token, token_hash, verify_password_blocking, well_formed_token};
use crate::tx::{Author, Change, WriteTx};
use crate::{Actor, App, AppError, Grant};

/// A hash no password matches, verified when the username is unknown so that the answer
/// takes as long as for a known one (no probing which accounts exist).
fn dummy_hash() -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&random_token()).unwrap_or_default()).clone()
}

pub struct LoginOutcome {
    /// The cookie value; only its hash is stored.
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// A session as remembered between requests.
#[derive(Clone)]
pub struct CachedSession {
    actor: Actor,
    csrf_token: String,
    last_seen: DateTime<Utc>,
}

/// A live session as the web layer needs it on each request.
pub struct SessionInfo {
    pub actor: Actor,
    pub csrf_token: String,
}

impl App {
    pub async fn login(&self, username: &str, password: &str) -> Result<LoginOutcome, AppError> {
        let now = Utc::now();
        let found = account::Entity::find().filter(account::Column::Username.eq(username.trim())).one(&self.db).await?;
        let Some(found) = found.filter(|a| a.active) else {
            verify_password_blocking(password.to_string(), dummy_hash()).await;
            return Err(AppError::Unauthenticated);
        };
        if let Some(until) = found.locked_until.filter(|until| *until > now) {
            return Err(AppError::Locked(until));
        }
        let ok = verify_password_blocking(password.to_string(), found.password_hash.clone()).await;
        let actor = self.actor_of(found.clone()).await?;
        // Logins are audited where the account works, so its admins see them.
        let region = actor.home_region().unwrap_or_default().to_string();
        let author = Author { id: Some(found.id), name: found.username.clone() };
        let mut tx = WriteTx::begin(self, author).await?;
        let mut row = found.clone().into_active_model();
        if !ok {
            let failures = found.failed_logins + 1;
            let lock = failures >= self.settings.max_failed_logins;
            row.failed_logins = Set(if lock { 0 } else { failures });
            if lock {
                let until = now + Duration::minutes(self.settings.lockout_minutes);
                row.locked_until = Set(Some(until));
            }
            row.update(tx.conn()).await?;
            let action = if lock { "lockout" } else { "login_failed" };
            let detail = serde_json::json!({ "failed_logins": failures });
            tx.record(Change::new(action, "account", found.id, &region).after(&detail)).await?;
            tx.commit().await?;
            return Err(match lock {
                true => AppError::Locked(now + Duration::minutes(self.settings.lockout_minutes)),
                false => AppError::Unauthenticated,
            });
        }
        row.failed_logins = Set(0);
        row.locked_until = Set(None);
        row.update(tx.conn()).await?;
        let token = random_token();
        let csrf_token = random_token();
        session::Entity::insert(session::ActiveModel {
            token_hash: Set(token_hash(&token)),
            account_id: Set(found.id),
            csrf_token: Set(csrf_token.clone()),
            created_at: Set(now),
            last_seen_at: Set(now),
        })
        .exec_without_returning(tx.conn())
        .await?;
        tx.record(Change::new("login", "account", found.id, &region)).await?;
        tx.commit().await?;
        Ok(LoginOutcome { token, csrf_token, actor })
    }

    /// The session behind a cookie token, if it is alive. A session seen in the last
    /// minute (and since the last write anywhere) is served from memory; otherwise the
    /// database decides, and `last_seen_at` is touched at most once a minute.
    pub async fn session(&self, token: &str) -> Result<SessionInfo, AppError> {
        let now = Utc::now();
        let hash = token_hash(token);
        let epoch = self.epoch.current();
        let fresh_for = Duration::seconds(60).min(Duration::minutes(self.settings.session_idle_minutes));
        if let Some(cached) = self.sessions.get(&hash, epoch).filter(|c| now - c.last_seen < fresh_for) {
            return Ok(SessionInfo { actor: cached.actor, csrf_token: cached.csrf_token });
        }
        let found = session::Entity::find_by_id(hash.clone()).one(&self.db).await?;
        let Some(found) = found else { return Err(AppError::Unauthenticated) };
        if now - found.last_seen_at > Duration::minutes(self.settings.session_idle_minutes) {
            session::Entity::delete_by_id(hash.clone()).exec(&self.db).await?;
            self.sessions.remove(&hash);
            return Err(AppError::Unauthenticated);
        }
        let mut last_seen = found.last_seen_at;
        if now - last_seen > Duration::seconds(60) {
            let mut row = found.clone().into_active_model();
            row.last_seen_at = Set(now);
            row.update(&self.db).await?;
            last_seen = now;
        }
        let account = account::Entity::find_by_id(found.account_id)
            .one(&self.db)
            .await?
            .filter(|a| a.active)
            .ok_or(AppError::Unauthenticated)?;
        let actor = self.actor_of(account).await?;
        let cached = CachedSession { actor: actor.clone(), csrf_token: found.csrf_token.clone(), last_seen };
        self.sessions.put(hash, epoch, cached);
        Ok(SessionInfo { actor, csrf_token: found.csrf_token })
    }

    /// Ends a session everywhere: deleted, and audited so other servers' caches drop it.
    pub async fn logout(&self, token: &str) -> Result<(), AppError> {
        let hash = token_hash(token);
        self.sessions.remove(&hash);
        let Some(found) = session::Entity::find_by_id(hash.clone()).one(&self.db).await? else { return Ok(()) };
        let account = account::Entity::find_by_id(found.account_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let actor = self.actor_of(account).await?;
        let region = actor.home_region().unwrap_or_default().to_string();
        let mut tx = WriteTx::begin(self, (&actor).into()).await?;
        session::Entity::delete_by_id(hash).exec(tx.conn()).await?;
        tx.record(Change::new("logout", "account", found.account_id, &region)).await?;
        tx.commit().await
    }

    /// The account behind a bearer token, unless revoked.
    pub async fn api_token_actor(&self, token: &str) -> Result<Actor, AppError> {
        if !well_formed_token(token) {
            return Err(AppError::Unauthenticated);
        }
        // One query for token and account: every API call pays it.
        let holder = live_tokens()
            .column((api_token::Entity, api_token::Column::AccountId))
            .and_where(Expr::col((api_token::Entity, api_token::Column::TokenHash)).eq(token_hash(token)))
            .to_owned();
        let account = account::Entity::find()
            .filter(account::Column::Id.in_subquery(holder))
            .one(&self.db)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        self.actor_of(account).await
    }

    /// Issues an API token for the actor's own account; the token is shown once.
    pub async fn create_api_token(&self, actor: &Actor, name: &str) -> Result<String, AppError> {
        let name = crate::error::required_text(name, 100).map_err(|v| AppError::invalid("name", v))?;
        let token = random_token();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let inserted = api_token::Entity::insert(api_token::ActiveModel {
            account_id: Set(actor.account_id),
            name: Set(name.clone()),
            token_hash: Set(token_hash(&token)),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let detail = serde_json::json!({ "name": name });
        tx.record(Change::new("create", "api_token", inserted.last_insert_id, "").after(&detail)).await?;
        tx.commit().await?;
        Ok(token)
    }

    pub(crate) async fn actor_of(&self, account: account::Model) -> Result<Actor, AppError> {
        let grants = role_grant::Entity::find()
            .filter(role_grant::Column::AccountId.eq(account.id))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(grant_of)
            .collect();
        Ok(Actor { account_id: account.id, username: account.username, display_name: account.display_name, grants })
    }
}

/// The stored API tokens that still open their account (not revoked, the account active),
/// joined to it: every lookup of a bearer token starts here.
pub(crate) fn live_tokens() -> SelectStatement {
    Query::select()
        .from(api_token::Entity)
        .inner_join(
            account::Entity,
            Expr::col((account::Entity, account::Column::Id)).equals((api_token::Entity, api_token::Column::AccountId)),
        )
        .and_where(Expr::col((api_token::Entity, api_token::Column::RevokedAt)).is_null())
        .and_where(Expr::col((account::Entity, account::Column::Active)).eq(true))
        .to_owned()
}

/// A stored grant as the domain sees it; rows naming an unknown role or no scope grant nothing.
pub(crate) fn grant_of(row: role_grant::Model) -> Option<Grant> {
    let role = Role::parse(&row.role)?;
    let scope = match (row.region_code, row.organization_id, row.supervising_unit_id) {
        (Some(code), _, _) => Scope::Region(code),
        (None, Some(id), _) => Scope::Organization(id),
        (None, None, Some(unit)) => Scope::SupervisingUnit(unit),
        (None, None, None) => return None,
    };
    Some(Grant { role, scope })
}
