"""Run a function over many inputs on several cores, results in input order (``legalgraph parse``/``build``)."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `legalgraph parse FILE` start-up time
if TYPE_CHECKING:
    from concurrent.futures import Future
    from typing import TypeVar

    T = TypeVar("T")
    R = TypeVar("R")

# A worker process costs ~0.5 s to start (a fresh interpreter importing legalgraph): below this many items per
# worker, the work is done in this process.
ITEMS_PER_WORKER = 64
# Tasks in flight per worker: enough that a worker never waits for the next one while the caller writes a
# batch, few enough that results and inputs held in memory stay bounded.
WINDOW_PER_WORKER = 8


def default_jobs() -> int:
    """All the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers_for(jobs: int, items: int) -> int:
    """How many worker processes are worth starting for ``items`` items (1: none, work in this process)."""
    return max(1, min(jobs, items // ITEMS_PER_WORKER))


def workers_asked(jobs: int | None, items: int) -> int:
    """Worker processes for ``--jobs``: the number asked for (no more than ``items``); when none is asked, all
    cores, and small inputs in this process (``workers_for``)."""
    if jobs:
        return max(1, min(jobs, items))
    return workers_for(default_jobs(), items)


def failure_reason(exc: BaseException) -> str:
    """What a report says of an input that failed: the reason of a LegalgraphError, else the bug, named. Workers
    return it as text: an exception does not always survive the trip back from a worker process."""
    from legalgraph.errors import LegalgraphError

    if isinstance(exc, LegalgraphError):
        return exc.reason
    return f"internal error ({type(exc).__name__}: {exc})"


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``map(fn, items)`` on ``jobs`` worker processes (in this process when ``jobs`` ≤ 1), yielding results in
    the order of ``items``. ``items`` is read lazily, a bounded window ahead of the results; ``fn`` must be a
    module-level function (it is sent to the workers by name) and should return its errors rather than raise."""
    if jobs <= 1:
        yield from map(fn, items)
        return
    # Imported here: multiprocessing costs more to import than parsing one page takes.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from legalgraph.errors import LegalgraphError

    # "spawn": fresh workers that share nothing with this process, which may hold an open store and its threads.
    # (A script that calls this needs the usual `if __name__ == "__main__":` guard: workers import it.)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending: deque[Future[R]] = deque()
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= jobs * WINDOW_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    except BrokenProcessPool as exc:
        raise LegalgraphError(f"a worker process died ({exc}); try --jobs 1") from exc
