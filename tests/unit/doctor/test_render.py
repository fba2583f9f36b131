"""doctor render: the -o table rows and the status marks."""
from __future__ import annotations

import pytest

from azext_pyappsvc.doctor.render import marks_encodable, transform_doctor
from azext_pyappsvc.doctor.runner import doctor_result, run_checks
from azext_pyappsvc.doctor.render import status_mark
from tests.unit.doctor.test_runner import FLASK_REPORT_IDS
from tests.unit.doctor.test_checks import snap


@pytest.mark.parametrize("status, mark, ascii_mark", [
    ("pass", "✓", "[ok]"), ("warn", "!", "[!!]"), ("fail", "✗", "[XX]"), ("skip", "-", "[--]"),
    ("error", "?", "[??]"),
])
def test_marks(status, mark, ascii_mark):
    assert status_mark(status) == mark and status_mark(status, ascii_only=True) == ascii_mark


def test_unknown_status_gets_a_question_mark():
    assert status_mark("bogus") == "?"


def test_rows_have_the_four_columns_in_order():
    result = {"checks": [{"id": "app.state", "status": "fail", "summary": "Stopped.", "fix": "az webapp start"},
                         {"id": "app.linux", "status": "pass", "summary": "Linux.", "fix": None}]}
    rows = transform_doctor(result)
    assert [list(row) for row in rows] == [["Status", "Check", "Finding", "Fix"]] * 2
    assert list(rows[0].values()) == ["✗", "app.state", "Stopped.", "az webapp start"]
    assert rows[1]["Fix"] == "" and rows[1]["Status"] == "✓"
    assert transform_doctor(result, ascii_only=True)[0]["Status"] == "[XX]"


def test_a_whole_doctor_result_renders_one_row_per_check_in_ascii():
    snapshot = snap()
    rows = transform_doctor(doctor_result(snapshot, run_checks(snapshot)), ascii_only=True)
    assert len(rows) == len(FLASK_REPORT_IDS) and rows[0]["Check"] == "app.linux"
    assert all(value.isascii() for row in rows for value in row.values())


def test_an_empty_result_renders_no_rows():
    assert transform_doctor({}) == [] and transform_doctor({"checks": None}) == []


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", True), ("UTF8", True), ("utf-16", True), ("ascii", False), ("cp1252", False), ("cp437", False),
    (None, False), ("", False), ("no-such-codec", False),
])
def test_marks_encodable(encoding, expected):
    assert marks_encodable(encoding) is expected


# --- the checklist (-o table) ---------------------------------------------------------------------------------

from azext_pyappsvc.doctor.render import plain_text, render_report, summary_line  # noqa: E402

REPORT = {"app": {"name": "shop", "resourceGroup": "rg", "slot": "staging"},
          "checks": [{"id": "app.linux", "status": "pass", "summary": "A Linux app.", "fix": "never shown"},
                     {"id": "startup.file", "status": "fail",
                      "summary": "The startup file 'startup.txt' is not in site/wwwroot: the container fails with "
                                 "'startup.txt: not found'.", "fix": "Deploy startup.txt to the app root."},
                     {"id": "network.https", "status": "warn", "summary": "HTTPS only is off.",
                      "fix": "az webapp update -g rg -n shop --https-only true"},
                     {"id": "probe.http", "status": "skip", "summary": "Not probed (--no-probe).", "fix": None}]}


def test_the_checklist_has_a_line_per_check_with_its_mark_and_the_fix_under_what_did_not_pass():
    text = plain_text(render_report(REPORT, width=60))
    indent = " " * 22
    assert text.splitlines() == [
        "pyappsvc doctor: shop (rg, slot staging)",
        "",
        "✓ app.linux           A Linux app.",
        "✗ startup.file        The startup file 'startup.txt' is not",
        indent + "in site/wwwroot: the container fails",
        indent + "with 'startup.txt: not found'.",
        indent + "Fix: Deploy startup.txt to the app",
        indent + "root.",
        "! network.https       HTTPS only is off.",
        indent + "Fix: az webapp update -g rg -n shop",
        indent + "--https-only true",
        "- probe.http          Not probed (--no-probe).",
        "",
        "1 problem, 1 warning (1 passed, 1 skipped) — run with",
        "--check ID for one.",
    ]
    assert "never shown" not in text, "a pass has no fix line"


def test_the_checklist_wraps_to_the_width_it_is_given():
    narrow, wide = (plain_text(render_report(REPORT, width)).splitlines() for width in (44, 200))
    assert max(len(line) for line in narrow) <= 44 and len(narrow) > len(wide)
    assert len(wide) == 10, "wide: the heading, one line per check and per fix, the summary (and two blank lines)"


def test_the_checklist_in_ascii_and_its_styles():
    lines = render_report(REPORT, width=80, ascii_only=True)
    assert plain_text(lines).isascii()
    assert lines[2][0] == ("success", "[ok]") and lines[3][0] == ("error", "[XX]") and lines[6][0] == ("warning", "[!!]")
    assert lines[-1][0][0] == "error", "the summary is red while something failed"
    assert plain_text(lines).splitlines()[-1].endswith("- run with --check ID for one.")


def test_a_src_only_report_and_an_empty_one():
    text = plain_text(render_report({"app": None, "checks": []}, width=10))
    assert text.splitlines()[0].startswith("pyappsvc doctor: a local folder")
    assert text.splitlines()[-1] == "No problems: 0 passed."


@pytest.mark.parametrize("counts, expected", [
    ({"pass": 16}, "No problems: 16 passed."),
    ({"pass": 14, "skip": 2}, "No problems: 14 passed, 2 skipped."),
    ({"pass": 13, "fail": 1, "error": 1, "warn": 1}, "2 problems, 1 warning (13 passed) — run with --check ID for one."),
    ({"pass": 10, "warn": 3}, "3 warnings (10 passed) — run with --check ID for one."),
])
def test_summary_line(counts, expected):
    assert summary_line(counts) == expected
