"""kudu.py: the bearer token only ever goes to the app's own SCM host, whatever a listing names."""
from __future__ import annotations

import pytest

from azext_pyappsvc.errors import ServiceFailure
from azext_pyappsvc.azure.kudu import Kudu


class NoToken:
    """A cli_ctx stand-in whose use would fail the test: the guard must act before any token is asked for."""

    def __getattr__(self, name):
        raise AssertionError(f"cli_ctx.{name} was used")


@pytest.mark.parametrize("href", ["https://evil.example/api/vfs/LogFiles/x.log",
                                  "https://127.0.2.1:4430.evil.example/x", "https://127.0.2.1:44300/x"])
def test_hrefs_on_other_hosts_are_not_fetched(href):
    with pytest.raises(ServiceFailure, match="another host"):
        Kudu(NoToken(), "127.0.2.1:4430")._get(href)
