"""Errors that frontline raises on purpose. Each names the input that caused it."""

from __future__ import annotations


class FrontlineError(Exception):
    """Base of every expected failure; the CLI shows it as one red line."""


class ConfigError(FrontlineError):
    """A setting or a data file that the program cannot start with."""


class InputError(FrontlineError):
    """A file or record given by the user that cannot be read (names file and line)."""


class FetchError(FrontlineError):
    """A network fetch that failed: names the URL and the reason."""


class FeedError(FrontlineError):
    """A feed that cannot be parsed at all: names the feed URL and the reason."""


class DeliveryError(FrontlineError):
    """A message that could not be delivered: names the recipient and the reason."""


class DatabaseError(FrontlineError):
    """The knowledge base cannot be used: names where it is, what is wrong and what to do.

    ``kind`` is one of ``unreachable``, ``missing``, ``permission``, ``read-only`` or
    ``failed``; the CLI exits with :data:`DATABASE_EXIT_CODES` of it.
    """

    def __init__(self, message: str, kind: str = "failed") -> None:
        super().__init__(message)
        self.kind = kind


DATABASE_EXIT_CODES = {"unreachable": 10, "missing": 11, "permission": 12, "read-only": 13,
                       "failed": 14}
"""Exit codes of the CLI for each kind of :class:`DatabaseError`."""
