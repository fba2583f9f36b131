"""kudu.py: the bearer token only ever goes to the app's own SCM host, whatever a listing names."""
from __future__ import annotations

import pytest

from azext_pyappsvc.errors import ServiceFailure
from azext_pyappsvc.azure.kudu import Kudu, KuduToken


class NoToken:
    """A cli_ctx stand-in whose use would fail the test: the guard must act before any token is asked for."""

    def __getattr__(self, name):
        raise AssertionError(f"cli_ctx.{name} was used")


@pytest.mark.parametrize("href", ["https://evil.example/api/vfs/LogFiles/x.log",
                                  "https://127.0.2.1:4430.evil.example/x", "https://127.0.2.1:44300/x"])
def test_hrefs_on_other_hosts_are_not_fetched(href):
    with pytest.raises(ServiceFailure, match="another host"):
        Kudu(NoToken(), "127.0.2.1:4430")._get(href)


class _Endpoints:
    app_service_resource_id = ""   # a cloud without an App Service resource id: no token can be had


class _Cloud:
    endpoints = _Endpoints()


class _CliCtx:
    cloud = _Cloud()


def test_a_kudu_token_asked_for_early_keeps_its_failure_for_the_first_kudu_call():
    token = KuduToken(_CliCtx())
    token.prefetch()  # asked for while ARM answers: a failure is not raised here
    with pytest.raises(ServiceFailure) as first:
        token.header()
    with pytest.raises(ServiceFailure) as second:
        token.header()
    assert "App Service resource id" in first.value.message
    assert second.value is first.value, "the failure is kept, not asked for again"


def test_kudu_instances_share_one_token():
    token = KuduToken(_CliCtx())
    assert Kudu(_CliCtx(), "app.scm.example", token).token is token
    assert Kudu(_CliCtx(), "app.scm.example").token is not token
