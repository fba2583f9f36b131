"""azure/armretry.py: azure-core RetryPolicy's rules (which method, which status, how long) with arm.py's limits."""
from __future__ import annotations

import email.utils

import pytest

from azext_pyappsvc.azure import arm
from azext_pyappsvc.azure.armretry import (Failure, RetryLimits, RetryState, method_retryable, parse_retry_after,
                                           retry_after_seconds)

LIMITS = RetryLimits(total=arm.ARM_RETRY_TOTAL, read=arm.ARM_RETRY_READ, backoff=arm.ARM_RETRY_BACKOFF,
                     backoff_max=arm.ARM_RETRY_BACKOFF_MAX, retry_after_max=arm.ARM_RETRY_AFTER_MAX)


def waits_after_answers(method, status, headers=None, limits=LIMITS):
    """The waits before each retry until the state gives up, the same answer coming back every time."""
    state, waits = RetryState(limits), []
    for _ in range(20):
        wait = state.after_answer(method, status, headers or {})
        if wait is None:
            return waits
        waits.append(wait)
    raise AssertionError("never gave up")


def waits_after_failures(method, failure, limits=LIMITS):
    state, waits = RetryState(limits), []
    for _ in range(20):
        wait = state.after_failure(method, failure)
        if wait is None:
            return waits
        waits.append(wait)
    raise AssertionError("never gave up")


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_a_get_is_retried_three_times_on_the_retry_statuses_with_backoff_0_1_2(status):
    assert waits_after_answers("GET", status) == [0, 1, 2]


@pytest.mark.parametrize("status", [200, 201, 202, 304, 400, 401, 403, 404, 409, 501])
def test_other_statuses_are_final(status):
    assert waits_after_answers("GET", status) == []


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_post_and_patch_are_retried_only_on_500_503_504(method):
    assert {s: waits_after_answers(method, s) for s in (408, 429, 500, 502, 503, 504)} == {
        408: [], 429: [], 500: [0, 1, 2], 502: [], 503: [0, 1, 2], 504: [0, 1, 2]}


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "PUT"])
def test_a_retry_after_is_waited_for_whatever_the_method_and_status(method):
    assert waits_after_answers(method, 429, {"Retry-After": "2"}) == [2, 2, 2]
    assert waits_after_answers(method, 409, {"retry-after": "1"}) == [1, 1, 1]


def test_a_retry_after_above_the_limit_ends_the_retries_at_once():
    assert waits_after_answers("GET", 429, {"Retry-After": "3600"}) == []
    assert waits_after_answers("GET", 503, {"Retry-After": str(arm.ARM_RETRY_AFTER_MAX + 1)}) == []
    assert waits_after_answers("GET", 503, {"Retry-After": str(arm.ARM_RETRY_AFTER_MAX)}) == [10, 10, 10]


@pytest.mark.parametrize("value", ["soon, maybe", "0", ""])
def test_an_unreadable_or_zero_retry_after_falls_back_to_backoff(value):
    assert waits_after_answers("GET", 429, {"Retry-After": value}) == [0, 1, 2]


def test_an_unreadable_retry_after_still_counts_as_asked_for_a_post():
    assert waits_after_answers("POST", 429, {"Retry-After": "soon, maybe"}) == [0, 1, 2]


def test_the_backoff_doubles_and_is_capped():
    limits = RetryLimits(total=6, read=1, backoff=1, backoff_max=5, retry_after_max=10)
    assert waits_after_answers("GET", 503, limits=limits) == [0, 2, 4, 5, 5, 5]


def test_retry_after_ms_headers_are_read_in_milliseconds():
    assert retry_after_seconds({"retry-after-ms": "1500"}) == 1.5
    assert retry_after_seconds({"x-ms-retry-after-ms": "250"}) == 0.25
    assert retry_after_seconds({"Retry-After": "3", "retry-after-ms": "1500"}) == 3
    assert retry_after_seconds({}) is None


def test_retry_after_as_an_http_date():
    now = 1_700_000_000.0
    assert parse_retry_after(email.utils.formatdate(now + 7, usegmt=True), now) == 7
    assert parse_retry_after(email.utils.formatdate(now - 7, usegmt=True), now) == 0
    assert parse_retry_after("-3") == 0
    assert parse_retry_after("Tuesday") is None


def test_connection_failures_are_retried_for_get_and_put_never_for_post_or_patch():
    assert waits_after_failures("GET", Failure.CONNECT) == [0, 1, 2]
    assert waits_after_failures("PUT", Failure.CONNECT) == [0, 1, 2]
    assert waits_after_failures("POST", Failure.CONNECT) == []
    assert waits_after_failures("PATCH", Failure.CONNECT) == []


def test_a_read_that_got_no_answer_is_sent_once_more_a_write_never():
    assert waits_after_failures("GET", Failure.READ) == [0]
    for method in ("PUT", "PATCH", "POST", "DELETE"):
        assert waits_after_failures(method, Failure.READ) == [], method


def test_failures_and_answers_share_the_total():
    state = RetryState(LIMITS)
    assert state.after_failure("GET", Failure.CONNECT) == 0
    assert state.after_answer("GET", 503, {}) == 1
    assert state.after_failure("GET", Failure.READ) == 2
    assert state.after_answer("GET", 503, {}) is None


def test_method_rule():
    assert method_retryable("get") and method_retryable("DELETE") and not method_retryable("POST")
    assert method_retryable("POST", 503) and not method_retryable("POST", 502) and not method_retryable("PATCH", 429)
