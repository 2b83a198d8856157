//! A request to stop `simulate` at the next min-delay slice boundary, from another thread or a
//! signal handler (Ctrl-C in the examples).
//!
//! The run then ends with [`Error::Interrupted`](crate::Error::Interrupted) at a boundary where
//! every engine has updated, exchanged and delivered the same slice: what the recorders hold is
//! complete up to that time, file recorders finish their files, and a later `simulate` goes on
//! from there (as a new run, as NEST's `Simulate` calls are). A request that meets the end of
//! the run completes it instead, and is then spent.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A handle on a simulator's stop request; clones share it.
#[derive(Clone, Debug, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    /// Asks the running (or next) `simulate` to stop at the next slice boundary. Safe to call
    /// from a signal handler's thread.
    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a stop is requested and not yet honoured.
    pub fn is_requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Withdraws a request not yet honoured.
    pub fn clear(&self) {
        self.0.store(false, Ordering::SeqCst);
    }

    /// Takes the request: true once per [`request`](Self::request).
    pub(crate) fn take(&self) -> bool {
        self.0.swap(false, Ordering::SeqCst)
    }
}
