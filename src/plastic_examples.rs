//! Examples of plastic synapses, each with a NEST twin (tests/nest/plastic_twins.py, compared
//! in tests/plastic_examples.rs) and a PNG written by an example program:
//!
//! - [`evaluate_tsodyks2`]: NEST's `evaluate_tsodyks2_synapse.py`, `tsodyks_synapse` and
//!   `tsodyks2_synapse` side by side behind one driven `iaf_psc_exp`
//!   (examples/evaluate_tsodyks2_synapse.rs). Deterministic: NEST's numbers to the last bits.
//! - [`evaluate_quantal_stp`]: NEST's `evaluate_quantal_stp_synapse.py`, the stochastic
//!   `quantal_stp_synapse` against the deterministic `tsodyks2_synapse` over hundreds of
//!   cycles (examples/evaluate_quantal_stp_synapse.rs). The deterministic part equals NEST's;
//!   the released weight per cycle agrees with NEST's statistics.
//! - [`stdp_window`]: the weight change after one pre- and one postsynaptic spike against
//!   their time difference, for the STDP models (examples/stdp_window.rs). Deterministic: NEST's
//!   weights to the last bit.
//! - [`brunel_stdp`]: the Brunel (2000) network with `stdp_synapse` on the excitatory to
//!   excitatory connections (examples/brunel_stdp.rs). Random: the statistics over seeds are
//!   compared with NEST's.

mod brunel_stdp;
mod quantal;
mod stdp_window;
mod tsodyks;

pub use brunel_stdp::{BrunelStdp, BrunelStdpRun, brunel_stdp};
pub use quantal::{QuantalProtocol, QuantalRun, evaluate_quantal_stp};
pub use stdp_window::{WINDOW_MODELS, WindowModel, WindowProtocol, stdp_window};
pub use tsodyks::{DEPRESSION, FACILITATION, StpParams, StpProtocol, StpRun, evaluate_tsodyks2};

use std::collections::BTreeMap;

use crate::Result;
use crate::runtime::consts::ms;
use crate::runtime::{Config, Simulator};

/// Named statistics of one run, in name order.
pub type Stats = BTreeMap<String, f64>;

/// A one-thread simulator with `resolution` (ms) and `seed`, without progress output.
fn simulator(resolution: f64, seed: u64) -> Result<Simulator> {
    Simulator::with_config(Config {
        resolution: resolution * ms,
        seed,
        threads: 1,
        progress: false,
    })
}
