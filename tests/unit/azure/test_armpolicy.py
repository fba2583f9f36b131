"""azure/armpolicy.py: a policy token before a write, only with --acquire-policy-token or --change-reference."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from azure.cli.core.azclierror import ServiceError

from azext_pyappsvc.azure.armpolicy import ACQUIRE_POLICY_TOKEN_PATH, policy_token_headers, wants_policy_token

URL = "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a/config/web"


def ctx(**data):
    return SimpleNamespace(data=data)


def test_only_requests_other_than_get_of_a_command_given_a_flag_want_one():
    assert wants_policy_token(ctx(_acquire_policy_token=True), "PATCH")
    assert wants_policy_token(ctx(_change_reference="/providers/Microsoft.Resources/changes/1"), "post")
    assert not wants_policy_token(ctx(_acquire_policy_token=True), "GET")
    assert not wants_policy_token(ctx(), "PATCH")


class Sender:
    """send_raw_request's stand-in: records what was asked, answers as told."""

    def __init__(self, status=200, content=b'{"token": "policy-token"}'):
        self.status, self.content, self.asked = status, content, []

    def __call__(self, cli_ctx, method, url, body=None, headers=None):
        self.asked.append((method, url, json.loads(body), headers))
        return SimpleNamespace(status_code=self.status, content=self.content)


def test_the_token_is_asked_for_the_operation_and_sent_with_the_same_correlation_id():
    sender = Sender()
    added = policy_token_headers(ctx(_change_reference="c1"), "PATCH", URL, {"properties": {"a": 1}},
                                 {"x-ms-correlation-request-id": "corr"}, send=sender)
    assert added == {"x-ms-correlation-request-id": "corr", "x-ms-policy-external-evaluations": "policy-token"}
    method, path, asked, headers = sender.asked[0]
    assert (method, path) == ("POST", ACQUIRE_POLICY_TOKEN_PATH)
    assert asked == {"operation": {"uri": URL, "httpMethod": "PATCH", "content": {"properties": {"a": 1}}},
                     "changeReference": "c1"}
    assert "x-ms-correlation-request-id=corr" in headers and "x-ms-force-sync=true" in headers


@pytest.mark.parametrize("sender", [Sender(content=b"{}"), Sender(content=b"not json")])
def test_no_token_is_a_service_error(sender):
    with pytest.raises(ServiceError, match="Failed to acquire policy token"):
        policy_token_headers(ctx(_acquire_policy_token=True), "PATCH", URL, None, {}, send=sender)


def test_an_answer_without_content_adds_no_token():
    added = policy_token_headers(ctx(_acquire_policy_token=True), "POST", URL, None, {}, send=Sender(204, b""))
    assert list(added) == ["x-ms-correlation-request-id"]
