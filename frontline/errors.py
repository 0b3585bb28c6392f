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
