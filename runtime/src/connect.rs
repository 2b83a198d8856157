//! Connection rules and synapse specifications with NEST's names and defaults
//! (nestkernel/conn_builder.cpp): which pairs to connect, and the weight and delay of each.
//!
//! Every random draw comes from a counter-based stream keyed by the seed, the connect call and
//! the target (or, for fixed_outdegree, the source), so a network is the same whatever the
//! number of threads.

use crate::error::{Error, Result};
use crate::rate::SynapseModel;
use crate::rng::Stream;
use crate::store::StoreId;

/// A connection rule (NEST's `conn_spec["rule"]`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// Every source to every target (NEST's default rule).
    AllToAll,
    /// Source i to target i; both collections must have the same size.
    OneToOne,
    /// Each target receives this many connections from randomly drawn sources.
    FixedIndegree(usize),
    /// Each source makes this many connections to randomly drawn targets.
    FixedOutdegree(usize),
    /// This many connections between randomly drawn pairs.
    FixedTotalNumber(usize),
    /// Each pair is connected with this probability.
    PairwiseBernoulli(f64),
    /// Each pair is connected a Poisson number of times with this mean (NEST's
    /// `pairwise_poisson`, `pairwise_avg_num_conns`); needs multapses.
    PairwisePoisson(f64),
    /// NEST's `symmetric_pairwise_bernoulli` with this `p`: each target draws an indegree from
    /// Binomial(sources, p) (redrawn while it reaches the number of sources), picks that many
    /// distinct sources other than itself, and every connection is made in both directions.
    /// Sources and targets must be the same nodes; needs multapses allowed and autapses
    /// forbidden, as NEST does.
    SymmetricPairwiseBernoulli(f64),
}

/// A connection rule with NEST's switches (both default to true).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConnSpec {
    /// The rule.
    pub rule: Rule,
    /// Whether a neuron may connect to itself.
    pub allow_autapses: bool,
    /// Whether a pair may be connected more than once.
    pub allow_multapses: bool,
}

impl From<Rule> for ConnSpec {
    fn from(rule: Rule) -> Self {
        ConnSpec {
            rule,
            allow_autapses: true,
            allow_multapses: true,
        }
    }
}

impl ConnSpec {
    /// Forbids (or allows) autapses.
    pub fn autapses(mut self, allow: bool) -> Self {
        self.allow_autapses = allow;
        self
    }
    /// Forbids (or allows) multapses.
    pub fn multapses(mut self, allow: bool) -> Self {
        self.allow_multapses = allow;
        self
    }
}

/// A distribution for weights or delays (NEST's `nest.random.*`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist {
    /// A constant.
    Const(f64),
    /// Normal with mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (>= 0).
        std: f64,
    },
    /// Uniform on [min, max).
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end (> min).
        max: f64,
    },
    /// exp(N(mu, sigma)).
    LogNormal {
        /// Mean of the underlying normal.
        mu: f64,
        /// Standard deviation of the underlying normal (>= 0).
        sigma: f64,
    },
}

/// What to do with draws outside a range (NEST: `nest.math.min/max` clip, `nest.math.redraw`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bounds {
    /// No bounds.
    None,
    /// Values are clipped into [min, max].
    Clip {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Values outside [min, max] are drawn again.
    Redraw {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
}

/// A weight or delay: a distribution with optional bounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// The distribution.
    pub dist: Dist,
    /// Bounds applied to each draw.
    pub bounds: Bounds,
}

impl From<f64> for ParamSpec {
    fn from(v: f64) -> Self {
        ParamSpec {
            dist: Dist::Const(v),
            bounds: Bounds::None,
        }
    }
}

impl From<Dist> for ParamSpec {
    fn from(dist: Dist) -> Self {
        ParamSpec {
            dist,
            bounds: Bounds::None,
        }
    }
}

impl ParamSpec {
    /// Clips draws into [min, max].
    pub fn clip(mut self, min: f64, max: f64) -> Self {
        self.bounds = Bounds::Clip { min, max };
        self
    }
    /// Draws again while outside [min, max].
    pub fn redraw(mut self, min: f64, max: f64) -> Self {
        self.bounds = Bounds::Redraw { min, max };
        self
    }

    /// Checks the specification itself; `what` names it in errors.
    pub(crate) fn validate(&self, what: &'static str) -> Result<()> {
        let bad = |v: f64, expected: &str| Error::InvalidParameter {
            model: "connect",
            name: what.into(),
            value: v,
            unit: if what == "delay" { "ms" } else { "" },
            expected: expected.into(),
        };
        match self.dist {
            Dist::Const(v) if !v.is_finite() => return Err(bad(v, "a finite value")),
            Dist::Normal { mean, std } if !(mean.is_finite() && std >= 0.0 && std.is_finite()) => {
                return Err(bad(std, "a finite mean and a standard deviation >= 0"));
            }
            Dist::Uniform { min, max } if !(min.is_finite() && max.is_finite() && min < max) => {
                return Err(bad(max, "finite bounds with min < max"));
            }
            Dist::LogNormal { mu, sigma }
                if !(mu.is_finite() && sigma >= 0.0 && sigma.is_finite()) =>
            {
                return Err(bad(sigma, "a finite mu and sigma >= 0"));
            }
            _ => {}
        }
        match self.bounds {
            Bounds::Clip { min, max } | Bounds::Redraw { min, max }
                if min.is_nan() || max.is_nan() || min > max =>
            {
                Err(bad(min, "bounds with min <= max"))
            }
            _ => Ok(()),
        }
    }

    /// Whether every draw gives the same value.
    pub(crate) fn constant(&self) -> Option<f64> {
        match (self.dist, self.bounds) {
            (Dist::Const(v), Bounds::None) => Some(v),
            (Dist::Const(v), Bounds::Clip { min, max }) => Some(v.clamp(min, max)),
            _ => None,
        }
    }

    /// One value.
    pub(crate) fn draw(&self, rng: &mut Stream, what: &'static str) -> Result<f64> {
        let once = |rng: &mut Stream| match self.dist {
            Dist::Const(v) => v,
            Dist::Normal { mean, std } => mean + std * rng.normal(),
            Dist::Uniform { min, max } => min + (max - min) * rng.uniform(),
            Dist::LogNormal { mu, sigma } => (mu + sigma * rng.normal()).exp(),
        };
        match self.bounds {
            Bounds::None => Ok(once(rng)),
            Bounds::Clip { min, max } => Ok(once(rng).clamp(min, max)),
            Bounds::Redraw { min, max } => {
                for _ in 0..1000 {
                    let v = once(rng);
                    if (min..=max).contains(&v) {
                        return Ok(v);
                    }
                }
                Err(Error::InvalidParameter {
                    model: "connect",
                    name: what.into(),
                    value: min,
                    unit: "",
                    expected: format!(
                        "a distribution that yields values in [{min}, {max}] (1000 redraws failed)"
                    ),
                })
            }
        }
    }
}

/// Weight, delay and receptor of the connections made by one `connect` call
/// (static_synapse; NEST defaults: weight 1, delay 1 ms, receptor 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SynSpec {
    /// Weight, in the target model's spike unit (pA for current synapses, mV for delta).
    pub weight: ParamSpec,
    /// Delay in ms; rounded half-up to steps and at least one step.
    pub delay: ParamSpec,
    /// Receptor type of the target.
    pub receptor: usize,
    /// The synapse model: spikes (the default) or one of the rate connections.
    pub model: SynapseModel,
    /// A connection store added to the simulator, which then holds these spike connections
    /// instead of the static synapses.
    pub store: Option<StoreId>,
}

impl Default for SynSpec {
    fn default() -> Self {
        SynSpec {
            weight: 1.0.into(),
            delay: 1.0.into(),
            receptor: 0,
            model: SynapseModel::Static,
            store: None,
        }
    }
}

impl SynSpec {
    /// A static synapse with this weight and delay (ms).
    pub fn new(weight: impl Into<ParamSpec>, delay: impl Into<ParamSpec>) -> Self {
        SynSpec {
            weight: weight.into(),
            delay: delay.into(),
            receptor: 0,
            model: SynapseModel::Static,
            store: None,
        }
    }

    /// A `rate_connection_instantaneous` with this weight: the target's update of each step
    /// uses the source's rate of the same step. It has no delay (the delay is 0 here, and any
    /// other value is refused by `connect`).
    pub fn rate_instantaneous(weight: impl Into<ParamSpec>) -> Self {
        SynSpec {
            model: SynapseModel::RateInstantaneous,
            ..SynSpec::new(weight, 0.0)
        }
    }

    /// A `rate_connection_delayed` with this weight and delay (ms).
    pub fn rate_delayed(weight: impl Into<ParamSpec>, delay: impl Into<ParamSpec>) -> Self {
        SynSpec {
            model: SynapseModel::RateDelayed,
            ..SynSpec::new(weight, delay)
        }
    }

    /// A `diffusion_connection` (siegert_neuron to siegert_neuron, no delay): the source's rate
    /// times `drift_factor` adds to the target's mean input and times `diffusion_factor` to its
    /// input variance. It has no weight (1 here; other values are refused by `connect`).
    pub fn diffusion(drift_factor: f64, diffusion_factor: f64) -> Self {
        SynSpec {
            model: SynapseModel::Diffusion {
                drift_factor,
                diffusion_factor,
            },
            ..SynSpec::new(1.0, 0.0)
        }
    }
    /// The same with another receptor type.
    pub fn receptor(mut self, receptor: usize) -> Self {
        self.receptor = receptor;
        self
    }
    /// The same spike connections, held by the store `store` (see
    /// [`Simulator::add_connection_store`](crate::Simulator::add_connection_store)).
    pub fn store(mut self, store: StoreId) -> Self {
        self.store = Some(store);
        self
    }
}

/// Whose random streams a set of connections draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Drawer {
    /// Connect call number `n` of the simulator.
    Connect(u64),
    /// The connections of stimulation device number `n`.
    Device(u64),
}

impl Drawer {
    /// The stream id for the pairs (`values` false) or the weights and delays (`values` true).
    fn stream(self, values: bool) -> Result<u64> {
        use crate::rng::streams;
        let (index, purpose) = match (self, values) {
            (Drawer::Connect(n), false) => (n, streams::PAIRS),
            (Drawer::Connect(n), true) => (n, streams::VALUES),
            (Drawer::Device(n), _) => (n, streams::DEVICE_VALUES),
        };
        streams::wiring(index, purpose).ok_or_else(|| {
            Error::InvalidNodes(format!(
                "more than {} connect calls or devices in one simulator",
                streams::WIRING_INDICES
            ))
        })
    }
}

/// Pairs (source position, target position) within the two collections, in creation order,
/// drawn from `drawer`'s streams. `node_of_source`/`node_of_target` give the node index
/// of a position (to key streams and detect autapses).
pub(crate) fn pairs(
    spec: &ConnSpec,
    n_src: usize,
    n_tgt: usize,
    node_src: &[usize],
    node_tgt: &[usize],
    seed: u64,
    drawer: Drawer,
) -> Result<Vec<(u32, u32)>> {
    let pairs_stream = drawer.stream(false)?;
    let bad = |name: &str, value: f64, expected: String| Error::InvalidParameter {
        model: "connect",
        name: name.into(),
        value,
        unit: "",
        expected,
    };
    if n_src == 0 || n_tgt == 0 {
        return Err(Error::InvalidNodes(
            "cannot connect an empty collection".into(),
        ));
    }
    let auto = |s: usize, t: usize| node_src[s] == node_tgt[t];
    // Room for every pair at once (a Bernoulli call's bound), so that the list does not grow
    // by copying; room that is not written takes no memory.
    let expected = crate::memory_guard::connections(spec, n_src, n_tgt);
    let mut out = Vec::with_capacity((expected as usize).min(n_src.saturating_mul(n_tgt)));
    match spec.rule {
        Rule::AllToAll => {
            for t in 0..n_tgt {
                for s in 0..n_src {
                    if spec.allow_autapses || !auto(s, t) {
                        out.push((s as u32, t as u32));
                    }
                }
            }
        }
        Rule::OneToOne => {
            if n_src != n_tgt {
                return Err(Error::InvalidNodes(format!(
                    "one_to_one needs collections of equal size, got {n_src} sources and {n_tgt} targets"
                )));
            }
            for i in 0..n_src {
                if spec.allow_autapses || !auto(i, i) {
                    out.push((i as u32, i as u32));
                }
            }
        }
        Rule::FixedIndegree(k) => {
            let available = n_src
                - usize::from(
                    !spec.allow_autapses && node_tgt.iter().any(|t| node_src.contains(t)),
                );
            if !spec.allow_multapses && k > available {
                return Err(bad(
                    "indegree",
                    k as f64,
                    format!(
                        "at most the {available} possible sources when multapses are not allowed"
                    ),
                ));
            }
            for (t, &node) in node_tgt.iter().enumerate() {
                let mut rng = Stream::new(seed, node as u64, pairs_stream);
                let mut chosen: Vec<u32> = Vec::with_capacity(k);
                while chosen.len() < k {
                    let s = rng.below(n_src as u64) as usize;
                    if (!spec.allow_autapses && auto(s, t))
                        || (!spec.allow_multapses && chosen.contains(&(s as u32)))
                    {
                        continue;
                    }
                    chosen.push(s as u32);
                }
                out.extend(chosen.into_iter().map(|s| (s, t as u32)));
            }
        }
        Rule::FixedOutdegree(k) => {
            let available = n_tgt
                - usize::from(
                    !spec.allow_autapses && node_src.iter().any(|s| node_tgt.contains(s)),
                );
            if !spec.allow_multapses && k > available {
                return Err(bad(
                    "outdegree",
                    k as f64,
                    format!(
                        "at most the {available} possible targets when multapses are not allowed"
                    ),
                ));
            }
            for (s, &node) in node_src.iter().enumerate() {
                let mut rng = Stream::new(seed, node as u64, pairs_stream);
                let mut chosen: Vec<u32> = Vec::with_capacity(k);
                while chosen.len() < k {
                    let t = rng.below(n_tgt as u64) as usize;
                    if (!spec.allow_autapses && auto(s, t))
                        || (!spec.allow_multapses && chosen.contains(&(t as u32)))
                    {
                        continue;
                    }
                    chosen.push(t as u32);
                }
                out.extend(chosen.into_iter().map(|t| (s as u32, t)));
            }
        }
        Rule::FixedTotalNumber(n) => {
            if !spec.allow_multapses && n > n_src * n_tgt {
                return Err(bad(
                    "N",
                    n as f64,
                    format!(
                        "at most {} pairs when multapses are not allowed",
                        n_src * n_tgt
                    ),
                ));
            }
            let mut rng = Stream::new(seed, u64::MAX, pairs_stream);
            let mut seen = std::collections::HashSet::new();
            while out.len() < n {
                let s = rng.below(n_src as u64) as usize;
                let t = rng.below(n_tgt as u64) as usize;
                if (!spec.allow_autapses && auto(s, t))
                    || (!spec.allow_multapses && !seen.insert((s, t)))
                {
                    continue;
                }
                out.push((s as u32, t as u32));
            }
        }
        Rule::PairwisePoisson(mean) => {
            if !(mean.is_finite() && mean >= 0.0) {
                return Err(bad("pairwise_avg_num_conns", mean, "a mean >= 0".into()));
            }
            if !spec.allow_multapses {
                let expected = "allow_multapses = true: this rule connects a pair several times";
                return Err(bad("allow_multapses", 0.0, expected.into()));
            }
            poisson_pairs(mean, spec, node_src, node_tgt, seed, pairs_stream, &mut out);
        }
        Rule::SymmetricPairwiseBernoulli(p) => {
            symmetric_checks(p, spec, node_src, node_tgt)?;
            let mut rng = Stream::new(seed, u64::MAX, pairs_stream);
            symmetric_pairs(p, node_src, &mut rng, &mut out);
        }
        Rule::PairwiseBernoulli(p) => {
            if !(0.0..=1.0).contains(&p) {
                return Err(bad("p", p, "a probability in [0, 1]".into()));
            }
            for (t, &node) in node_tgt.iter().enumerate() {
                let mut rng = Stream::new(seed, node as u64, pairs_stream);
                for s in 0..n_src {
                    // NEST skips autapses before drawing.
                    if !spec.allow_autapses && auto(s, t) {
                        continue;
                    }
                    if rng.uniform() < p {
                        out.push((s as u32, t as u32));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// `pairwise_poisson`: per target (its own stream, as Bernoulli), a Poisson number of
/// connections from each source (models/nestkernel conn_builder.cpp, PoissonBuilder).
fn poisson_pairs(
    mean: f64,
    spec: &ConnSpec,
    node_src: &[usize],
    node_tgt: &[usize],
    seed: u64,
    pairs_stream: u64,
    out: &mut Vec<(u32, u32)>,
) {
    for (t, &node) in node_tgt.iter().enumerate() {
        let mut rng = Stream::new(seed, node as u64, pairs_stream);
        for (s, &source) in node_src.iter().enumerate() {
            if !spec.allow_autapses && source == node {
                continue;
            }
            let n = rng.poisson(mean);
            out.extend((0..n).map(|_| (s as u32, t as u32)));
        }
    }
}

/// What NEST requires of `symmetric_pairwise_bernoulli` (SymmetricBernoulliBuilder), and the
/// same nodes on both sides (here the reverse connections need them).
fn symmetric_checks(p: f64, spec: &ConnSpec, node_src: &[usize], node_tgt: &[usize]) -> Result<()> {
    let bad = |name: &str, value: f64, expected: &str| Error::InvalidParameter {
        model: "connect",
        name: name.into(),
        value,
        unit: "",
        expected: expected.into(),
    };
    if !(0.0..1.0).contains(&p) {
        return Err(bad("p", p, "a probability in [0, 1)"));
    }
    if !spec.allow_multapses {
        return Err(bad(
            "allow_multapses",
            0.0,
            "true for symmetric_pairwise_bernoulli",
        ));
    }
    if spec.allow_autapses {
        return Err(bad(
            "allow_autapses",
            1.0,
            "false for symmetric_pairwise_bernoulli",
        ));
    }
    if node_src != node_tgt {
        return Err(Error::InvalidNodes(
            "symmetric_pairwise_bernoulli connects a collection with itself: give the same nodes as sources and targets".into(),
        ));
    }
    Ok(())
}

/// `symmetric_pairwise_bernoulli` on the nodes `nodes` (sources = targets), from one stream: per
/// target in order, a truncated binomial indegree, then distinct sources other than itself,
/// each connection followed by its reverse.
fn symmetric_pairs(p: f64, nodes: &[usize], rng: &mut Stream, out: &mut Vec<(u32, u32)>) {
    let n = nodes.len() as u64;
    let mut chosen = std::collections::HashSet::new();
    for t in 0..nodes.len() {
        let indegree = loop {
            let k = crate::devices::binomial(n, p, rng);
            if k < n {
                break k;
            }
        };
        chosen.clear();
        while (chosen.len() as u64) < indegree {
            let s = rng.below(n) as usize;
            if s == t || !chosen.insert(s) {
                continue;
            }
            out.push((s as u32, t as u32));
            out.push((t as u32, s as u32));
        }
    }
}

/// The weight and delay (ms) of each connection of a connect call: one pair of constants, or
/// one drawn pair per connection.
pub(crate) enum Values {
    /// Every connection has this weight and delay.
    Constant(f64, f64),
    /// Per connection, in pair order.
    Drawn(Vec<f64>, Vec<f64>),
}

impl Values {
    /// (weight, delay in ms) of connection `k`.
    #[inline]
    pub(crate) fn get(&self, k: usize) -> (f64, f64) {
        match self {
            Values::Constant(w, d) => (*w, *d),
            Values::Drawn(w, d) => (w[k], d[k]),
        }
    }
}

/// Draws (weight, delay in ms) for each pair, delay first as NEST does. Streams are keyed by the
/// target (by the source for fixed_outdegree), so values do not depend on thread count.
pub(crate) fn values(
    spec: &ConnSpec,
    syn: &SynSpec,
    pairs: &[(u32, u32)],
    node_src: &[usize],
    node_tgt: &[usize],
    seed: u64,
    drawer: Drawer,
) -> Result<Values> {
    let mut drawing = Drawing::new(spec, syn, node_src, node_tgt, seed, drawer)?;
    if let Some((w, d)) = drawing.constant() {
        return Ok(Values::Constant(w, d));
    }
    let mut weights = Vec::with_capacity(pairs.len());
    let mut delays = Vec::with_capacity(pairs.len());
    for &(s, t) in pairs {
        let (w, d) = drawing.draw(s, t)?;
        delays.push(d);
        weights.push(w);
    }
    Ok(Values::Drawn(weights, delays))
}

/// The values of a connect call, drawn pair by pair: one stream per target (per source for
/// fixed_outdegree), continued wherever its pairs are (some rules, such as fixed_total_number
/// and pairwise_bernoulli, do not group pairs by target). The draws of one stream depend only
/// on the order of its own pairs, so the pairs of different targets can be drawn apart.
pub(crate) struct Drawing<'a> {
    syn: &'a SynSpec,
    by_source: bool,
    nodes: &'a [usize],
    seed: u64,
    stream: u64,
    streams: Vec<Option<Stream>>,
}

impl<'a> Drawing<'a> {
    pub(crate) fn new(
        spec: &ConnSpec,
        syn: &'a SynSpec,
        node_src: &'a [usize],
        node_tgt: &'a [usize],
        seed: u64,
        drawer: Drawer,
    ) -> Result<Self> {
        syn.weight.validate("weight")?;
        syn.delay.validate("delay")?;
        let by_source = matches!(spec.rule, Rule::FixedOutdegree(_));
        let nodes = if by_source { node_src } else { node_tgt };
        Ok(Drawing {
            syn,
            by_source,
            nodes,
            seed,
            stream: drawer.stream(true)?,
            streams: Vec::new(),
        })
    }

    /// The same drawing with no stream advanced yet, for drawing another share of the pairs.
    pub(crate) fn fresh(&self) -> Drawing<'a> {
        Drawing {
            streams: Vec::new(),
            ..*self
        }
    }

    /// The weight and delay when neither is drawn.
    pub(crate) fn constant(&self) -> Option<(f64, f64)> {
        Some((self.syn.weight.constant()?, self.syn.delay.constant()?))
    }

    /// Whether streams are keyed by the source (fixed_outdegree), not the target.
    pub(crate) fn by_source(&self) -> bool {
        self.by_source
    }

    /// (weight, delay in ms) of the next pair (source position `s`, target position `t`).
    pub(crate) fn draw(&mut self, s: u32, t: u32) -> Result<(f64, f64)> {
        if let Some(c) = self.constant() {
            return Ok(c);
        }
        if self.streams.is_empty() {
            self.streams = vec![None; self.nodes.len()];
        }
        let pos = if self.by_source {
            s as usize
        } else {
            t as usize
        };
        let (seed, node, id) = (self.seed, self.nodes[pos] as u64, self.stream);
        let rng = self.streams[pos].get_or_insert_with(|| Stream::new(seed, node, id));
        let d = self.syn.delay.draw(rng, "delay")?;
        let w = self.syn.weight.draw(rng, "weight")?;
        Ok((w, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(n: usize, first: usize) -> Vec<usize> {
        (first..first + n).collect()
    }

    #[test]
    fn fixed_indegree_without_autapses_or_multapses() {
        let src = nodes(20, 0);
        let spec = ConnSpec::from(Rule::FixedIndegree(19))
            .autapses(false)
            .multapses(false);
        let p = pairs(&spec, 20, 20, &src, &src, 7, Drawer::Connect(0)).unwrap();
        assert_eq!(p.len(), 20 * 19);
        for t in 0..20u32 {
            let mut s: Vec<u32> = p.iter().filter(|x| x.1 == t).map(|x| x.0).collect();
            assert!(!s.contains(&t));
            s.sort();
            s.dedup();
            assert_eq!(s.len(), 19);
        }
        let too_many = ConnSpec::from(Rule::FixedIndegree(20))
            .autapses(false)
            .multapses(false);
        let e = pairs(&too_many, 20, 20, &src, &src, 7, Drawer::Connect(0))
            .unwrap_err()
            .to_string();
        assert!(e.contains("indegree") && e.contains("19"), "{e}");
    }

    #[test]
    fn rules_count_and_validate() {
        let (a, b) = (nodes(5, 0), nodes(3, 5));
        assert_eq!(
            pairs(&Rule::AllToAll.into(), 5, 3, &a, &b, 1, Drawer::Connect(0))
                .unwrap()
                .len(),
            15
        );
        assert!(pairs(&Rule::OneToOne.into(), 5, 3, &a, &b, 1, Drawer::Connect(0)).is_err());
        assert_eq!(
            pairs(
                &Rule::FixedOutdegree(4).into(),
                5,
                3,
                &a,
                &b,
                1,
                Drawer::Connect(0)
            )
            .unwrap()
            .len(),
            20
        );
        assert_eq!(
            pairs(
                &Rule::FixedTotalNumber(9).into(),
                5,
                3,
                &a,
                &b,
                1,
                Drawer::Connect(0)
            )
            .unwrap()
            .len(),
            9
        );
        let e = pairs(
            &Rule::PairwiseBernoulli(1.5).into(),
            5,
            3,
            &a,
            &b,
            1,
            Drawer::Connect(0),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("p = 1.5") && e.contains("[0, 1]"), "{e}");
        assert_eq!(
            pairs(
                &Rule::PairwiseBernoulli(1.0).into(),
                5,
                3,
                &a,
                &b,
                1,
                Drawer::Connect(0)
            )
            .unwrap()
            .len(),
            15
        );
        assert!(pairs(&Rule::AllToAll.into(), 0, 3, &[], &b, 1, Drawer::Connect(0)).is_err());
    }

    #[test]
    fn bernoulli_density_is_right() {
        let a = nodes(400, 0);
        let p = pairs(
            &Rule::PairwiseBernoulli(0.1).into(),
            400,
            400,
            &a,
            &a,
            3,
            Drawer::Connect(0),
        )
        .unwrap();
        // 16000 expected, sd ~ 120: 5 sd bounds.
        assert!((p.len() as f64 - 16000.0).abs() < 600.0, "{}", p.len());
    }

    #[test]
    fn drawn_values_differ_within_a_target_whatever_the_rule() {
        // fixed_total_number does not group pairs by target: each target's stream must go on
        // where it left off rather than restart.
        let spec = ConnSpec::from(Rule::FixedTotalNumber(2000));
        let (src, tgt) = (nodes(50, 0), nodes(20, 50));
        let pairs = super::pairs(&spec, 50, 20, &src, &tgt, 3, Drawer::Connect(0)).unwrap();
        let syn = SynSpec::new(
            Dist::Normal {
                mean: 1.0,
                std: 0.1,
            },
            1.0,
        );
        let Values::Drawn(w, _) =
            values(&spec, &syn, &pairs, &src, &tgt, 3, Drawer::Connect(0)).unwrap()
        else {
            panic!("weights are drawn");
        };
        let mut distinct = w.clone();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        assert_eq!(distinct.len(), w.len());
        let mean = w.iter().sum::<f64>() / w.len() as f64;
        let sd = (w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / w.len() as f64).sqrt();
        assert!((sd - 0.1).abs() < 0.01, "sd {sd}");
    }

    #[test]
    fn draws_respect_bounds() {
        let spec = ConnSpec::from(Rule::AllToAll);
        let syn = SynSpec::new(
            ParamSpec::from(Dist::Normal {
                mean: 1.0,
                std: 2.0,
            })
            .redraw(0.0, 2.0),
            ParamSpec::from(Dist::Uniform { min: 1.0, max: 2.0 }).clip(1.2, 1.8),
        );
        let a = nodes(30, 0);
        let p = pairs(&spec, 30, 30, &a, &a, 1, Drawer::Connect(0)).unwrap();
        let Values::Drawn(w, d) = values(&spec, &syn, &p, &a, &a, 1, Drawer::Connect(0)).unwrap()
        else {
            panic!("random weights and delays must be drawn")
        };
        assert!(w.iter().all(|v| (0.0..=2.0).contains(v)));
        assert!(d.iter().all(|v| (1.2..=1.8).contains(v)));
        assert!(d.contains(&1.2) && d.iter().any(|v| *v > 1.2 && *v < 1.8));
        let impossible = SynSpec::new(
            ParamSpec::from(Dist::Normal {
                mean: 0.0,
                std: 1.0,
            })
            .redraw(100.0, 101.0),
            1.0,
        );
        assert!(values(&spec, &impossible, &p, &a, &a, 1, Drawer::Connect(0)).is_err());
    }
}
