//! Errors of the runtime as Python exceptions: one exception type, [`KernelError`], whose
//! arguments are the name NEST gives that kind of error and saltatory's message. The Python
//! package turns it into the matching class of `nest.NESTErrors`.

use pyo3::PyErr;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use saltatory::Error;

create_exception!(
    _saltatory,
    KernelError,
    PyException,
    "An error of the simulation kernel: (NEST's name of the error, message)."
);

/// The name NEST gives an error of this kind.
pub fn nest_name(e: &Error) -> &'static str {
    match e {
        Error::InvalidParameter { .. }
        | Error::InvalidValue { .. }
        | Error::WrongValueKind { .. }
        | Error::InvalidTime { .. }
        | Error::InvalidOutput { .. } => "BadProperty",
        Error::UnknownName { kind, .. } if kind.contains("model") || kind.contains("device") => {
            "UnknownModelName"
        }
        Error::UnknownName { .. } => "UnaccessedDictionaryEntry",
        Error::UnknownReceptor { .. } => "UnknownReceptorType",
        Error::Incompatible { .. } => "IllegalConnection",
        Error::InvalidNodes(_) => "BadParameter",
        Error::NonFinite { .. } | Error::Integration { .. } => "NumericalInstability",
        Error::Io { .. } => "IOError",
        _ => "KernelException",
    }
}

/// A runtime error as a [`KernelError`].
pub fn to_py(e: Error) -> PyErr {
    KernelError::new_err((nest_name(&e), e.to_string()))
}

/// An error the front end itself raises, with NEST's name for it.
pub fn kernel_error(name: &'static str, message: impl Into<String>) -> PyErr {
    KernelError::new_err((name, message.into()))
}
