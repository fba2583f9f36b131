"""doctor: gather a Snapshot once (the gateway), run pure checks over it, render the findings apart."""
from __future__ import annotations

from .derived import Derived, derive
from .findings import Finding, Status
from .render import marks_encodable, transform_doctor
from .runner import CHECKS, doctor_result, has_problems, list_check_ids, run_checks, summarize
from .snapshot import Part, Probe, Snapshot

__all__ = [
    "CHECKS", "Derived", "Finding", "Part", "Probe", "Snapshot", "Status", "derive", "doctor_result",
    "has_problems", "list_check_ids", "marks_encodable", "run_checks", "summarize", "transform_doctor",
]
