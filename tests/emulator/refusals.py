"""ARM's refusals of a request that the caller may make: a lock, an Azure Policy deny, another operation running.

Shapes and codes:
- ScopeLocked, 409: Azure Resource Manager's lock check (Microsoft Learn, "Lock your resources to protect your
  infrastructure"): a ReadOnly lock refuses every write and the POST actions that need write access (listing app
  settings is a POST, config/appsettings/list); a CanNotDelete lock refuses deletes only. The message names the lock's
  resource id, as ARM's answers do.
- RequestDisallowedByPolicy, 403: Azure Policy's deny effect (Microsoft Learn, "Troubleshoot errors with using Azure
  Policy": the error names the assignment in the message and in additionalInfo of type PolicyViolation).
- Conflict, 409: App Service refuses a change while another operation runs on the site ("Cannot modify this site
  because another operation is in progress", as the Microsoft.Web resource provider answers; its exact details are
  not published, so the Details part here is invented).
ARM checks authorization, then locks, then policy, then hands the request to the resource provider: that order is
kept here (the relative order of lock and policy is not documented; locks first is what ARM's lock docs imply).
"""
from __future__ import annotations

from typing import Any, Optional

from .httpserver import Response, arm_error
from .state import SUBSCRIPTION_ID, SiteState

LOCKS = "providers/Microsoft.Authorization/locks"
ASSIGNMENTS = "providers/Microsoft.Authorization/policyAssignments"


def lock_id(site: SiteState, lock: dict[str, Any]) -> str:
    """The lock's resource id: on the resource group or on the site itself."""
    scope = (f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{site.resource_group}"
             if lock.get("scope") == "resourceGroup" else site.resource_id)
    return f"{scope}/{LOCKS}/{lock['name']}"


def locked(site: SiteState, method: str) -> Optional[Response]:
    """409 ScopeLocked when a lock on the site (or its group) refuses this method."""
    for lock in site.locks:
        level = lock.get("level", "ReadOnly")
        if (level == "ReadOnly" and method in ("PUT", "PATCH", "POST", "DELETE")) or (
                level == "CanNotDelete" and method == "DELETE"):
            return arm_error(409, "ScopeLocked",
                             f"The scope '{site.resource_id}' cannot perform write operation because following "
                             f"scope(s) are locked: '{lock_id(site, lock)}'. Please remove the lock and try again.")
    return None


def denied_by_policy(site: SiteState) -> Optional[Response]:
    """403 RequestDisallowedByPolicy when a deny assignment covers writes to the site's configuration."""
    policy = site.policy_deny
    if not policy:
        return None
    assignment = policy.get("assignment", "deny-site-changes")
    display = policy.get("displayName", "Deny App Service configuration changes")
    assignment_id = f"/subscriptions/{SUBSCRIPTION_ID}/{ASSIGNMENTS}/{assignment}"
    definition_id = f"/providers/Microsoft.Authorization/policyDefinitions/{policy.get('definition', 'deny-web')}"
    identifiers = ('[{"policyAssignment":{"name":"%s","id":"%s"},"policyDefinition":{"name":"%s","id":"%s"}}]'
                   % (display, assignment_id, policy.get("definitionDisplayName", display), definition_id))
    body = {"error": {
        "code": "RequestDisallowedByPolicy", "target": site.full_name,
        "message": f"Resource '{site.full_name}' was disallowed by policy. Policy identifiers: '{identifiers}'.",
        "additionalInfo": [{"type": "PolicyViolation", "info": {
            "policyAssignmentName": assignment, "policyAssignmentDisplayName": display,
            "policyAssignmentId": assignment_id, "policyDefinitionId": definition_id,
            "policyAssignmentScope": f"/subscriptions/{SUBSCRIPTION_ID}", "policyDefinitionEffect": "deny"}}],
    }}
    return Response(403, body)


def busy(site: SiteState) -> Optional[Response]:
    """409 Conflict while another operation (a slot swap, a restart...) runs on the site."""
    if not site.busy_with:
        return None
    return arm_error(409, "Conflict", "Cannot modify this site because another operation is in progress. Details: "
                     f"Id: 00000000-0000-0000-0000-00000000c0de, OperationName: {site.busy_with}, "
                     "CreatedTime: 11/25/2026 06:00:00, EntityType: 1")


def refuse_write(site: SiteState, method: str) -> Optional[Response]:
    """The first refusal of a write, in ARM's order (lock, policy, then the resource provider's Conflict)."""
    return locked(site, method) or denied_by_policy(site) or busy(site)


def subscription_not_found(subscription: str) -> Response:
    """404 SubscriptionNotFound, as ARM answers for a subscription that is gone (or in another tenant)."""
    return arm_error(404, "SubscriptionNotFound", f"The subscription '{subscription}' could not be found.")
