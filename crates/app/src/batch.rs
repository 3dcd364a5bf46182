//! Group commit for hot appends (DESIGN.md, "Hot write paths"): requests queue for one
//! writer task, which takes whatever is waiting (up to a limit), handles the whole group
//! in one transaction, and then answers each request. A commit waiting for the disk is
//! shared by the group instead of paid per request.

use std::future::Future;

use chrono::{DateTime, Utc};
use store::sea_orm::ConnectionTrait;
use store::sea_orm::sea_query::{Expr, SelectStatement, SimpleExpr};
use tokio::sync::{mpsc, oneshot};

use crate::AppError;

/// A column joining every row a writer's lookup finds into one string, `a:b:c` per row,
/// rows separated by commas (`string_agg`, in SQLite 3.44+ and PostgreSQL). In the SQLite
/// driver each row returned crosses from its thread to the caller's, and with the server
/// on one core that switch costs more than the lookup: a group's lookup answers with one
/// row. No field may hold a comma, and only the last may hold a colon (a time).
pub(crate) fn joined(fields: &[&str]) -> SimpleExpr {
    Expr::cust(format!("string_agg({}, ',')", fields.join(" || ':' || ")))
}

/// The one row of a query whose only column is a `joined` one named `found`.
pub(crate) async fn joined_lookup(
    conn: &impl ConnectionTrait,
    query: &SelectStatement,
) -> Result<Option<String>, AppError> {
    let row = conn.query_one(query).await?;
    Ok(row.map(|r| r.try_get::<Option<String>>("", "found")).transpose()?.flatten())
}

/// The rows of a `joined` column, each as its `N` fields.
pub(crate) fn joined_rows<const N: usize>(joined: Option<&str>) -> impl Iterator<Item = Result<[&str; N], AppError>> {
    joined.into_iter().flat_map(|j| j.split(',')).map(|row| {
        let fields: Vec<&str> = row.splitn(N, ':').collect();
        fields.try_into().map_err(|_| malformed())
    })
}

/// A field of a `joined` row as a number (or anything else parsed from text).
pub(crate) fn joined_field<T: std::str::FromStr>(field: &str) -> Result<T, AppError> {
    field.parse().map_err(|_| malformed())
}

/// A time field of a `joined` row: a timestamp column cast to text, as SQLite stores it
/// (RFC 3339) or as PostgreSQL writes it (`2026-12-01 05:19:14.269369+00`).
pub(crate) fn joined_time(field: &str) -> Result<DateTime<Utc>, AppError> {
    DateTime::parse_from_rfc3339(field)
        .or_else(|_| DateTime::parse_from_str(field, "%Y-%m-%d %H:%M:%S%.f%#z"))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| malformed())
}

/// A `joined` row without the fields asked for: the query and its reader disagree.
fn malformed() -> AppError {
    AppError::Internal("malformed joined row".into())
}

/// How many times the writer yields to let a group fill before it starts on it.
const LINGER_TURNS: usize = 4;

/// The handle requests are submitted through; cloning it shares the same writer.
pub struct Batcher<Req, Resp> {
    queue: mpsc::Sender<(Req, oneshot::Sender<Resp>)>,
}

impl<Req, Resp> Clone for Batcher<Req, Resp> {
    fn clone(&self) -> Self {
        Self { queue: self.queue.clone() }
    }
}

/// The writer task is gone (the server is shutting down).
#[derive(Debug, thiserror::Error)]
#[error("the writer has stopped")]
pub struct WriterStopped;

impl<Req: Send + 'static, Resp: Send + 'static> Batcher<Req, Resp> {
    /// Starts the writer task. `handle` gets each group and must answer every request in
    /// it, in order.
    pub fn spawn<F, Fut>(max_group: usize, mut handle: F) -> Self
    where
        F: FnMut(Vec<Req>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<Resp>> + Send,
    {
        let (queue, mut incoming) = mpsc::channel::<(Req, oneshot::Sender<Resp>)>(max_group * 8);
        tokio::spawn(async move {
            while let Some(first) = incoming.recv().await {
                let mut group = vec![first];
                // Take what is queued; then give the request handlers a few turns to queue
                // more, so a lone early arrival does not cost a whole commit by itself.
                for _ in 0..LINGER_TURNS {
                    while group.len() < max_group {
                        match incoming.try_recv() {
                            Ok(next) => group.push(next),
                            Err(_) => break,
                        }
                    }
                    if group.len() >= max_group {
                        break;
                    }
                    tokio::task::yield_now().await;
                }
                let (requests, replies): (Vec<Req>, Vec<oneshot::Sender<Resp>>) = group.into_iter().unzip();
                let answers = handle(requests).await;
                for (reply, answer) in replies.into_iter().zip(answers) {
                    // A caller that gave up (closed connection) just does not hear back.
                    let _ = reply.send(answer);
                }
            }
        });
        Self { queue }
    }

    /// Queues one request and waits for the group it joined to be handled.
    pub async fn submit(&self, request: Req) -> Result<Resp, WriterStopped> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((request, reply)).await.map_err(|_| WriterStopped)?;
        answer.await.map_err(|_| WriterStopped)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn joined_rows_keep_colons_in_their_last_field_and_times_read_from_either_database() {
        let joined = "7:2026-12-01T04:42:33.062775772+00:00,8:2026-12-01 05:19:14.269369+08";
        let rows: Vec<[&str; 2]> = joined_rows(Some(joined)).collect::<Result<_, _>>().unwrap();
        assert_eq!(rows[0][0], "7");
        let sqlite = joined_time(rows[0][1]).unwrap();
        assert_eq!(sqlite.to_rfc3339(), "2026-12-01T04:42:33.062775772+00:00");
        let postgres = joined_time(rows[1][1]).unwrap();
        assert_eq!(postgres.to_rfc3339(), "2026-11-30T21:19:14.269369+00:00");
        assert!(joined_rows::<3>(Some("1:2")).next().unwrap().is_err(), "a row short of fields");
        assert!(joined_rows::<1>(None).next().is_none(), "nothing found: no row");
        assert!(joined_time("yesterday").is_err());
    }

    #[tokio::test]
    async fn queued_requests_are_handled_together_and_each_gets_its_own_answer() {
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&sizes);
        let batcher = Batcher::spawn(4, move |group: Vec<u32>| {
            seen.lock().unwrap().push(group.len());
            async move {
                tokio::task::yield_now().await;
                group.into_iter().map(|n| n * 10).collect::<Vec<_>>()
            }
        });
        let calls: Vec<_> = (1..=10)
            .map(|n| {
                let b = batcher.clone();
                tokio::spawn(async move { b.submit(n).await.unwrap() })
            })
            .collect();
        let mut answers = Vec::new();
        for call in calls {
            answers.push(call.await.unwrap());
        }
        assert_eq!(answers, (1..=10).map(|n| n * 10).collect::<Vec<_>>());
        let sizes = sizes.lock().unwrap();
        assert_eq!(sizes.iter().sum::<usize>(), 10);
        assert!(sizes.iter().all(|s| *s <= 4), "no group above the limit: {sizes:?}");
    }
}
