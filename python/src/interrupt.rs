//! Ctrl-C during `Simulate`: while a run is under way, SIGINT also asks the simulator to stop
//! at the next min-delay slice (its stop flag). Python's own handler still runs after ours (the
//! handlers chain), so the interrupted call raises KeyboardInterrupt once the run has stopped,
//! with everything recorded up to then kept.

use saltatory::runtime::StopFlag;
use signal_hook::SigId;
use signal_hook::consts::SIGINT;

/// SIGINT requests a stop of the simulator for as long as this lives.
pub struct Watch(Option<SigId>, StopFlag);

impl Watch {
    /// Watches for SIGINT; without a handler (registration refused), Ctrl-C acts after the
    /// run as before.
    pub fn new(stop: StopFlag) -> Self {
        // SAFETY: the action only stores to an atomic flag, which is async-signal-safe.
        let flag = stop.clone();
        let id = unsafe { signal_hook::low_level::register(SIGINT, move || flag.request()) };
        Watch(id.ok(), stop)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(id) = self.0.take() {
            signal_hook::low_level::unregister(id);
        }
        // A Ctrl-C that came as the run ended must not stop the next one.
        self.1.clear();
    }
}
