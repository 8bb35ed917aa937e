"""Heavy pure work off the script's thread: in worker processes, waited for in short slices.

Streamlit stops a script (the user went to another page) only at its next
Streamlit call, and the libraries under the map's analysis hold Python's lock
for up to half a second at a time (Leiden's passes, SciPy's searches), so not
even a thread would let the script make that call. Work sent here runs in a
worker process instead; the script waits for it a tenth of a second at a time,
redrawing its progress, which is where a stop takes effect. Leaving while the
work runs therefore takes effect within a tenth of a second; the work goes on,
and its result is kept under its key for the next visit (or the next session).
Jobs run side by side, one per core (up to 4).

Small work runs in place: a worker process costs a start (about a second, once
per server) and a copy of its inputs, more than a small map's whole analysis.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

__all__ = ["WORKERS", "Job", "results", "start"]


def _workers(text: str | None) -> int:
    if text is None or not text.strip():  # unset: one per core this process may use (a container's cpuset)
        return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4)
    if not text.strip().isdigit():
        raise ValueError(f"$KEYSTONE_WORKERS is '{text}'; it must be a whole number of processes (0 for none).")
    return int(text)


WORKERS = _workers(os.environ.get("KEYSTONE_WORKERS"))
"""Worker processes (``KEYSTONE_WORKERS``): jobs run side by side, one per core by default (they are
CPU-bound), up to 4. 0 runs every job in place, as Keystone did before."""
NICENESS = 10
"""How far the workers step back for the server's own threads (``nice``: 0 is equal, 19 the least)."""
SLICE = 0.1
"""Seconds between two looks at the jobs, each a Streamlit call where leaving takes effect."""


@dataclass(frozen=True)
class Job:
    """One piece of pure work: ``function(*args)``, kept under ``key`` (what the work reads, as a digest).

    ``function`` must be importable by name (a module's function): a worker process looks it up.
    """

    key: Hashable
    function: Callable[..., Any]
    args: tuple[Any, ...]


# Held for the server's life: the processes, started on the first job sent to them.
@st.cache_resource(show_spinner=False)
def _pool() -> ProcessPoolExecutor:
    # "spawn": a fork of a server with running threads can copy a lock some other thread holds.
    return ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=_settle)


def _settle() -> None:
    """In each worker: step back for the server's own threads (work goes on after the user left), and leave
    Ctrl-C to the server, which stops its workers itself."""
    os.nice(NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_STARTING = threading.Lock()


@contextmanager
def _without_main() -> Iterator[None]:
    """While a job is handed over (a worker may start): no ``__main__`` for the new process to load.

    Streamlit puts the running app script there, and a spawned process loads
    its parent's ``__main__`` before anything else: it would run the app
    (3.4 s of imports at full priority, and the app's own first steps).
    """
    with _STARTING:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")  # no file, no spec: nothing to load
        try:
            yield
        finally:
            sys.modules["__main__"] = main


# Kept, not copied: a job started once, whichever session asked first, is waited for by every later one.
@st.cache_resource(show_spinner=False, max_entries=32)
def _started(key: Hashable, _function: Callable[..., Any], _args: tuple[Any, ...], _in_place: bool) -> Future:
    if not _in_place:
        with _without_main():
            return _pool().submit(_function, *_args)
    done: Future = Future()
    try:
        done.set_result(_function(*_args))
    except Exception as error:  # kept in the future, raised where it is read, like a worker's
        done.set_exception(error)
    return done


def start() -> None:
    """Start the worker processes now, so that the first job need not wait for them (about a second each)."""
    if WORKERS:
        _submit_idle(WORKERS)  # a process is started for each job that finds none idle


def _submit_idle(count: int) -> None:
    """Hand the pool ``count`` jobs that do nothing; if it is broken (a worker died), drop it for a new one.

    Only a pool that refuses work is dropped: another session may already
    have replaced a broken one with a healthy pool, which must be kept.
    """
    with _without_main():
        pool = _pool()
        try:
            for _ in range(count):
                pool.submit(int)
        except BrokenProcessPool:
            _pool.clear()  # under the lock: a session that saw the same broken pool finds the new one, not none


def results(jobs: Sequence[Job], label: str | None, in_place: bool = False) -> list[Any]:
    """Each job's result, in order: started together, waited for with ``label`` and a progress bar.

    ``in_place`` runs the jobs here, one after the other (small work), the
    bar moving on after each. ``label`` None draws no bar, for work too
    small to show: with no Streamlit call while it waits, leaving the page
    takes effect only once it is done. A job that failed raises its error
    and is forgotten, so the next rerun tries it again. If a worker process
    died (killed, out of memory), the jobs run here instead.
    """
    in_place = in_place or WORKERS == 0
    showing = label is not None and get_script_run_ctx(suppress_warning=True) is not None
    progress = _Progress(label, len(jobs)) if showing and in_place else None
    futures: list[Future] = []
    try:
        for job in jobs:
            futures.append(_started(job.key, job.function, job.args, in_place))  # in place: worked out here
            if progress:
                progress.show(len(futures))
        if not all(future.done() for future in futures):  # in the workers: work in place is done by now
            progress = _Progress(label, len(jobs)) if showing else None
            _wait(futures, progress)
        answers = [future.result() for future in futures]
    except BrokenProcessPool:
        if progress:
            progress.close()
            progress = None  # the run here draws its own
        _submit_idle(1)  # a new pool next time, unless another session has made one; these jobs now, here
        for job in jobs:
            _started.clear(job.key, job.function, job.args, in_place)
        answers = results(jobs, label, in_place=True)
    except Exception:
        if progress:
            progress.close()  # the error says what happened; a stop (the user left) keeps the bar as it stood
        for job, future in zip(jobs, futures, strict=False):  # fewer futures if a start failed
            if future.done() and future.exception() is not None:
                _started.clear(job.key, job.function, job.args, in_place)
        raise
    if progress:
        progress.close()
    return answers


class _Progress:
    """A progress bar under ``label``: how many of ``total`` jobs are done, and for how long it has waited."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.began = label, total, time.monotonic()
        self.bar = st.progress(0.0, text=label)

    def show(self, done: int) -> None:
        seconds = time.monotonic() - self.began
        self.bar.progress(done / self.total, text=f"{self.label} {done} of {self.total} done · {seconds:.0f} s")

    def close(self) -> None:
        self.bar.empty()


def _wait(futures: list[Future], progress: _Progress | None) -> None:
    if progress is None:  # nothing to draw (not a page's run, as a download built on click): just wait
        wait(futures)
        return
    pending = set(futures)
    while pending:
        _, pending = wait(pending, timeout=SLICE, return_when=FIRST_COMPLETED)
        progress.show(len(futures) - len(pending))  # a Streamlit call: the place a stop (the user left) takes effect
