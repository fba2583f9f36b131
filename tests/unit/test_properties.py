"""Properties: any input either gives a well-formed result or the domain's own error, never anything else.

Complements the properties in test_runtime.py (parse_version_input) and test_startup.py (parse_command,
lint_command): here the builders and choosers behind set-startup, --python-version and the local pins, the
version round trips, and the error translation of the gateway and Kudu. NUL bytes cannot be passed in argv, so
this is where they are tested (the e2e tests cover every other bad input through az).
"""
from __future__ import annotations

import string

import pytest

from hypothesis import example, given, settings, strategies as st

from azext_pyappsvc.runtime.local import read_local_python_version
from azext_pyappsvc.startup.detection import parse_python_version
from azext_pyappsvc.errors import InvalidInput, PyAppSvcError
from azext_pyappsvc.azure.arm import AppRef, describe_transport_failure, translate_error
from azext_pyappsvc.azure.kudu import _json, _raise_for_kudu_status
from azext_pyappsvc.runtime.stacks import VersionInputError, linux_fx_for, parse_version_input, python_version_of
from azext_pyappsvc.runtime.local import choose_python_version
from azext_pyappsvc.startup.command import (MAX_COMMAND_LENGTH, StartupCommandError, build_gunicorn_command, parse_command,
                                    read_startup_file, split_words, validate_command)
from azext_pyappsvc.startup.plan import StartupArgs, choose_command
from azext_pyappsvc.source.tree import MemoryTree

MINORS = st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda v: f"{v[0]}.{v[1]}")
NASTY = st.sampled_from(["\x00", "\n", "\r", "'", '"', "\\", "$", "`", ";", "&&", "|", " ", "\t", "\x1b", "é",
                         "\u202e", "\ufeff", ":", "/", ".", "..", "-"])
TEXT = st.one_of(st.text(max_size=80), st.lists(st.one_of(NASTY, st.text(string.ascii_letters + "._:", max_size=8)),
                                                max_size=12).map("".join))
MODULES = st.one_of(TEXT, st.from_regex(r"\A[A-Za-z_]\w{0,6}(\.[A-Za-z_]\w{0,6}){0,2}:[A-Za-z_]\w{0,6}\Z"))
MAYBE_INT = st.one_of(st.none(), st.integers(-5, 10**6))


def assert_saveable(command: str) -> None:
    """What set-startup would save: one line, no control characters but tab, no single quote, splittable."""
    assert command == command.strip() and len(command) <= MAX_COMMAND_LENGTH
    assert not any(c in command for c in "\x00\n\r'")
    assert validate_command(command) == command
    parse_command(command)


# --- startup commands -------------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("gunicorn\x00app:app")
@example("gunicorn app:app\x00")
def test_validate_command_returns_a_saveable_command_or_raises_its_own_error(text):
    try:
        command = validate_command(text)
    except StartupCommandError:
        return
    assert_saveable(command)
    assert validate_command(command) == command  # idempotent


@given(st.text(max_size=40), st.text(max_size=40))
def test_a_nul_byte_anywhere_is_always_refused(before, after):
    text = f"{before}\x00{after}"
    try:
        validate_command(text)
    except StartupCommandError as error:
        assert "control character" in str(error) or "line" in str(error) or "empty" in str(error)
    else:
        raise AssertionError(f"{text!r} with a NUL byte was accepted")


@settings(max_examples=300, deadline=None)
@given(MODULES, st.one_of(st.none(), TEXT), MAYBE_INT, MAYBE_INT)
def test_build_gunicorn_command_builds_a_saveable_command_ending_in_the_module_or_refuses(module, chdir, workers,
                                                                                         timeout):
    try:
        command = build_gunicorn_command(module, chdir, workers, timeout)
    except StartupCommandError:
        return
    assert_saveable(command)
    words = parse_command(command)
    assert words[0] == "gunicorn" and words[-1] == module
    if chdir:
        assert words[words.index("--chdir") + 1] == chdir, "the folder survives the shell's word splitting"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), TEXT), st.one_of(st.none(), MODULES), st.one_of(st.none(), TEXT), MAYBE_INT, MAYBE_INT,
       st.booleans())
def test_choose_command_gives_a_saveable_command_or_invalid_input(startup, module, chdir, workers, timeout, clear):
    try:
        command = choose_command(StartupArgs(startup, module, chdir, workers, timeout, clear))
    except InvalidInput as error:
        assert error.message
        return
    if clear:
        assert command == ""
    else:
        assert_saveable(command)


@given(st.text(max_size=20), st.one_of(st.none(), st.text(max_size=300)))
def test_read_startup_file_describes_any_text(name, text):
    info = read_startup_file(name, text)
    assert info.exists == (text is not None) and info.ignored_lines >= 0
    assert info.first_line is None or "\n" not in info.first_line


@given(st.text(max_size=100))
def test_split_words_never_raises(text):
    assert isinstance(split_words(text), list)


# --- versions -----------------------------------------------------------------------------------------------------

@given(MINORS)
def test_a_minor_version_survives_every_spelling(version):
    expected = parse_version_input(version)
    fx = linux_fx_for(expected)
    assert parse_version_input(fx) == expected == python_version_of(fx)
    assert parse_version_input(f"python:{expected}") == expected


@given(st.text(max_size=30), st.text(max_size=30))
def test_a_version_with_a_nul_byte_is_refused(before, after):
    try:
        parse_version_input(f"{before}\x00{after}")
    except VersionInputError:
        return
    raise AssertionError("accepted a NUL byte")


@given(st.one_of(st.none(), TEXT))
def test_python_version_of_and_parse_python_version_never_raise(text):
    version = python_version_of(text)
    assert version is None or parse_version_input(version) == version
    parsed = parse_python_version(text)
    assert parsed is None or all(isinstance(part, int) for part in parsed)


@given(st.one_of(st.none(), TEXT), st.one_of(st.none(), MINORS))
def test_python_version_override_parses_or_is_invalid_input(override, configured):
    try:
        version, source = choose_python_version(override, configured, None)
    except InvalidInput as error:
        assert error.message.startswith("--python-version")
        return
    assert version is None or parse_version_input(version) == version
    assert source in (None, "--python-version", "linuxFxVersion")


@given(st.text(max_size=60), st.text(max_size=60))
def test_local_version_pins_give_a_minor_version_or_none(runtime_txt, python_version_file):
    tree = MemoryTree({"runtime.txt": runtime_txt, ".python-version": python_version_file})
    found = read_local_python_version(tree)
    assert found is None or found[1] in ("runtime.txt", ".python-version")
    if found is not None:
        assert found[0].isascii()
        assert parse_version_input(found[0]) == found[0]


# --- error translation ------------------------------------------------------------------------------------------

class FakeError(Exception):
    """What the SDK raises, with any attributes (HttpResponseError-like)."""

    def __init__(self, text, status, code, message, headers):
        super().__init__(text)
        if status is not None:
            self.status_code = status
            self.response = type("Response", (), {"status_code": status, "headers": headers})()
        if code is not None or message is not None:
            self.error = type("Error", (), {"code": code, "message": message})()


STATUSES = st.one_of(st.none(), st.sampled_from([200, 400, 401, 403, 404, 409, 429, 500, 502, 503]),
                     st.integers(0, 999), st.text(max_size=3))
HEADERS = st.dictionaries(st.sampled_from(["Retry-After", "retry-after", "x-ms-request-id"]), st.text(max_size=20))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100), STATUSES, st.one_of(st.none(), st.text(max_size=30)),
       st.one_of(st.none(), st.text(max_size=200)), HEADERS, st.booleans())
def test_translate_error_always_gives_a_domain_error_with_a_next_step(text, status, code, message, headers, with_app):
    app = AppRef("rg", "app", None) if with_app else None
    error = translate_error(FakeError(text, status, code, message, headers), "read the app", app)
    assert isinstance(error, PyAppSvcError)
    assert error.message.strip() and (error.recommendation or "").strip()
    assert len(error.message) < 2000


def chain(names_and_texts):
    error = None
    for name, text in names_and_texts:
        raised = type(name, (Exception,), {})(text)
        raised.__cause__ = error
        error = raised
    return error


@given(st.lists(st.tuples(st.sampled_from(["ConnectionError", "SSLError", "ReadTimeout", "ProtocolError",
                                           "ServiceRequestError", "ServiceResponseError", "OSError", "X"]),
                          st.text(max_size=60)), min_size=1, max_size=4))
def test_describe_transport_failure_always_says_what_and_what_to_try(names_and_texts):
    what, recommendation = describe_transport_failure(chain(names_and_texts), 15)
    assert what and recommendation


@given(st.integers(-1000, 1000))
def test_kudu_status_is_fine_or_a_domain_error(status):
    try:
        _raise_for_kudu_status(status)
    except PyAppSvcError as error:
        assert status >= 400 and error.message and error.recommendation
    else:
        assert status < 400


@given(st.binary(max_size=200))
def test_a_kudu_answer_is_json_or_a_service_failure(data):
    try:
        _json(data)
    except PyAppSvcError as error:
        assert "not JSON" in error.message


@pytest.mark.parametrize("links, expected", [
    ([("ConnectionRefusedError", "[Errno 111] Connection refused"),
      ("MaxRetryError", "Max retries exceeded with url: /api/vfs/site/wwwroot/timeout.py")], "refused"),
    ([("SSLCertVerificationError", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
      ("ServiceRequestError", "reset")], "certificate could not be verified"),
    ([("ReadTimeoutError", "Read timed out. (read timeout=15)")], "no answer within 15 s"),
    ([("ConnectionResetError", "[Errno 104] Connection reset by peer")], "closed before an answer"),
    ([("BadStatusLine", "\\x00\\x17"), ("ProtocolError", "Connection aborted.")], "not HTTP"),
    ([("Whatever", "")], "Whatever"),
])
def test_describe_transport_failure_examples(links, expected):
    assert expected in describe_transport_failure(chain(links), 15)[0]
