"""Draw doctor's result: the checklist people read (-o table), rows of data, a mark per status (glyphs live here)."""
from __future__ import annotations

import codecs
import textwrap
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


# --- the checklist (-o table): one line per check, the finding and fix under every result that is not a pass ---

STATUS_STYLES = {"pass": "success", "warn": "warning", "fail": "error", "error": "error", "skip": "secondary"}
MIN_WIDTH = 40
ID_WIDTH = 18                # the longest check id (build.requirements); a longer one widens the column
FIX_LABEL = "Fix: "
Segment = tuple[str, str]    # (style, text): styles are azure-cli's Style values, by name
Line = list[Segment]


def _wrap(text: str, width: int) -> list[str]:
    """Words wrapped to width; a long word (a URL, a command's flag) stays whole, a hyphen never splits."""
    return textwrap.wrap(text, max(width, 10), break_long_words=False, break_on_hyphens=False) or [""]


def _check_lines(check: dict[str, Any], width: int, ascii_only: bool, id_width: int = ID_WIDTH) -> list[Line]:
    """A check's mark, id and finding; under a result that is not a pass, the fix, indented."""
    status = str(check.get("status"))
    mark = status_mark(status, ascii_only)
    lead = f" {str(check.get('id') or ''):<{id_width}}  "
    indent = " " * (len(mark) + len(lead))
    style = STATUS_STYLES.get(status, "error")
    text_style = "primary" if status == "pass" else style
    summary = _wrap(str(check.get("summary") or ""), width - len(indent))
    lines: list[Line] = [[(style, mark), ("primary", lead), (text_style, summary[0])]]
    lines += [[("primary", indent), (text_style, more)] for more in summary[1:]]
    if status != "pass" and check.get("fix"):
        fix = _wrap(FIX_LABEL + str(check["fix"]), width - len(indent))
        lines += [[("primary", indent), ("primary", part)] for part in fix]
    return lines


def summary_line(counts: dict[str, int], ascii_only: bool = False) -> str:
    """The last line: what needs doing, e.g. "2 problems, 1 warning - run with --check ID for one"."""
    problems = counts.get("fail", 0) + counts.get("error", 0)
    warnings = counts.get("warn", 0)
    done = f"{counts.get('pass', 0)} passed" + (f", {counts['skip']} skipped" if counts.get("skip") else "")
    if not problems and not warnings:
        return f"No problems: {done}."
    parts = [f"{problems} problem{'s' if problems != 1 else ''}"] if problems else []
    parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    dash = "-" if ascii_only else "—"
    return f"{', '.join(parts)} ({done}) {dash} run with --check ID for one."


def _heading(result: dict[str, Any]) -> str:
    app = result.get("app") or {}
    if not app.get("name"):
        return "pyappsvc doctor: a local folder (--src)"
    slot = f", slot {app['slot']}" if app.get("slot") else ""
    return f"pyappsvc doctor: {app['name']} ({app.get('resourceGroup')}{slot})"


def render_report(result: dict[str, Any], width: int = 80, ascii_only: bool = False) -> list[Line]:
    """doctor's result as a checklist for people: lines of styled segments, each at most width wide."""
    width = max(width, MIN_WIDTH)
    checks = result.get("checks") or []
    counts = dict.fromkeys(STATUS_STYLES, 0)
    for check in checks:
        counts[str(check.get("status"))] = counts.get(str(check.get("status")), 0) + 1
    lines: list[Line] = [[("highlight", part)] for part in _wrap(_heading(result), width)] + [[]]
    id_width = max([ID_WIDTH] + [len(str(check.get("id") or "")) for check in checks])
    for check in checks:
        lines += _check_lines(check, width, ascii_only, id_width)
    problems = counts["fail"] + counts["error"]
    last_style = "error" if problems else "warning" if counts["warn"] else "success"
    return lines + [[]] + [[(last_style, part)] for part in _wrap(summary_line(counts, ascii_only), width)]


def plain_text(lines: list[Line]) -> str:
    """The report without styles (what a terminal without colour shows)."""
    return "\n".join("".join(text for _, text in line) for line in lines)
