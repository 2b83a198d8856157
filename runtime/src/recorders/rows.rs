//! The text form of recorded events, as NEST's `ascii` and `screen` backends print them: one
//! line per event, tab-separated: the sender's global id, the time (ms, or step and offset),
//! then the event's values, every number other than the ids in fixed-point notation with
//! `precision` digits after the point.

use std::fmt::Write;
use std::sync::Arc;

use super::file_options::RowOptions;
use crate::error::Result;

/// How a recorder's events are printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RowFormat {
    digits: usize,
    time_in_steps: bool,
    /// Only the rows of these node indices (those this process owns, when every process
    /// writes its own file); all rows when `None`.
    pub only: Option<Arc<Vec<bool>>>,
}

impl RowFormat {
    /// The format of `opts`, or an error naming `model` and the bad precision.
    pub(crate) fn new(opts: &RowOptions, model: &'static str) -> Result<Self> {
        Ok(RowFormat {
            digits: opts.digits(model)?,
            time_in_steps: opts.time_in_steps,
            only: None,
        })
    }

    /// The column line of a file: `sender`, the time columns, then `values`.
    pub(crate) fn columns(&self, values: &[&str]) -> String {
        let mut out = String::from("sender");
        out.push_str(if self.time_in_steps {
            "\ttime_step\ttime_offset"
        } else {
            "\ttime_ms"
        });
        for v in values {
            out.push('\t');
            out.push_str(v);
        }
        out.push('\n');
        out
    }

    /// Appends the line of one event: from node index `sender`, stamped `stamp` (the step
    /// whose end it belongs to, as NEST counts), at `ms`, with `values`.
    pub(crate) fn row(&self, out: &mut String, sender: usize, stamp: u64, ms: f64, values: &[f64]) {
        if let Some(only) = &self.only {
            if !only.get(sender).copied().unwrap_or(false) {
                return;
            }
        }
        let _ = write!(out, "{}\t", sender + 1);
        if self.time_in_steps {
            // Events on the grid have no offset within their step.
            let _ = write!(out, "{stamp}\t");
            fixed(out, 0.0, self.digits);
        } else {
            fixed(out, ms, self.digits);
        }
        for &v in values {
            out.push('\t');
            fixed(out, v, self.digits);
        }
        out.push('\n');
    }
}

/// `x` with `digits` digits after the point, as C's `%.*f` prints it (correctly rounded, ties
/// to even; `nan`, `-nan`, `inf` and `-inf` for the non-finite values).
pub(crate) fn fixed(out: &mut String, x: f64, digits: usize) {
    if x.is_nan() {
        out.push_str(if x.is_sign_negative() { "-nan" } else { "nan" });
    } else {
        let _ = write!(out, "{x:.digits$}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64, d: usize) -> String {
        let mut s = String::new();
        fixed(&mut s, x, d);
        s
    }

    #[test]
    fn numbers_print_as_c_does() {
        assert_eq!(f(27.8, 3), "27.800");
        assert_eq!(f(27.8, 0), "28");
        assert_eq!(f(27.8, 20), "27.80000000000000071054");
        assert_eq!(f(-69.2203, 3), "-69.220");
        assert_eq!(f(0.0125, 3), "0.013"); // 0.0125 is slightly above in binary
        assert_eq!(f(0.125, 2), "0.12"); // an exact tie goes to even
        assert_eq!(f(-0.0001, 3), "-0.000");
        assert_eq!(f(-0.0, 3), "-0.000");
        assert_eq!(f(f64::NAN, 3), "nan");
        assert_eq!(f(-f64::NAN, 3), "-nan");
        assert_eq!(f(f64::NEG_INFINITY, 3), "-inf");
    }

    #[test]
    fn rows_and_columns() {
        let ms = RowFormat::new(&RowOptions::default(), "multimeter").unwrap();
        assert_eq!(ms.columns(&["V_m", "g_ex"]), "sender\ttime_ms\tV_m\tg_ex\n");
        let mut s = String::new();
        ms.row(&mut s, 0, 5, 0.5, &[-69.2203, 0.0]);
        assert_eq!(s, "1\t0.500\t-69.220\t0.000\n");
        let steps = RowFormat::new(
            &RowOptions {
                precision: 5,
                time_in_steps: true,
            },
            "spike_recorder",
        )
        .unwrap();
        assert_eq!(steps.columns(&[]), "sender\ttime_step\ttime_offset\n");
        let mut s = String::new();
        steps.row(&mut s, 1, 576, 57.6, &[]);
        assert_eq!(s, "2\t576\t0.00000\n");
    }
}
