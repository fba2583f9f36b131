"""Draw doctor's result for -o table: one row per check, a mark per status (the only place glyphs live)."""
from __future__ import annotations

import codecs
from collections import OrderedDict
from typing import Any

MARKS = {"pass": "✓", "warn": "!", "fail": "✗", "skip": "-", "error": "?"}
ASCII_MARKS = {"pass": "[ok]", "warn": "[!!]", "fail": "[XX]", "skip": "[--]", "error": "[??]"}
UNKNOWN_MARK = "?"


def marks_encodable(encoding: str | None) -> bool:
    """True when an output encoding can write the marks (pass sys.stdout.encoding); False picks ASCII."""
    if not encoding:
        return False
    try:
        codecs.lookup(encoding)
        "".join(MARKS.values()).encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def status_mark(status: str, ascii_only: bool = False) -> str:
    """The mark for a status string."""
    marks = ASCII_MARKS if ascii_only else MARKS
    return marks.get(status, UNKNOWN_MARK)


def transform_doctor(result: dict[str, Any], ascii_only: bool = False) -> list[OrderedDict]:
    """The -o table rows of a doctor result: Status, Check, Finding, Fix."""
    return [OrderedDict([("Status", status_mark(str(check.get("status")), ascii_only)),
                         ("Check", check.get("id") or ""), ("Finding", check.get("summary") or ""),
                         ("Fix", check.get("fix") or "")])
            for check in result.get("checks") or []]
