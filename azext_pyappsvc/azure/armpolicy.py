"""An Azure Policy token for a request other than GET, when the command runs with --acquire-policy-token or
--change-reference.

azure-cli adds those two global arguments to every command but list and show; its SDK clients then ask ARM for a
policy token before each such request (azure.cli.core.sdk.policies.get_custom_hook_policy) and send it as
x-ms-policy-external-evaluations. armclient.py does the same, asking through send_raw_request as azure-cli does.
"""
from __future__ import annotations

import json
import uuid
from typing import Any, Callable, Mapping, Optional

ACQUIRE_POLICY_TOKEN_PATH = ("/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/acquirePolicyToken"
                             "?api-version=2025-11-01")
POLICY_TOKEN_HEADER = "x-ms-policy-external-evaluations"
CORRELATION_HEADER = "x-ms-correlation-request-id"


def wants_policy_token(cli_ctx: Any, method: str) -> bool:
    """Whether this request needs a policy token first: not a GET, and the command was given one of the flags."""
    data = getattr(cli_ctx, "data", None) or {}
    return method.upper() != "GET" and bool(data.get("_acquire_policy_token") or data.get("_change_reference"))


def policy_token_headers(cli_ctx: Any, method: str, url: str, body: Optional[dict[str, Any]],
                         headers: Mapping[str, str], *, send: Optional[Callable[..., Any]] = None) -> dict[str, str]:
    """The headers that carry the policy token ARM gives for this request (and the correlation id it was asked with);
    azure-cli's ServiceError when none could be had."""
    from azure.cli.core.azclierror import ServiceError
    if send is None:
        from azure.cli.core.util import send_raw_request
        send = send_raw_request
    correlation = headers.get(CORRELATION_HEADER) or str(uuid.uuid4())
    asked = {"operation": {"uri": url, "httpMethod": method, "content": body},
             "changeReference": (getattr(cli_ctx, "data", None) or {}).get("_change_reference")}
    try:
        answer = send(cli_ctx, "POST", ACQUIRE_POLICY_TOKEN_PATH, body=json.dumps(asked),
                      headers=["Content-Type=application/json", "x-ms-force-sync=true",
                               f"{CORRELATION_HEADER}={correlation}"])
        token = None
        if answer.status_code == 200 and answer.content:
            token = json.loads(answer.content).get("token")
            if not token:
                raise ServiceError("No token returned.")
    except Exception as error:  # as azure-cli's hook: any failure is a ServiceError
        raise ServiceError(f"Failed to acquire policy token, exception: {error}") from error
    return {CORRELATION_HEADER: correlation, **({POLICY_TOKEN_HEADER: token} if token else {})}
