"""Patterns compiled on first use: importing a stage compiles nothing (issue 13, start-up time).

A leaf module (it imports nothing from legalgraph): read, segment, extract and resolve all build their patterns
with it.

``_ANCHOR_RE = lazy(r"…", re.I)`` at module level, ``_ANCHOR_RE().search(text)`` where it is used: the first call
compiles, later calls return the same compiled pattern (``functools.cache``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def lazy(
    source: str, flags: int = 0, prepare: Callable[[str], str] | None = None
) -> Callable[[], re.Pattern[str]]:
    """A function that returns ``re.compile(source, flags)``, compiling it at its first call only; ``prepare``
    rewrites the source first, at that call too (``titre.accent_tolerant``)."""

    @cache
    def compiled() -> re.Pattern[str]:
        return re.compile(prepare(source) if prepare else source, flags)

    return compiled
