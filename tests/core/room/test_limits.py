"""How often one participant may submit: 30 a minute, each participant on their own, time injected."""

from __future__ import annotations

import threading

import pytest

from core.room.limits import RateLimit


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_the_31st_submission_within_a_minute_is_refused(clock):
    limit = RateLimit(most=30, seconds=60, clock=clock)
    allowed = []
    for _ in range(30):
        allowed.append(limit.allow("ana"))
        clock.now += 1.9  # 30 submissions in 57 seconds
    assert allowed == [True] * 30
    assert limit.allow("ana") is False
    assert limit.wait("ana") == pytest.approx(3.0)  # the first one leaves the window at 60 s


def test_submissions_are_allowed_again_once_the_window_has_passed(clock):
    limit = RateLimit(most=30, seconds=60, clock=clock)
    assert all(limit.allow("ana") for _ in range(30))
    assert not limit.allow("ana")
    clock.now += 59.9
    assert not limit.allow("ana")
    assert limit.wait("ana") == pytest.approx(0.1)
    clock.now += 0.1
    assert limit.wait("ana") == 0.0
    assert [limit.allow("ana") for _ in range(31)] == [True] * 30 + [False]


def test_the_window_slides(clock):
    limit = RateLimit(most=30, seconds=60, clock=clock)
    assert all(limit.allow("ana") for _ in range(15))
    clock.now += 30
    assert all(limit.allow("ana") for _ in range(15))
    assert not limit.allow("ana")
    clock.now += 30  # the first 15 leave the window, the last 15 stay
    assert [limit.allow("ana") for _ in range(16)] == [True] * 15 + [False]


def test_refused_submissions_do_not_count(clock):
    limit = RateLimit(most=30, seconds=60, clock=clock)
    assert all(limit.allow("ana") for _ in range(30))
    clock.now += 30
    assert not any(limit.allow("ana") for _ in range(100))  # hammering does not push the window on
    clock.now += 30
    assert all(limit.allow("ana") for _ in range(30))


def test_each_participant_has_their_own_allowance(clock):
    limit = RateLimit(most=30, seconds=60, clock=clock)
    assert all(limit.allow("ana") for _ in range(30))
    assert not limit.allow("ana")
    assert limit.wait("bob") == 0.0
    assert all(limit.allow("bob") for _ in range(30))
    assert not limit.allow("bob")


def test_nobody_waits_before_sending_anything(clock):
    limit = RateLimit(clock=clock)
    assert (limit.most, limit.seconds) == (30, 60.0)
    assert limit.wait("ana") == 0.0
    limit.allow("ana")
    assert limit.wait("ana") == 0.0  # below the limit


def test_threads_sending_at_once_get_exactly_the_allowance(clock):
    limit = RateLimit(most=30, seconds=60, clock=clock)
    barrier = threading.Barrier(20, timeout=30)
    results: list[bool] = []
    guard = threading.Lock()

    def send() -> None:
        barrier.wait()
        mine = [limit.allow("ana") for _ in range(5)]
        with guard:
            results.extend(mine)

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 100
    assert results.count(True) == 30
