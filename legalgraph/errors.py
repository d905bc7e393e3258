"""The one error type legalgraph raises for bad input: it names the file and the reason."""

from __future__ import annotations


class LegalgraphError(Exception):
    """Bad input or a failed operation, with the file it concerns and a readable reason."""

    def __init__(self, reason: str, path: str | None = None):
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


class InputError(LegalgraphError):
    """A source that cannot be read: empty, binary, truncated, too large, unknown format, unsafe XML."""
