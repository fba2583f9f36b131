"""The generated gunicorn option table matches the installed gunicorn, and we read argv as gunicorn does."""

from __future__ import annotations

import contextlib
import io
import pathlib

import pytest
from hypothesis import given, settings, strategies as st

gunicorn = pytest.importorskip("gunicorn")
config = pytest.importorskip("gunicorn.config")

from azext_pyappsvc.startup.gunicorn import options as gunicorn_options  # noqa: E402
from azext_pyappsvc.startup.gunicorn.argv import parse_gunicorn_argv  # noqa: E402
from scripts.generate_gunicorn_options import build_table, render  # noqa: E402

TABLE_FILE = pathlib.Path(gunicorn_options.__file__)


def test_committed_table_equals_a_fresh_generation():
    assert TABLE_FILE.read_text(encoding="utf-8") == render(*build_table()), (
        "azext_pyappsvc/startup/gunicorn/options.py is stale: run python scripts/generate_gunicorn_options.py")


def test_table_records_the_gunicorn_version_it_came_from():
    assert gunicorn_options.GUNICORN_VERSION == gunicorn.__version__


def test_table_says_it_is_generated():
    assert "GENERATED FILE" in TABLE_FILE.read_text(encoding="utf-8").splitlines()[0]


def test_table_knows_the_options_the_linter_relies_on():
    options = gunicorn_options.GUNICORN_OPTIONS
    assert options["timeout"]["flags"] == ("-t", "--timeout")
    assert options["timeout"]["type"] == "int" and options["timeout"]["non_negative"]
    assert options["bind"]["arity"] == "one"
    assert options["reload"]["arity"] == "none"
    assert options["proxy_protocol"]["arity"] == "optional"
    assert options["umask"]["type"] == "auto_int"
    assert options["version"]["exits"] and options["help"]["exits"]


# Differential test: our reading of argv against gunicorn's own parser and validators.
# Only options whose validators accept any string are used, since we do not emulate the others.
TOKENS = [
    "--timeout", "-t", "--workers", "-w", "--threads", "--bind", "-b", "--reload", "-R", "--preload",
    "--access-logfile", "--log-file", "--error-logfile", "-n", "--name", "-m", "--umask", "--backlog",
    "--no-sendfile", "-e", "--env", "--version", "-v",
    "--time", "--w", "--wor", "--work", "--th", "--bi", "--log", "--pre", "--no-s", "--bogus", "-x",
    "--timeout:600", "--timeout=600", "--time=60", "-w4", "-w=4", "-tw", "-Rw3", "-Rx", "--reload=yes",
    "--bind=", "-b0.0.0.0", "--", "-", "-1", "-5", "600", "0", "4", "abc", "0x10", "022", "1_0", " 7 ",
    "0.0.0.0:8000", "app:app", "main:app", "a b", "",
]


def real_gunicorn(argv: list[str]) -> tuple[bool, list[str]]:
    """Whether gunicorn would start (parse + Config.set), and its positional args."""
    parser = config.Config().parser()
    cfg = config.Config()
    sink = io.StringIO()
    try:
        with contextlib.redirect_stderr(sink), contextlib.redirect_stdout(sink):
            namespace = parser.parse_args(argv)
        for name, value in vars(namespace).items():
            if value is not None and name != "args":
                cfg.set(name.lower(), value)
    except (SystemExit, ValueError, TypeError):
        return False, []
    if cfg.check_config or cfg.print_config:
        return False, []
    return True, list(namespace.args)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=6))
def test_we_accept_and_reject_what_gunicorn_accepts_and_rejects(argv):
    accepted, app = real_gunicorn(argv)
    ours = parse_gunicorn_argv(argv)
    assert (not ours.problems) == accepted, (argv, ours.problems)
    if accepted:
        assert list(ours.app) == app


@pytest.mark.parametrize("argv", [
    ["--time", "600", "app:app"],
    ["-w4", "--bind=0.0.0.0:8000", "app:app"],
    ["app:app", "-w", "3"],
    ["--bind", "0.0.0.0", "--", "app:app"],
    ["-Rw3", "app:app"],
])
def test_examples_gunicorn_accepts(argv):
    assert real_gunicorn(argv)[0]
    assert not parse_gunicorn_argv(argv).problems


@pytest.mark.parametrize("argv", [
    ["--timeout:600", "app:app"],
    ["--bogus", "app:app"],
    ["--workers"],
    ["-w", "abc", "app:app"],
    ["--w", "3", "app:app"],
    ["-w", "-1", "app:app"],
    ["app:app", "-w", "3", "extra"],
    ["--reload=yes", "app:app"],
])
def test_examples_gunicorn_rejects(argv):
    assert not real_gunicorn(argv)[0]
    assert parse_gunicorn_argv(argv).problems
