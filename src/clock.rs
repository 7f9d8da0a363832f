//! The one place that reads the wall clock. The engine never does (time comes into
//! it as a value); the command line and the app ask here, once per operation.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::engine::Timestamp;

/// Now, in whole seconds since the epoch (a clock before 1970 reads as 1970; the
/// engine refuses a time outside the range the state file can hold).
pub fn now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
}
