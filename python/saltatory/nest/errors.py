"""Exceptions named as NEST names them: ``NESTError`` and the classes of ``NESTErrors``."""

from .._saltatory import KernelError


class NESTError(Exception):
    """Base class of every error the kernel raises."""


class _ErrorClasses:
    """``NESTErrors.<Name>``: one subclass of :class:`NESTError` per NEST error name, made the
    first time it is asked for, so ``except nest.NESTErrors.BadProperty`` works for any name."""

    def __init__(self):
        self._classes = {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._classes:
            self._classes[name] = type(name, (NESTError,), {"__module__": __name__})
        return self._classes[name]


NESTErrors = _ErrorClasses()


def translate(error):
    """The :class:`NESTError` that stands for a kernel error raised by the compiled module."""
    name, message = error.args
    return getattr(NESTErrors, name)(f"{name} in saltatory: {message}")


def raising_nest_errors(function):
    """Wraps a function so that kernel errors leave it as ``NESTErrors`` classes."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except KernelError as e:
            raise translate(e) from None

    return wrapper
