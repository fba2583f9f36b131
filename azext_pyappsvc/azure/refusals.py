"""ARM's refusals that are not about permissions or missing things: Azure Policy, locks, a busy app, a subscription
that is gone. Each becomes a domain error that names what refused and the next step.

The shapes follow ARM's published error responses: RequestDisallowedByPolicy (403) names the assignment in its
message ("Policy identifiers: '[{"policyAssignment":{"name":...,"id":...}}]'") and in additionalInfo entries of type
PolicyViolation (azure-mgmt-core's ARMErrorFormat reads them); ScopeLocked (409) names the locks' resource ids in its
message; Conflict (409) is App Service's "another operation is in progress"; SubscriptionNotFound (404).
"""
from __future__ import annotations

import json
import re
from typing import Any, Optional

from ..errors import Busy, Locked, NotFound, PolicyDenied, PyAppSvcError

POLICY_IDENTIFIERS = re.compile(r"Policy identifiers: '(?P<json>\[.*\])'", re.S)
LOCKED_SCOPES = re.compile(r"locked: (?P<ids>'[^']+'(?:\s*,\s*'[^']+')*)")
LOCK_ID = re.compile(r"/providers/Microsoft\.Authorization/locks/(?P<name>[^/']+)$", re.I)
SUBSCRIPTION_ID = re.compile(r"subscription '(?P<id>[^']+)'", re.I)
MAX_NAME = 200


def translate_refusal(code: str, status: Optional[int], message: str, error: Any, what: str) -> Optional[PyAppSvcError]:
    """The domain error for a policy, lock, conflict or missing subscription; None for any other answer."""
    if code == "RequestDisallowedByPolicy":
        return _policy_denied(message, error, what)
    if code == "ScopeLocked":
        return _locked(message, what)
    if code == "SubscriptionNotFound":
        found = SUBSCRIPTION_ID.search(message)
        subscription = f"'{found['id'][:MAX_NAME]}' " if found else ""
        return NotFound(f"Subscription {subscription}was not found: it was deleted or disabled, or belongs to another "
                        "tenant than the one signed in.",
                        "Refresh and pick a subscription: az account list --refresh -o table, then "
                        "az account set --subscription <id>")
    if code == "Conflict" or (status == 409 and "operation is in progress" in message.lower()):
        return Busy(f"Could not {what}: another operation is in progress on the app (409 {code or 'Conflict'}). "
                    f"Azure said: {message}", "Wait until it finishes (a deployment, a slot swap or a restart), "
                                              "then run the command again.")
    return None


def _assignment(message: str, error: Any) -> str:
    """The denying assignment's display name and id, from additionalInfo or else the message."""
    for entry in getattr(error, "additional_info", None) or []:
        info = getattr(entry, "info", None) or {}
        if getattr(entry, "type", "") == "PolicyViolation" and isinstance(info, dict):
            name = info.get("policyAssignmentDisplayName") or info.get("policyAssignmentName")
            if name:
                return _named(str(name), str(info.get("policyAssignmentId") or ""))
    found = POLICY_IDENTIFIERS.search(message)
    try:
        identifiers = json.loads(found["json"]) if found else []
        assignment = identifiers[0]["policyAssignment"]
        return _named(str(assignment["name"]), str(assignment.get("id") or ""))
    except (ValueError, LookupError, TypeError):
        return ""


def _named(name: str, assignment_id: str) -> str:
    return f"'{name[:MAX_NAME]}'" + (f" ({assignment_id[:MAX_NAME * 2]})" if assignment_id else "")


def _policy_denied(message: str, error: Any, what: str) -> PolicyDenied:
    assignment = _assignment(message, error)
    named = f"the policy assignment {assignment}" if assignment else \
        "an Azure Policy assignment (not named in the answer)"
    return PolicyDenied(f"Could not {what}: {named} denies it (RequestDisallowedByPolicy).",
                        "Ask the assignment's owner for an exemption or a change of the policy; see what "
                        "applies with: az policy assignment list --disable-scope-strict-match -o table")


def _locked(message: str, what: str) -> Locked:
    found = LOCKED_SCOPES.search(message)
    ids = [part.strip().strip("'") for part in found["ids"].split(",")] if found else []
    names = [match["name"] for match in map(LOCK_ID.search, ids) if match]
    named = ", ".join(f"'{name[:MAX_NAME]}'" for name in names) or "a lock (not named in the answer)"
    lock_id = ids[0][:MAX_NAME * 2] if ids else "<lock id>"
    return Locked(f"Could not {what}: the read-only lock {named} on the app or its resource group refuses it "
                  "(ScopeLocked).",
                  f"Ask the lock's owner to remove it (az lock delete --ids {lock_id}), or run the command again "
                  "once it is gone.")
