//! `Connect`'s dictionaries: the connection rule with its arguments, and the synapse with
//! its weight, delay and receptor.

use pyo3::prelude::*;
use saltatory::runtime::{ConnSpec, Rule, SynSpec};

use crate::book::Book;
use crate::errors::{kernel_error, to_py};

/// The connection rule NEST calls `rule`, with its arguments.
pub fn conn_spec(rule: &str, args: &[(String, Bound<'_, PyAny>)]) -> PyResult<ConnSpec> {
    let arg = |name: &str| args.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let need = |name: &str| {
        arg(name).ok_or_else(|| {
            kernel_error("BadProperty", format!("Connect: rule {rule} needs {name}"))
        })
    };
    let rule = match rule {
        "all_to_all" => Rule::AllToAll,
        "one_to_one" => Rule::OneToOne,
        "fixed_indegree" => Rule::FixedIndegree(need("indegree")?.extract()?),
        "fixed_outdegree" => Rule::FixedOutdegree(need("outdegree")?.extract()?),
        "fixed_total_number" => Rule::FixedTotalNumber(need("N")?.extract()?),
        "pairwise_bernoulli" => Rule::PairwiseBernoulli(need("p")?.extract()?),
        "pairwise_poisson" => Rule::PairwisePoisson(need("pairwise_avg_num_conns")?.extract()?),
        "symmetric_pairwise_bernoulli" => Rule::SymmetricPairwiseBernoulli(need("p")?.extract()?),
        other => {
            return Err(kernel_error(
                "BadProperty",
                format!(
                    "Connect: rule {other:?} is not available here; known: all_to_all, one_to_one, fixed_indegree, fixed_outdegree, fixed_total_number, pairwise_bernoulli, pairwise_poisson, symmetric_pairwise_bernoulli"
                ),
            ));
        }
    };
    let symmetric = matches!(rule, Rule::SymmetricPairwiseBernoulli(_));
    let mut spec = ConnSpec::from(rule);
    for (k, v) in args {
        match k.as_str() {
            "rule" | "indegree" | "outdegree" | "N" | "p" | "pairwise_avg_num_conns" => {}
            // The symmetric rule makes the reverse connections itself and needs the switch on;
            // the other rules here make none.
            "make_symmetric" if v.extract::<bool>()? != symmetric => {
                return Err(kernel_error(
                    "BadProperty",
                    format!(
                        "Connect: make_symmetric = {} is not available for rule {rule:?} here",
                        !symmetric
                    ),
                ));
            }
            "make_symmetric" => {}
            "allow_autapses" => spec = spec.autapses(v.extract()?),
            "allow_multapses" => spec = spec.multapses(v.extract()?),
            other => {
                return Err(kernel_error(
                    "UnaccessedDictionaryEntry",
                    format!("Connect: the connection rule takes no {other:?}"),
                ));
            }
        }
    }
    if symmetric && arg("make_symmetric").is_none() {
        return Err(kernel_error(
            "BadProperty",
            "Connect: symmetric_pairwise_bernoulli needs make_symmetric = True".to_string(),
        ));
    }
    Ok(spec)
}

/// The synapse of a `Connect`: the model's defaults with weight, delay and receptor given,
/// and the model's own parameters (`U`, `tau_plus`, ...) changed for these connections.
pub fn syn_spec(
    book: &mut Book,
    model: &str,
    args: &[(String, Bound<'_, PyAny>)],
) -> PyResult<SynSpec> {
    let mut own = Vec::new();
    for (k, v) in args {
        if !matches!(
            k.as_str(),
            "synapse_model" | "weight" | "delay" | "receptor_type"
        ) {
            own.push((k.as_str(), crate::convert::value(k, v)?));
        }
    }
    let mut spec = book
        .models
        .synapse_in_with(&mut book.sim, model, &own)
        .map_err(to_py)?;
    for (k, v) in args {
        match k.as_str() {
            "weight" => spec.weight = v.extract::<f64>()?.into(),
            "delay" => spec.delay = v.extract::<f64>()?.into(),
            "receptor_type" => spec.receptor = v.extract()?,
            _ => {}
        }
    }
    Ok(spec)
}
