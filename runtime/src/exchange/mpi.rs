//! The exchange between MPI ranks (feature `mpi`, through rsmpi).
//!
//! Every rank runs the same program: it makes the same calls (create, connect, record,
//! simulate) and keeps the nodes its engines own. Once per slice, each rank's merged traffic
//! goes to every rank in one `MPI_Allgatherv`, as NEST's collective spike exchange does; the
//! merge sorts it, so every rank sees the traffic of one process and results are the same for
//! any split of ranks and threads.
//!
//! [`Cluster`] starts MPI (once per program) and makes simulators on it. A panic on any rank
//! aborts every rank (`MPI_Abort`) instead of leaving the others waiting.

use std::sync::Arc;

use mpi::datatype::PartitionMut;
use mpi::environment::Universe;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

use super::codec::{agree, gather_u64s};
use super::{Exchange, ExchangeStats, Traffic, merge_gathered};
use crate::error::{Error, Result};
use crate::ownership::Ownership;
use crate::sim::{Config, Simulator};

/// MPI, started for this program: the ranks that run it. Dropping it ends MPI; make it first
/// in `main` and keep it until the end.
pub struct Cluster {
    universe: Arc<Universe>,
}

impl Cluster {
    /// Starts MPI: under `mpirun` this process is one of its ranks; started alone, it is the
    /// only one. Fails when MPI was started before in this program.
    pub fn init() -> Result<Self> {
        // A simulator may move between threads; it calls MPI from one thread at a time.
        let wanted = mpi::Threading::Serialized;
        let Some((universe, got)) = mpi::initialize_with_threading(wanted) else {
            return Err(Error::Backend {
                model: "mpi",
                message: "MPI was already started in this program: make one Cluster".into(),
            });
        };
        if got < wanted {
            return Err(Error::Backend {
                model: "mpi",
                message: format!(
                    "this MPI library offers thread support {got:?}; saltatory needs Serialized"
                ),
            });
        }
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            previous(info);
            // The other ranks would wait for this one forever.
            if mpi::environment::is_initialized() && !mpi::environment::is_finalized() {
                SimpleCommunicator::world().abort(101);
            }
        }));
        Ok(Cluster {
            universe: Arc::new(universe),
        })
    }

    /// An exchange over a communicator of its own.
    fn exchange(&self) -> MpiExchange {
        MpiExchange {
            comm: self.universe.world().duplicate(),
            _universe: self.universe.clone(),
            stats: ExchangeStats::default(),
        }
    }

    /// This process's rank.
    pub fn rank(&self) -> usize {
        self.universe.world().rank() as usize
    }

    /// Number of ranks.
    pub fn ranks(&self) -> usize {
        self.universe.world().size() as usize
    }

    /// A simulator whose engines are `config.threads` per rank, this rank running its own;
    /// alone (one rank), a simulator of this process. Collective: every rank calls it with the
    /// same settings (different thread counts are refused on every rank). The simulator keeps
    /// MPI running until it is dropped, also after the cluster is.
    pub fn simulator(&self, config: Config) -> Result<Simulator> {
        if self.ranks() == 1 {
            return Simulator::with_config(config);
        }
        let mut exchange = self.exchange();
        let threads = gather_u64s(&mut exchange, &[config.threads as u64])?;
        if threads.iter().any(|t| t[0] != config.threads as u64) {
            let per_rank: Vec<String> = threads.iter().map(|t| t[0].to_string()).collect();
            return Err(Error::InvalidValue {
                model: "simulator",
                name: "threads".into(),
                value: per_rank.join(", "),
                expected: "the same number of threads on every rank".into(),
            });
        }
        let (rank, ranks) = (self.rank(), self.ranks());
        let own = Ownership::new(
            ranks * config.threads,
            rank * config.threads..(rank + 1) * config.threads,
        )?;
        // A rank that cannot start its threads: every rank returns its error.
        let mut check = self.exchange();
        let made = Simulator::with_parts(config, own, Box::new(exchange));
        match made {
            Ok(sim) => agree(&mut check, Ok(())).map(|()| sim),
            Err(e) => agree(&mut check, Err(e)),
        }
    }
}

/// The exchange of one rank with all the others, over its own communicator.
pub struct MpiExchange {
    /// Freed before MPI ends (fields drop in order).
    comm: SimpleCommunicator,
    _universe: Arc<Universe>,
    stats: ExchangeStats,
}

// SAFETY: the communicator is a handle that MPI lets any thread use when MPI runs with
// `Threading::Serialized` (checked in `Cluster::init`); the exchange is used through
// `&mut self` only, so no two threads call MPI through it at once.
unsafe impl Send for MpiExchange {}

impl Exchange for MpiExchange {
    fn exchange(&mut self, local: &[&Traffic], merged: &mut Traffic) -> Result<()> {
        self.stats.slices += 1;
        merge_gathered(self, local, merged)
    }

    fn rank(&self) -> usize {
        self.comm.rank() as usize
    }

    fn ranks(&self) -> usize {
        self.comm.size() as usize
    }

    fn stats(&self) -> ExchangeStats {
        self.stats
    }

    fn all_gather(&mut self, bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
        let start = std::time::Instant::now();
        let too_big = || Error::Backend {
            model: "mpi",
            message: "the messages of one exchange exceed MPI's 2 GiB limit".into(),
        };
        let n = self.ranks();
        // Every rank learns every length first, so that all refuse an oversized message
        // together instead of some waiting for the others.
        let mut lengths = vec![0u64; n];
        self.comm
            .all_gather_into(&(bytes.len() as u64), &mut lengths[..]);
        let total: u64 = lengths.iter().sum();
        if i32::try_from(total).is_err() {
            return Err(too_big());
        }
        let counts: Vec<i32> = lengths.iter().map(|&c| c as i32).collect();
        let mut displs = Vec::with_capacity(n);
        let mut at = 0i32;
        for &c in &counts {
            displs.push(at);
            at += c;
        }
        let mut all = vec![0u8; total as usize];
        {
            let mut part = PartitionMut::new(&mut all[..], &counts[..], &displs[..]);
            self.comm.all_gather_varcount_into(bytes, &mut part);
        }
        self.stats.collectives += 1;
        self.stats.bytes_sent += bytes.len() as u64;
        self.stats.bytes_received += all.len() as u64;
        self.stats.seconds += start.elapsed().as_secs_f64();
        let mut out = Vec::with_capacity(n);
        let mut rest = &all[..];
        for &c in &counts {
            let (head, tail) = rest.split_at(c as usize);
            out.push(head.to_vec());
            rest = tail;
        }
        Ok(out)
    }
}
