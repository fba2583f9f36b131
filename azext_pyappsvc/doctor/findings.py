"""What a doctor check concludes: a status and a one-sentence finding, with a fix when there is one."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Status(str, Enum):
    """How a check came out; rendering maps each to a mark."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"


PROBLEM_STATUSES = frozenset({Status.FAIL, Status.ERROR})


@dataclass(frozen=True)
class Finding:
    """One check's result; summary is one sentence, details and commands go in fix."""

    id: str
    category: str
    status: Status
    summary: str
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The shape doctor returns for a check (status as its string)."""
        return {"id": self.id, "category": self.category, "status": self.status.value,
                "summary": self.summary, "fix": self.fix}


def category_of(check_id: str) -> str:
    """The category of a check id: the part before the first dot ("app.linux" -> "app")."""
    return check_id.split(".", 1)[0]


def finding(check_id: str, status: Status, summary: str, fix: str | None = None) -> Finding:
    """A Finding whose category comes from its id."""
    return Finding(check_id, category_of(check_id), status, summary, fix)
