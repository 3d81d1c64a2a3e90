"""The one error family of the library; only cli.py turns these into messages."""

from __future__ import annotations


class TimelineError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1


class DataError(TimelineError):
    """The data file cannot be used (exit 1). Message carries file:line:column."""

    exit_code = 1


class UsageError(TimelineError):
    """A bad argument from the user (exit 2). Message quotes the input."""

    exit_code = 2


class DateError(UsageError):
    """A date the user typed cannot be read or does not exist."""


class NumberError(TimelineError):
    """A numeral that cannot be read as a number."""
