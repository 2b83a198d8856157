"""Verbosity as PyNEST offers it: accepted and kept; saltatory prints no kernel messages."""

import enum

__all__ = ["VerbosityLevel", "set_verbosity", "get_verbosity"]


class VerbosityLevel(enum.IntEnum):
    """The message levels NEST knows, from everything to nothing."""

    ALL = 0
    DEBUG = 5
    STATUS = 7
    INFO = 10
    DEPRECATED = 18
    WARNING = 20
    ERROR = 30
    FATAL = 40
    QUIET = 100


_level = VerbosityLevel.INFO


def set_verbosity(level):
    """Sets the level: a :class:`VerbosityLevel`, a number or a name such as ``"M_WARNING"``."""
    global _level
    if isinstance(level, str):
        _level = VerbosityLevel[level.removeprefix("M_")]
    else:
        _level = VerbosityLevel(int(level))


def get_verbosity():
    """The level."""
    return _level
