"""The error every part of the endpoint raises to answer something other than 200."""

from __future__ import annotations


class HttpError(Exception):
    """An answer other than 200: a status, a message for the person who sent the query, extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
