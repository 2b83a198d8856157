//! NEST's rules for the lists of times of `step_current_generator` (amplitude times) and
//! `spike_generator` (spike times), and the placing of a time on the grid that they share with
//! `inhomogeneous_poisson_generator` (rate times).
//!
//! A time is on the grid when NEST's tics of it are a whole number of steps (a time within half
//! a tic of a step is on it); another is refused, or, where off-grid times are allowed, moved to
//! the end of its step ([`NestTime`]). NaN is refused everywhere (NEST takes it as infinity or
//! worse); an infinite time is accepted where NEST accepts it (off-grid times allowed) and is
//! never reached.

use super::nest_time::NestTime;
use super::{finite, invalid};
use crate::error::{Error, Result};
use crate::time::Grid;

/// A list as the errors show it: `[1, 2.5]`.
pub(crate) fn show<T: std::fmt::Display>(values: &[T]) -> String {
    let items: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// The grid time of `t` (parameter `what` of `device`), rounded up to the end of its step where
/// `offgrid` allows it.
pub(crate) fn on_grid(
    grid: &Grid,
    device: &'static str,
    what: &'static str,
    t: f64,
    offgrid: bool,
) -> Result<NestTime> {
    if t.is_nan() {
        return Err(invalid(device, what, t, "ms", "times, not NaN"));
    }
    let time = NestTime::ms(grid, t);
    if time.is_grid_time(grid) {
        Ok(time)
    } else if offgrid {
        Ok(NestTime::ms_stamp(grid, t))
    } else {
        let expected = format!(
            "a multiple of the resolution {} ms (or allow_offgrid_times)",
            grid.h()
        );
        Err(invalid(device, what, t, "ms", expected))
    }
}

/// Refuses a list `name` of `device` that does not have one `entry` per time of `of` (a name
/// and a length) or, where `empty` allows it, none.
pub(crate) fn same_length<T: std::fmt::Display>(
    device: &'static str,
    (name, entry): (&'static str, &'static str),
    values: &[T],
    of: (&'static str, usize),
    empty: bool,
) -> Result<()> {
    if values.len() == of.1 || (empty && values.is_empty()) {
        return Ok(());
    }
    let or_none = if empty { ", or none" } else { "" };
    let time = of.0.replace('_', " ").trim_end_matches('s').to_string();
    Err(Error::InvalidValue {
        model: device,
        name: name.into(),
        value: show(values),
        expected: format!("one {entry} per {time} ({} in {}){or_none}", of.1, of.0),
    })
}

/// `step_current_generator` and `step_rate_generator` (models/step_current_generator.cpp,
/// models/step_rate_generator.cpp): one amplitude (in `unit`) per time; times > 0, on the
/// grid, in strictly increasing steps. Returns the switching steps.
pub(crate) fn amplitude_steps(
    grid: &Grid,
    (name, unit): (&'static str, &'static str),
    times: &[f64],
    amplitudes: &[f64],
    offgrid: bool,
) -> Result<Vec<i64>> {
    let of = ("amplitude_times", times.len());
    same_length(name, ("amplitude_values", "value"), amplitudes, of, false)?;
    for a in amplitudes {
        finite(name, "amplitude_values", *a, unit)?;
    }
    let mut previous = NestTime::ZERO;
    let mut steps = Vec::with_capacity(times.len());
    for &t in times {
        if t <= 0.0 {
            return Err(invalid(name, "amplitude_times", t, "ms", "times > 0"));
        }
        let time = on_grid(grid, name, "amplitude_times", t, offgrid)?;
        if time <= previous {
            let expected =
                "times in strictly increasing steps, after 0 (after rounding to the grid)";
            return Err(invalid(name, "amplitude_times", t, "ms", expected));
        }
        previous = time;
        steps.push(time.steps(grid));
    }
    Ok(steps)
}

/// `spike_generator` (models/spike_generator.cpp): times in non-decreasing order as given, none
/// at 0, on the grid; a time before the current time is never sent. Returns the spikes' steps
/// (the origin added).
pub(crate) fn spike_steps(
    grid: &Grid,
    times: &[f64],
    origin: f64,
    offgrid: bool,
) -> Result<Vec<i64>> {
    const NAME: &str = "spike_generator";
    let origin = NestTime::ms(grid, origin);
    let mut steps = Vec::with_capacity(times.len());
    for (k, &t) in times.iter().enumerate() {
        if k > 0 && times[k - 1] > t {
            let expected = format!("times in non-decreasing order (after {})", times[k - 1]);
            return Err(invalid(NAME, "spike_times", t, "ms", expected));
        }
        if t == 0.0 {
            let expected = "a time > 0 (a time < 0 lies in the past and is never sent)";
            return Err(invalid(NAME, "spike_times", t, "ms", expected));
        }
        let time = on_grid(grid, NAME, "spike_times", t, offgrid)?;
        steps.push(origin.plus(time, grid).steps(grid));
    }
    Ok(steps)
}
