"""azure/graph_quota.py: the quota headers, and the gate that holds queries back (with a literal clock)."""
from __future__ import annotations

import pytest

from azext_pyappsvc.azure.graph_quota import (MAX_TOTAL_WAIT_SECONDS, QuotaExhausted, QuotaGate, parse_remaining,
                                              parse_resets_after)


class Clock:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def gate(clock: Clock) -> QuotaGate:
    return QuotaGate(clock=lambda: clock.now, sleep=clock.sleep, jitter=lambda: 0.0)


@pytest.mark.parametrize("text, seconds", [("00:00:03", 3.0), ("00:01:05", 65.0), ("1.00:00:00", 86400.0),
                                           ("00:00:04.5", 4.5), ("", None), ("3", None), (None, None)])
def test_resets_after_is_hh_mm_ss(text, seconds):
    assert parse_resets_after(text) == seconds


def test_remaining_is_a_number_or_unknown():
    assert (parse_remaining("10"), parse_remaining(" 0 "), parse_remaining("x"), parse_remaining(None)) == (10, 0, None, None)


def test_the_gate_spends_the_reported_quota_then_waits_for_the_reset():
    clock = Clock()
    quota = gate(clock)
    quota.before_send()                                     # unknown quota: goes
    quota.after_answer({"x-ms-user-quota-remaining": "2", "x-ms-user-quota-resets-after": "00:00:03"})
    quota.before_send(), quota.before_send()
    assert clock.sleeps == []
    quota.before_send()                                     # the third would be throttled: waits 3 s
    assert clock.sleeps == [3.0] and quota.waited == 3.0


def test_a_429_makes_the_next_query_wait_for_the_reset_it_names():
    clock = Clock()
    quota = gate(clock)
    quota.on_throttled({"X-Ms-User-Quota-Resets-After": "00:00:02"})
    quota.before_send()
    assert clock.sleeps == [2.0] and quota.throttled == 1


def test_throttling_ends_after_the_total_budget():
    clock = Clock()
    quota = gate(clock)
    with pytest.raises(QuotaExhausted):
        for _ in range(int(MAX_TOTAL_WAIT_SECONDS)):
            quota.on_throttled({})
            quota.before_send()
    assert sum(clock.sleeps) <= MAX_TOTAL_WAIT_SECONDS


def test_a_window_ends_when_the_service_says_not_when_the_gate_guessed():
    clock = Clock()
    quota = gate(clock)
    quota.after_answer({"x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:00:01"})
    quota.before_send()                                     # waits 1 s, then guesses a new window of 5 s
    quota.after_answer({"x-ms-user-quota-remaining": "1", "x-ms-user-quota-resets-after": "00:00:05"})
    clock.now += 0.3                                        # the service's window started 0.3 s later
    quota.after_answer({"x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:00:05"})
    quota.before_send()
    assert clock.sleeps[-1] == pytest.approx(5.0)            # until the service's end, not the guessed one


def test_queries_in_flight_count_against_the_lowest_reported_count():
    clock = Clock()
    quota = gate(clock)
    epochs = [quota.before_send() for _ in range(12)]      # a first round of 12, the quota unknown
    quota.after_answer({"x-ms-user-quota-remaining": "10", "x-ms-user-quota-resets-after": "00:00:05"}, epochs[0])
    quota.before_send()                                     # 11 still in flight may take the 10 left: wait
    assert clock.sleeps == [5.0]


def test_once_the_answers_are_in_what_is_left_of_the_window_is_spent_without_waiting():
    clock = Clock()
    quota = gate(clock)
    epochs = [quota.before_send() for _ in range(12)]
    for left in (10, 14, 3, 12, 11, 9, 8, 7, 6, 5, 4, 13):  # answers come back in any order
        quota.after_answer({"x-ms-user-quota-remaining": str(left), "x-ms-user-quota-resets-after": "00:00:04"},
                           epochs[0])
    for _ in range(3):
        quota.before_send()
    assert clock.sleeps == []
    quota.before_send()
    assert clock.sleeps == [4.0]


def test_a_late_answer_from_an_earlier_window_changes_nothing():
    clock = Clock()
    quota = gate(clock)
    first, late = quota.before_send(), quota.before_send()
    quota.after_answer({"x-ms-user-quota-remaining": "1", "x-ms-user-quota-resets-after": "00:00:01"}, first)
    assert quota.before_send() != first and clock.sleeps == [1.0]   # the window was spent: a new one
    quota.after_answer({"x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:00:05"}, late)
    quota.before_send()                                     # the new window allows 2: one left
    assert clock.sleeps == [1.0]
