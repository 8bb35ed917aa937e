"""Heavy work in worker processes (``ui.worker``): the same results as in place, kept, and a dead worker survived."""

from __future__ import annotations

import os
import signal
import sys
import time
import types
from concurrent.futures.process import BrokenProcessPool

import networkx as nx
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core.system_map import measures, network
from ui import worker
from ui.system_map import data


@pytest.fixture
def fresh_caches(monkeypatch):
    monkeypatch.setattr(worker, "WORKERS", 2)  # whatever KEYSTONE_WORKERS says where the tests run
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    if worker.WORKERS:  # a test may have set none
        worker._pool().shutdown(wait=True, cancel_futures=True)
    st.cache_resource.clear()


def _big_map(size: int = 700) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actors and relations of a scale-free map, about 2 ties each."""
    graph = nx.barabasi_albert_graph(size, 2, seed=7)
    name = "Org {:04d}".format
    actors = pd.DataFrame(
        {"name": [name(i) for i in graph], "type": ["ngo", "company", "funder"] * (size // 3) + ["ngo"] * (size % 3)}
    )
    relations = pd.DataFrame(
        [{"source": name(a), "target": name(b), "kind": "partners", "weight": 1.0 + (a + b) % 3,
          "directed": (a + b) % 2 == 0} for a, b in graph.edges]
    )  # fmt: skip
    return relations, actors


def test_a_big_map_is_analysed_in_the_workers_as_it_would_be_in_place(fresh_caches, monkeypatch):
    monkeypatch.setattr(data, "IN_WORKERS_FROM", 500)  # "big" from 500 actors: the same path, a shorter test
    relations, actors = _big_map()
    _, metrics = data.actor_analysis(relations, actors)
    assert not data._analysis(relations, actors).in_place
    assert worker.results([worker.Job(("process",), os.getpid, ())], "Asking:") != [os.getpid()]
    full = network.analyse(network.build_network(relations, actors))
    pd.testing.assert_frame_equal(metrics.table, full.table, rtol=1e-9)
    assert metrics.partition == full.partition and metrics.bridges == full.bridges
    assert (metrics.one_way, metrics.method) == (full.one_way, full.method)


def test_a_job_is_kept_under_its_key_and_a_failed_one_is_tried_again(fresh_caches):
    ties = nx.path_graph(["a", "b", "c", "d"])
    job = worker.Job(("hops", "a-b-c-d"), measures.hops, (ties,))
    first = worker.results([job], "Counting hops:")[0]
    assert first.cut_points == {"b", "c"}
    assert worker.results([job], "Counting hops:")[0] is first  # kept, not worked out again

    failing = worker.Job(("hops", "not a graph"), measures.hops, ("not a graph",))
    raised = []
    for _ in range(2):  # the failure is said each time, and the work tried again: not kept as the answer
        with pytest.raises(AttributeError) as error:
            worker.results([failing], "Counting hops:")
        raised.append(error.value)
    assert raised[0] is not raised[1]


def test_a_killed_worker_costs_the_answer_nothing(fresh_caches):
    relations, actors = _big_map()
    graph = network.build_network(relations, actors)
    worker.results([worker.Job(("warm", 1), measures.directions, (graph.arcs,))], "Warming up:")
    broken = worker._pool()
    assert broken._processes
    for process in list(broken._processes.values()):
        os.kill(process.pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
        process.join()
    job = worker.Job(("hops", "big"), measures.hops, (graph.ties,))
    hops = worker.results([job], "Counting hops:")[0]
    assert hops.cut_points == frozenset(nx.articulation_points(graph.ties))
    assert worker.results([job], "Counting hops:")[0] is hops
    assert worker._pool() is not broken  # the next big map gets new processes


def test_starting_the_workers_after_one_died_starts_new_ones(fresh_caches):
    worker.start()
    worker.results([worker.Job(("up",), os.getpid, ())], "Asking:")  # the processes are up
    broken = worker._pool()
    for process in list(broken._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
        process.join()
    deadline = time.monotonic() + 30
    while worker._pool() is broken and time.monotonic() < deadline:  # until the pool has noticed the deaths
        worker.start()  # no traceback for the next big map, before or after
        time.sleep(0.1)
    assert worker._pool() is not broken
    assert worker.results([worker.Job(("process",), os.getpid, ())], "Asking:") != [os.getpid()]


def test_a_pool_another_session_made_healthy_is_kept(fresh_caches):
    """A job whose worker died finds a new pool already made by another session: that pool is kept."""
    job = worker.Job(("slow",), time.sleep, (1.0,))
    dying = worker._started(job.key, job.function, job.args, False)
    broken = worker._pool()
    for process in list(broken._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
        process.join()
    assert isinstance(dying.exception(timeout=30), BrokenProcessPool)
    worker._pool.clear()  # as another session's worker.start() does on finding the pool broken
    worker.start()
    healthy = worker._pool()
    assert worker.results([job], "Waiting:") == [None]  # the job run again, here
    assert worker._pool() is healthy


def _waited_in_a_page_run() -> None:
    """A page that waits for a job in the workers (while a slow one holds the other), as step 1 does."""
    import os
    import time

    import streamlit as st

    from ui import worker

    slow, quick = worker.Job(("slow",), time.sleep, (0.5,)), worker.Job(("pid",), os.getpid, ())
    st.session_state.answers = worker.results([slow, quick], "Waiting:")


def test_a_page_run_waits_for_its_jobs_in_the_workers(fresh_caches):
    app = AppTest.from_function(_waited_in_a_page_run, default_timeout=60).run()
    assert not app.exception
    slept, pid = app.session_state.answers
    assert slept is None and pid != os.getpid()
    assert app.get("progress") == []  # drawn while it waited, gone once the answers are in


def test_a_worker_does_not_run_the_app_streamlit_put_in_main(fresh_caches, tmp_path, monkeypatch):
    """Streamlit runs the app as ``__main__``; a process spawned meanwhile would load it first."""
    ran = tmp_path / "the app ran"
    app = tmp_path / "app.py"
    app.write_text(f"open({str(ran)!r}, 'w').close()\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(app)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert worker.results([worker.Job(("process",), os.getpid, ())], "Asking:") != [os.getpid()]
    assert not ran.exists()
    assert sys.modules["__main__"] is main


def test_no_workers_set_runs_every_job_in_place(fresh_caches, monkeypatch):
    monkeypatch.setattr(worker, "WORKERS", 0)  # KEYSTONE_WORKERS=0
    assert worker.results([worker.Job(("process",), os.getpid, ())], "Asking:") == [os.getpid()]


ONE_PER_CORE = min(len(os.sched_getaffinity(0)), 4)  # the cores this process may use (Linux)


@pytest.mark.parametrize(("text", "workers"), [(None, ONE_PER_CORE), ("", ONE_PER_CORE), ("0", 0), (" 3 ", 3)])
def test_the_number_of_workers_is_read_from_the_setting(text, workers):
    assert worker._workers(text) == workers


@pytest.mark.parametrize("text", ["two", "-1", "1.5"])
def test_a_wrong_number_of_workers_is_named(text):
    with pytest.raises(ValueError, match=f"KEYSTONE_WORKERS is '{text}'; it must be a whole number"):
        worker._workers(text)


def test_unset_the_workers_follow_the_cores_this_process_may_use():
    """A container limited to one core (a cpuset) gets one worker, however many the machine has."""
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        assert worker._workers(None) == 1
    finally:
        os.sched_setaffinity(0, allowed)


def _stopped_during_work_in_place() -> None:
    """A page whose second job stops the run, as a user leaving does (Streamlit stops a run by raising in it)."""
    import streamlit as st

    from ui import worker

    jobs = [worker.Job(("first",), len, ((),)), worker.Job(("second",), st.stop, ()), worker.Job(("third",), len, ())]
    worker.results(jobs, "Analysing:", in_place=True)


def test_work_in_place_moves_its_progress_bar_on_after_each_job(fresh_caches):
    app = AppTest.from_function(_stopped_during_work_in_place).run()
    bars = app.get("progress")
    assert [(bar.proto.value, bar.proto.text.split(" · ")[0]) for bar in bars] == [(33, "Analysing: 1 of 3 done")]


def _failed_in_place() -> None:
    from ui import worker

    worker.results([worker.Job(("a number",), int, ("twelve",))], "Analysing:", in_place=True)


def test_work_that_fails_in_place_shows_its_error_and_no_bar(fresh_caches):
    app = AppTest.from_function(_failed_in_place).run()
    assert "invalid literal for int()" in app.exception[0].message and app.get("progress") == []
