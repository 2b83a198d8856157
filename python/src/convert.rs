//! Python values to the runtime's values and back: numbers, switches, texts and lists.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use saltatory::Value;
use saltatory::runtime::{ParamValue, Setting};

use crate::errors::kernel_error;

/// Whether `v` is a sequence of values (list, tuple or numpy array), not a text.
fn is_sequence(v: &Bound<'_, PyAny>) -> bool {
    let array = || {
        v.getattr("ndim")
            .and_then(|n| n.extract::<usize>())
            .is_ok_and(|n| n > 0)
    };
    !v.is_instance_of::<PyString>()
        && (v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() || array())
}

/// A number or a switch (Python bool, int or float, numpy scalars included).
pub fn value(name: &str, v: &Bound<'_, PyAny>) -> PyResult<Value> {
    if v.is_instance_of::<PyBool>() {
        return Ok(Value::Switch(v.extract::<bool>()?));
    }
    if v.get_type().name()?.to_string().starts_with("bool") {
        return Ok(Value::Switch(v.is_truthy()?));
    }
    v.extract::<f64>().map(Value::Number).map_err(|_| {
        kernel_error(
            "BadProperty",
            format!("{name} expects a number or a switch, got {v}"),
        )
    })
}

/// A neuron status entry: one value for all, or a list with one value per neuron.
pub fn setting(name: &str, v: &Bound<'_, PyAny>) -> PyResult<Setting> {
    if is_sequence(v) {
        let items: Vec<Bound<'_, PyAny>> = v.try_iter()?.collect::<PyResult<_>>()?;
        let values = items
            .iter()
            .map(|x| value(name, x))
            .collect::<PyResult<Vec<Value>>>()?;
        return Ok(Setting::Each(values));
    }
    value(name, v).map(Setting::All)
}

/// A device parameter: number, integer, switch, text, or a list of numbers or integers.
pub fn param_value(name: &str, v: &Bound<'_, PyAny>) -> PyResult<ParamValue> {
    if v.is_instance_of::<PyBool>() {
        return Ok(ParamValue::Bool(v.extract()?));
    }
    if v.is_instance_of::<PyString>() {
        return Ok(ParamValue::Text(v.extract()?));
    }
    if v.is_instance_of::<PyInt>() {
        return Ok(ParamValue::Int(v.extract()?));
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(ParamValue::Float(v.extract()?));
    }
    if is_sequence(v) {
        let items: Vec<Bound<'_, PyAny>> = v.try_iter()?.collect::<PyResult<_>>()?;
        if !items.is_empty() && items.iter().all(|x| x.is_instance_of::<PyInt>()) {
            return Ok(ParamValue::Ints(
                items.iter().map(|x| x.extract()).collect::<PyResult<_>>()?,
            ));
        }
        let floats = items.iter().map(|x| x.extract::<f64>());
        return floats
            .collect::<PyResult<Vec<f64>>>()
            .map(ParamValue::Floats)
            .map_err(|_| kernel_error("BadProperty", format!("{name} expects numbers, got {v}")));
    }
    // numpy scalars and other numbers.
    if let Ok(i) = v.extract::<i64>()
        && v.get_type().name()?.to_string().starts_with("int")
    {
        return Ok(ParamValue::Int(i));
    }
    v.extract::<f64>()
        .map(ParamValue::Float)
        .map_err(|_| kernel_error("BadProperty", format!("{name}: cannot use {v}")))
}

/// A runtime value as a Python object.
pub fn value_to_py<'py>(py: Python<'py>, v: Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Number(x) => PyFloat::new(py, x).into_any(),
        Value::Switch(b) => PyBool::new(py, b).to_owned().into_any(),
    })
}

/// A device parameter as a Python object.
pub fn param_to_py<'py>(py: Python<'py>, v: ParamValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        ParamValue::Float(x) => x.into_pyobject(py)?.into_any(),
        ParamValue::Int(i) => i.into_pyobject(py)?.into_any(),
        ParamValue::Bool(b) => PyBool::new(py, b).to_owned().into_any(),
        ParamValue::Floats(x) => x.into_pyobject(py)?.into_any(),
        ParamValue::Ints(x) => x.into_pyobject(py)?.into_any(),
        ParamValue::Text(s) => s.into_pyobject(py)?.into_any(),
    })
}

/// The entries of a Python dictionary, keys as texts.
pub fn entries<'py>(d: &Bound<'py, PyDict>) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
    d.iter()
        .map(|(k, v)| Ok((k.extract::<String>()?, v)))
        .collect()
}
