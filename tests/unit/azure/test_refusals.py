"""refusals.py: ARM's policy, lock, conflict and subscription answers as domain errors that name what refused."""
from __future__ import annotations

from azure.mgmt.core.exceptions import ARMErrorFormat

from azext_pyappsvc.azure.refusals import translate_refusal
from azext_pyappsvc.errors import Busy, Locked, NotFound, PolicyDenied

SUB = "00000000-0000-0000-0000-0000000000a1"
POLICY_MESSAGE = ("Resource 'web' was disallowed by policy. Policy identifiers: '[{\"policyAssignment\":{\"name\":"
                  "\"Allowed runtimes\",\"id\":\"/subscriptions/" + SUB + "/providers/Microsoft.Authorization/"
                  "policyAssignments/abc123\"},\"policyDefinition\":{\"name\":\"d\",\"id\":\"/x\"}}]'.")
LOCK_MESSAGE = (f"The scope '/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/web' cannot perform "
                f"write operation because following scope(s) are locked: '/subscriptions/{SUB}/resourceGroups/rg/"
                "providers/Microsoft.Authorization/locks/freeze'. Please remove the lock and try again.")


def test_policy_denial_from_additional_info():
    error = ARMErrorFormat({"error": {"code": "RequestDisallowedByPolicy", "message": "denied", "additionalInfo": [
        {"type": "PolicyViolation", "info": {"policyAssignmentDisplayName": "Only 3.12",
                                             "policyAssignmentId": "/providers/x/policyAssignments/p1"}}]}})
    found = translate_refusal("RequestDisallowedByPolicy", 403, "denied", error, "change it")
    assert isinstance(found, PolicyDenied)
    assert "'Only 3.12' (/providers/x/policyAssignments/p1)" in found.message and "Could not change it" in found.message


def test_policy_denial_from_the_message_alone():
    found = translate_refusal("RequestDisallowedByPolicy", 403, POLICY_MESSAGE, None, "change it")
    assert "'Allowed runtimes'" in found.message and "policyAssignments/abc123" in found.message


def test_policy_denial_without_a_name_still_says_policy():
    found = translate_refusal("RequestDisallowedByPolicy", 403, "Resource was disallowed by policy.", None, "x")
    assert isinstance(found, PolicyDenied) and "not named" in found.message


def test_scope_locked_names_the_lock_and_how_to_remove_it():
    found = translate_refusal("ScopeLocked", 409, LOCK_MESSAGE, None, "change it")
    assert isinstance(found, Locked) and "'freeze'" in found.message
    assert f"az lock delete --ids /subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Authorization/locks/" \
           "freeze" in found.recommendation


def test_subscription_not_found_names_the_subscription():
    found = translate_refusal("SubscriptionNotFound", 404, f"The subscription '{SUB}' could not be found.", None, "x")
    assert isinstance(found, NotFound) and f"Subscription '{SUB}' was not found" in found.message
    assert "az account list --refresh" in found.recommendation


def test_conflict_quotes_azure_and_says_to_wait():
    found = translate_refusal("Conflict", 409, "Cannot modify this site because another operation is in progress.",
                              None, "change it")
    assert isinstance(found, Busy) and "another operation is in progress" in found.message
    assert "Wait" in found.recommendation


def test_other_answers_are_not_refusals():
    assert translate_refusal("ResourceNotFound", 404, "gone", None, "x") is None
    assert translate_refusal("AuthorizationFailed", 403, "no", None, "x") is None
    assert translate_refusal("", 500, "boom", None, "x") is None
    assert translate_refusal("ReadOnlyDisabledSubscription", 409, "The subscription is disabled.", None, "x") is None
