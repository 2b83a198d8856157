//! The step loop: engines update their nodes through a min-delay slice, the exchange merges
//! what they emitted, recorders collect it and the engines deliver it; then the next slice.
//!
//! Spikes are merged in (step, node) order before every engine delivers them to its own
//! targets, so the order of every floating-point sum is the same for any number of engines:
//! results are bitwise identical for any number of threads.

use std::io::IsTerminal;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::exchange::codec::{agree, gather_f64s, gather_u64s};
use crate::exchange::{Exchange, Stop, Traffic};
use crate::network::Network;
use crate::population::non_finite;
use crate::rate::RateHistory;
use crate::recorders::{Recorders, Slice, gather_transmitted};
use crate::stop::StopFlag;

/// Wall-clock seconds `simulate` spent in each of its phases, summed over all calls.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PhaseTimes {
    /// Updating the neurons (all threads in parallel), including the input generators.
    pub update: f64,
    /// Of `update`: the stimulation devices' emission (the threads' mean).
    pub devices: f64,
    /// Merging the threads' spikes, recording them, exchanging rates.
    pub exchange: f64,
    /// Delivering spikes through the synapses into the ring buffers (in parallel).
    pub delivery: f64,
}

/// Where the simulation stands in time, and what moves between its slices.
pub(crate) struct Stepper {
    /// Steps completed.
    pub step: u64,
    /// Show a progress bar for long runs on a terminal.
    pub progress: bool,
    /// Why the simulation cannot continue (an earlier `simulate` failed).
    halted: Option<Error>,
    /// A request to stop at the next slice boundary.
    pub stop: StopFlag,
    exchange: Box<dyn Exchange>,
    merged: Traffic,
    /// Values sent by rate nodes, by step.
    pub rate_history: RateHistory,
    pub times: PhaseTimes,
}

impl Stepper {
    pub(crate) fn new(exchange: Box<dyn Exchange>, progress: bool) -> Self {
        Stepper {
            step: 0,
            progress,
            halted: None,
            stop: StopFlag::default(),
            exchange,
            merged: Traffic::default(),
            rate_history: RateHistory::default(),
            times: PhaseTimes::default(),
        }
    }

    /// This process's rank among the processes of the simulation.
    pub(crate) fn rank(&self) -> usize {
        self.exchange.rank()
    }

    /// Number of processes.
    pub(crate) fn ranks(&self) -> usize {
        self.exchange.ranks()
    }

    /// One outcome for every process of the simulation ([`agree`]). Collective.
    pub(crate) fn agree<T>(&mut self, outcome: Result<T>) -> Result<T> {
        agree(&mut *self.exchange, outcome)
    }

    /// What the exchange moved between processes.
    pub(crate) fn exchange_stats(&self) -> crate::exchange::ExchangeStats {
        self.exchange.stats()
    }

    /// Every process's `mine`, concatenated in rank order. Collective.
    pub(crate) fn gather_f64s(&mut self, mine: &[f64]) -> Result<Vec<f64>> {
        gather_f64s(&mut *self.exchange, mine)
    }

    /// Every process's `mine`, in rank order. Collective.
    pub(crate) fn gather_u64s(&mut self, mine: &[u64]) -> Result<Vec<Vec<u64>>> {
        gather_u64s(&mut *self.exchange, mine)
    }

    /// Runs `n` steps of `net`, handing each slice to `recorders`. Every process returns the
    /// same outcome.
    pub(crate) fn simulate(
        &mut self,
        net: &mut Network,
        recorders: &mut Recorders,
        n: u64,
    ) -> Result<()> {
        if let Some(e) = &self.halted {
            return Err(e.clone());
        }
        net.agree_delays(&mut *self.exchange)?;
        let prepared = net.prepare(self.step, self.step + n, &mut self.rate_history);
        self.agree(prepared)?;
        self.exchange(net)?;
        let end = self.step + n;
        let slice = net.slice_steps();
        let bar = self.progress_bar(n);
        while self.step < end {
            let from = self.step;
            let to = ((from / slice + 1) * slice).min(end);
            self.run_slice(net, recorders, from, to)?;
            if let Some(b) = &bar {
                b.set_position(self.step + n - end);
            }
            // A request is taken at the next boundary; at the run's end, the run completes.
            if self.merged.interrupt && self.step < end {
                if let Some(b) = bar {
                    b.finish_and_clear();
                }
                let finite = check_finite(net, self.step);
                self.agree(finite)?;
                let grid = &net.grid;
                let (time, remaining) =
                    (grid.ms_of_step(self.step), grid.ms_of_step(end - self.step));
                return Err(Error::Interrupted { time, remaining });
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        let finite = check_finite(net, self.step);
        self.agree(finite)
    }

    /// Updates, exchanges, records and delivers one slice.
    fn run_slice(
        &mut self,
        net: &mut Network,
        recorders: &mut Recorders,
        from: u64,
        to: u64,
    ) -> Result<()> {
        let t_update = Instant::now();
        let (seed, rates, place) = (net.seed, &self.rate_history, net.placements());
        net.each_engine(|e| e.run(from, to, seed, &place, rates));
        self.times.update += t_update.elapsed().as_secs_f64();
        let t_exchange = Instant::now();
        // A stop request travels with the slice's traffic, so every process takes it here.
        if let Some(first) = net.engines.first_mut() {
            first.out.interrupt = self.stop.take();
        }
        self.exchange(net)?;
        let slice = Slice {
            grid: &net.grid,
            from,
            end: self.merged.stop.map_or(to, |s| s.step),
            spikes: &self.merged.spikes,
        };
        let mut recorded = recorders.collect(&slice, &mut net.engines, &mut *self.exchange);
        if recorders.writes_rows() {
            // Only rank 0 writes: a failed write stops every process.
            recorded = self.agree(recorded);
        }
        self.times.exchange += t_exchange.elapsed().as_secs_f64();
        if let Some(stop) = self.merged.stop {
            self.step = stop.step;
            let e = stopped(net, stop);
            self.halted = Some(e.clone());
            return Err(e);
        }
        // Output that cannot be written ends the simulation after this slice.
        if let Err(e) = recorded {
            self.step = to;
            self.halted = Some(e.clone());
            return Err(e);
        }
        let t_delivery = Instant::now();
        if !self.merged.spikes.is_empty() {
            let (spikes, seed) = (&self.merged.spikes, net.seed);
            net.each_engine(|e| e.deliver(spikes, seed));
            let mut transmitted = net.transmitted();
            if self.ranks() > 1 && recorders.weighs() {
                transmitted = gather_transmitted(transmitted, &mut *self.exchange)?;
            }
            if !transmitted.is_empty() {
                let slice = Slice {
                    grid: &net.grid,
                    from,
                    end: to,
                    spikes: &self.merged.spikes,
                };
                recorders.collect_weights(&slice, &transmitted);
            }
        }
        self.times.delivery += t_delivery.elapsed().as_secs_f64();
        self.step = to;
        Ok(())
    }

    /// Merges the engines' traffic and stores the rate values in the history.
    fn exchange(&mut self, net: &Network) -> Result<()> {
        let local: Vec<&Traffic> = net.engines.iter().map(|e| &e.out).collect();
        self.exchange.exchange(&local, &mut self.merged)?;
        for &(step, index, v) in &self.merged.rates {
            self.rate_history.set(step, index, v);
        }
        Ok(())
    }

    fn progress_bar(&self, n: u64) -> Option<indicatif::ProgressBar> {
        let show = self.progress && n >= 10_000 && std::io::stdout().is_terminal();
        show.then(|| {
            let b = indicatif::ProgressBar::new(n);
            let template = "simulating {bar:40} {percent:>3}% {elapsed}<{eta}";
            let style = indicatif::ProgressStyle::with_template(template);
            b.set_style(style.unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
            b
        })
    }
}

/// The error for a stop: the backend's own error (read from the stop where another process's
/// backend failed), or the failing neuron's.
fn stopped(net: &mut Network, stop: Stop) -> Error {
    let Some(node) = stop.node else {
        let backend = net.engines.iter_mut().find_map(|e| e.backend_error.take());
        return backend.unwrap_or_else(|| Error::Peer {
            rank: net.own.rank_of_engine(stop.engine as usize),
            message: stop.reason.into(),
        });
    };
    let node = node as usize;
    let pop = net.pops.iter().rev().find(|p| p.first_node <= node);
    Error::Integration {
        model: pop.map_or("", |p| p.name),
        node,
        time: net.grid.ms_of_step(stop.step + 1),
        reason: stop.reason,
    }
}

/// The first non-finite state variable after a simulation, at step `now`, is an error.
fn check_finite(net: &Network, now: u64) -> Result<()> {
    let t = net.grid.ms_of_step(now);
    for engine in &net.engines {
        for (p, chunk) in engine.chunks.iter().enumerate() {
            if let Some((i, name, value)) = chunk.first_non_finite() {
                let info = &net.pops[p];
                let node = info.first_node + engine.chunk_start[p] + i;
                return Err(non_finite(info.name, node, t, name, value));
            }
        }
    }
    Ok(())
}
