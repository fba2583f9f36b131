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
