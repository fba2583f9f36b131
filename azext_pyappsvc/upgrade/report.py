"""What upgrade-check returns, and when it is a refusal (pure)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from .stdlib import minor_key
from .verdicts import BLOCKED, Verdict, code_verdicts, summarize


@dataclass(frozen=True)
class CheckContext:
    """Where the check looked: the app or folder, the Pythons and the index."""

    target: str
    current: Optional[str]
    source: str
    index: str
    app: Optional[dict[str, Any]] = None
    notes: Sequence[str] = field(default_factory=tuple)


def check_note(target: str, current: Optional[str]) -> Optional[str]:
    """A note when the target is not newer than the current version."""
    if current and minor_key(target) <= minor_key(current):
        return f"The app already runs Python {current}; checked for {target} anyway."
    return None


def upgrade_result(context: CheckContext, verdicts: Sequence[Verdict], imports: dict[str, set[str]],
                   requests: int) -> dict[str, Any]:
    """The report: one line of summary, a verdict per package, the code that imports removed modules."""
    code = code_verdicts(imports, context.target)
    ready, summary = summarize(context.target, verdicts, code)
    note = check_note(context.target, context.current)
    return {
        **(context.app or {}), "targetPython": context.target, "currentPython": context.current,
        "source": context.source, "index": context.index, "ready": ready, "summary": summary,
        "packages": [v.to_dict() for v in verdicts], "code": code,
        "notes": [*([note] if note else []), *context.notes], "indexRequests": requests,
    }


def has_blocked(result: dict[str, Any]) -> bool:
    """True when a package or the code cannot run on the target (the exit code is then 1)."""
    return bool(result["code"]) or any(p["status"] == BLOCKED for p in result["packages"])
