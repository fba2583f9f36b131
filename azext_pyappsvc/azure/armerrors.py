"""ARM's answers other than 200 as exceptions, and a 200's document, as azure-mgmt-web 11 read them (pure).

azure-mgmt-web raised azure-core's HttpResponseError with azure-mgmt-core's ARMErrorFormat (its error map's
subclasses for 401/404/409/304); translate_error (arm.py) reads status_code, response.headers, error.code,
error.message (and refusals.py error.additional_info) of it, so ArmHttpError carries exactly those. The body is read
for the error document and then dropped: an exception never holds an answer's body.
"""
from __future__ import annotations

import json
from typing import Any, Mapping, NamedTuple, Optional


class ArmErrorInfo(NamedTuple):
    """An additionalInfo entry of ARM's error document (azure-mgmt-core's TypedErrorInfo)."""

    type: str
    info: Any


class ArmError(NamedTuple):
    """ARM's {"error": {"code", "message", ...}}, the fields azure-mgmt-core's ARMErrorFormat read."""

    code: str
    message: str
    target: Optional[str] = None
    details: tuple["ArmError", ...] = ()
    additional_info: tuple[ArmErrorInfo, ...] = ()


def parse_arm_error(node: Any) -> Optional[ArmError]:
    """The error of an ARM error document (or of one of its details); None when it names no code nor message."""
    if isinstance(node, dict) and isinstance(node.get("error"), dict):
        node = node["error"]
    if not isinstance(node, dict) or not (node.get("code") or node.get("message")):
        return None
    details = tuple(d for d in map(parse_arm_error, node.get("details") or []) if d is not None)
    infos = tuple(ArmErrorInfo(str(i.get("type") or ""), i.get("info")) for i in node.get("additionalInfo") or []
                  if isinstance(i, dict))
    target = node.get("target")
    return ArmError(str(node.get("code") or ""), str(node.get("message") or ""),
                    None if target is None else str(target), details, infos)


class ArmAnswer(NamedTuple):
    """What an error keeps of the answer: status, reason and headers (never the body)."""

    status_code: int
    reason: str
    headers: Mapping[str, str]


class ArmHttpError(Exception):
    """An ARM answer other than 200; translate_error reads it as it read azure-core's HttpResponseError."""

    def __init__(self, response: ArmAnswer, error: Optional[ArmError]) -> None:
        self.response = response
        self.status_code = response.status_code
        self.reason = response.reason
        self.error = error
        if error is not None:
            self.message = f"({error.code}) {error.message}" if error.code and error.message else \
                error.code or error.message
        else:
            self.message = f"Operation returned an invalid status '{response.reason}'"
        super().__init__(self.message)


def error_for(status: int, reason: str, headers: Mapping[str, str], content: bytes) -> ArmHttpError:
    """The exception for an answer other than 200, ARM's error document read from its body."""
    try:
        document = json.loads(content.decode("utf-8", errors="replace")) if content else None
    except ValueError:
        document = None
    return ArmHttpError(ArmAnswer(status, reason or "", dict(headers)), parse_arm_error(document))


def read_document(content: bytes) -> dict[str, Any]:
    """A 200's JSON document ({} for JSON that is not an object); json's JSONDecodeError for anything else."""
    document = json.loads(content.decode("utf-8", errors="replace"))
    return document if isinstance(document, dict) else {}
