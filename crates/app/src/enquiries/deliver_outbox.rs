//! Sending queued mail: claim a batch, send each, record the result. Run by every server
//! instance on a timer; the claim makes sure each message goes out once.

use chrono::{DateTime, Duration, Utc};

use crate::ports::{MailSender, Store};
use crate::AppError;

const BATCH: u32 = 20;
const LEASE_SECONDS: i64 = 120;
const RETRY_MINUTES: i64 = 5;

/// Messages sent and messages that failed (to be retried) in this round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u32,
    pub failed: u32,
}

pub async fn deliver_outbox(
    store: &dyn Store,
    sender: &dyn MailSender,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<Delivered, AppError> {
    let claimed = store.claim_outbox(worker, now, now + Duration::seconds(LEASE_SECONDS), BATCH).await?;
    let mut delivered = Delivered::default();
    for (id, mail) in claimed {
        match sender.send(&mail).await {
            Ok(()) => {
                store.mark_sent(id, Utc::now()).await?;
                delivered.sent += 1;
            }
            Err(error) => {
                store.mark_failed(id, &error, now + Duration::minutes(RETRY_MINUTES)).await?;
                delivered.failed += 1;
            }
        }
    }
    Ok(delivered)
}
