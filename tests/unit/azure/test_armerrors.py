"""azure/armerrors.py: ARM's answers other than 200 carry what translate_error reads, as HttpResponseError did."""
from __future__ import annotations

import json

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.core.exceptions import ARMErrorFormat

from azext_pyappsvc.azure.arm import AppRef, translate_error
from azext_pyappsvc.azure.armerrors import error_for, parse_arm_error, read_document
from azext_pyappsvc.errors import Forbidden, NotFound, PolicyDenied, ServiceFailure, Unauthorized

APP = AppRef("rg", "app")
POLICY = {"error": {
    "code": "RequestDisallowedByPolicy", "message": "Resource 'app' was disallowed by policy.",
    "additionalInfo": [{"type": "PolicyViolation", "info": {"policyAssignmentDisplayName": "No public apps",
                                                            "policyAssignmentId": "/providers/pa/1"}}],
    "details": [{"code": "Inner", "message": "inner", "target": "x"}, {"nothing": 1}]}}


def body(document):
    return json.dumps(document).encode()


def test_the_arm_error_document_is_read_as_arm_error_format_read_it():
    class Answer:  # what HttpResponseError reads of an answer
        status_code, reason = 403, "Forbidden"

        @staticmethod
        def text():
            return json.dumps(POLICY)
    sdk = HttpResponseError(response=Answer(), error_format=ARMErrorFormat).error
    ours = error_for(403, "Forbidden", {}, body(POLICY)).error
    assert (ours.code, ours.message, ours.target) == (sdk.code, sdk.message, sdk.target)
    assert [(i.type, i.info) for i in ours.additional_info] == [(i.type, i.info) for i in sdk.additional_info]
    assert [(d.code, d.message, d.target) for d in ours.details] == [(d.code, d.message, d.target)
                                                                     for d in sdk.details]


def test_status_headers_and_message_are_where_translate_error_looks():
    error = error_for(429, "Too Many Requests", {"Retry-After": "3600"},
                      body({"error": {"code": "TooManyRequests", "message": "Throttled."}}))
    assert (error.status_code, error.response.status_code, error.response.headers["Retry-After"]) == (429, 429, "3600")
    assert (error.error.code, error.error.message, error.message) == ("TooManyRequests", "Throttled.",
                                                                      "(TooManyRequests) Throttled.")


@pytest.mark.parametrize("content", [b"", b"<html>Bad gateway</html>", b"[1, 2]", b'{"error": {}}', b"\xff\xfe"])
def test_an_answer_without_an_error_document_says_its_status(content):
    error = error_for(502, "Bad Gateway", {}, content)
    assert error.error is None
    assert error.message == str(error) == "Operation returned an invalid status 'Bad Gateway'"


def test_the_body_is_not_kept():
    error = error_for(500, "Internal Server Error", {}, b'{"error": {"code": "X", "message": "m"}, "secret": "s3"}')
    assert "s3" not in repr(vars(error)) and "s3" not in str(error)


@pytest.mark.parametrize("status, document, domain", [
    (404, {"error": {"code": "ResourceNotFound", "message": "nope"}}, NotFound),
    (404, {"error": {"code": "ResourceGroupNotFound", "message": "nope"}}, NotFound),
    (403, {"error": {"code": "AuthorizationFailed", "message": "no"}}, Forbidden),
    (403, POLICY, PolicyDenied),
    (401, {"error": {"code": "ExpiredAuthenticationToken", "message": "expired"}}, Unauthorized),
    (503, None, ServiceFailure),
])
def test_translate_error_reads_it(status, document, domain):
    translated = translate_error(error_for(status, "", {}, body(document) if document else b""), "read the app", APP)
    assert isinstance(translated, domain), translated.message
    if document is POLICY:
        assert "'No public apps' (/providers/pa/1)" in translated.message
    if status == 401:
        assert "az login" in translated.recommendation


def test_a_429_error_says_how_long_azure_asked():
    error = error_for(429, "", {"Retry-After": "3600"}, b"")
    assert "3600 s" in translate_error(error, "read the app", APP).message


def test_a_200_that_is_not_json_is_not_the_document_expected():
    with pytest.raises(ValueError) as raised:
        read_document(b"<html><body>Sign in to the proxy</body></html>")
    assert "not with the document expected" in translate_error(raised.value, "read the app", APP).message
    assert read_document(b"[1]") == {} and read_document(b'{"a": 1}') == {"a": 1}


def test_parse_arm_error_needs_a_code_or_a_message():
    assert parse_arm_error({"error": {"target": "x"}}) is None
    assert parse_arm_error({"code": "Bare"}).code == "Bare"
    assert parse_arm_error("text") is None
