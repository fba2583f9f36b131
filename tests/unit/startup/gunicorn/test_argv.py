"""Reading gunicorn's command line like gunicorn's argparse parser does (no gunicorn needed)."""

from __future__ import annotations

import pytest

from azext_pyappsvc.startup.gunicorn.argv import parse_gunicorn_argv


def codes(argv):
    return [problem.code for problem in parse_gunicorn_argv(argv).problems]


@pytest.mark.parametrize("argv, name, value", [
    (["--timeout", "600", "app:app"], "timeout", "600"),
    (["--timeout=600", "app:app"], "timeout", "600"),
    (["-t", "600", "app:app"], "timeout", "600"),
    (["-t600", "app:app"], "timeout", "600"),
    (["-t=600", "app:app"], "timeout", "600"),
    (["--time", "600", "app:app"], "timeout", "600"),  # argparse accepts an unambiguous prefix
    (["--time=600", "app:app"], "timeout", "600"),
    (["-w", "4", "app:app"], "workers", "4"),
    (["-m", "022", "app:app"], "umask", "022"),
    (["-b", "0.0.0.0:8000", "app:app"], "bind", "0.0.0.0:8000"),
    (["-b0.0.0.0:8000", "app:app"], "bind", "0.0.0.0:8000"),
    (["--bind=", "app:app"], "bind", ""),
])
def test_option_spellings_gunicorn_accepts(argv, name, value):
    parsed = parse_gunicorn_argv(argv)
    assert parsed.problems == ()
    assert parsed.values(name) == [value]
    assert parsed.app == ("app:app",)


def test_switches_take_no_value_and_cluster():
    parsed = parse_gunicorn_argv(["-Rw3", "--preload", "app:app"])
    assert parsed.problems == ()
    assert parsed.given == (("enable_stdio_inheritance", None), ("workers", "3"), ("preload_app", None))


def test_bind_repeats():
    parsed = parse_gunicorn_argv(["-b", "0.0.0.0:8000", "--bind", "[::]:8000", "app:app"])
    assert parsed.values("bind") == ["0.0.0.0:8000", "[::]:8000"]


def test_app_module_may_come_first():
    parsed = parse_gunicorn_argv(["app:app", "--workers", "2"])
    assert parsed.app == ("app:app",) and parsed.values("workers") == ["2"]


def test_double_dash_ends_options():
    parsed = parse_gunicorn_argv(["--workers", "2", "--", "--not-an-option"])
    assert parsed.problems == () and parsed.app == ("--not-an-option",)


def test_optional_value_takes_the_next_word():
    assert parse_gunicorn_argv(["--proxy-protocol", "v1", "app:app"]).values("proxy_protocol") == ["v1"]
    assert parse_gunicorn_argv(["app:app", "--proxy-protocol"]).values("proxy_protocol") == [None]


@pytest.mark.parametrize("argv, code", [
    (["--timeout:600", "app:app"], "unknown-option"),
    (["--bogus", "app:app"], "unknown-option"),
    (["-x", "app:app"], "unknown-option"),
    (["--w", "3", "app:app"], "ambiguous-option"),
    (["--workers"], "missing-value"),
    (["--workers", "--timeout", "5", "app:app"], "missing-value"),
    (["-w", "abc", "app:app"], "invalid-value"),
    (["--workers=abc", "app:app"], "invalid-value"),
    (["-w", "-1", "app:app"], "invalid-value"),
    (["-tw", "app:app"], "invalid-value"),
    (["--reload=yes", "app:app"], "unexpected-value"),
    (["-Rx", "app:app"], "unexpected-value"),
    (["app:app", "-w", "3", "extra"], "unexpected-argument"),
    (["--version"], "exits"),
    (["-h"], "exits"),
    (["--check-config", "app:app"], "exits"),
])
def test_what_gunicorn_refuses(argv, code):
    assert codes(argv) == [code]


def test_unknown_option_with_colon_suggests_the_separator():
    problem = parse_gunicorn_argv(["--timeout:600", "app:app"]).problems[0]
    assert "--timeout 600" in problem.fix and "--timeout=600" in problem.fix


def test_misspelt_option_suggests_the_close_one():
    problem = parse_gunicorn_argv(["--timeot", "600", "app:app"]).problems[0]
    assert problem.code == "unknown-option" and "--timeout" in problem.fix


def test_ambiguous_prefix_names_the_candidates():
    problem = parse_gunicorn_argv(["--t", "5", "app:app"]).problems[0]
    assert "--timeout" in problem.message and "--threads" in problem.message


def test_values_left_to_the_shell_are_not_judged():
    assert parse_gunicorn_argv(["--workers", "$WORKERS", "--timeout=${T}", "app:app"]).problems == ()
    assert parse_gunicorn_argv(["app:app", "-w", "2", "$EXTRA_ARGS"]).problems == ()


def test_negative_looking_word_is_a_value_not_an_option():
    assert parse_gunicorn_argv(["-5"]).app == ("-5",)
