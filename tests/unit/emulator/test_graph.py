"""The emulator's Resource Graph understands exactly the queries audit sends, and says what else it refuses."""
from __future__ import annotations

import pytest

from azext_pyappsvc.audit.query import sites_query, subscriptions_query
from tests.emulator.fleet import FleetSpec, fleet_documents
from tests.emulator.graph import _hms, parse_query


def test_it_reads_audits_site_query_with_a_partition():
    parsed = parse_query(sites_query(True, (3, 8)))
    assert parsed["table"] == "resources" and parsed["partition"] == (3, 8)
    assert parsed["types"] == {"microsoft.web/sites", "microsoft.web/sites/slots"}
    assert [alias for alias, _, _ in parsed["project"]][:2] == ["id", "subscriptionId"]


def test_it_reads_the_subscriptions_query():
    parsed = parse_query(subscriptions_query())
    assert parsed["table"] == "resourcecontainers" and parsed["types"] == {"microsoft.resources/subscriptions"}


@pytest.mark.parametrize("query", ["resources | summarize count() by type", "securityresources | project id",
                                   "resources | where name contains 'x'"])
def test_anything_else_is_refused_by_name(query):
    with pytest.raises(ValueError):
        parse_query(query)


def test_take_is_understood_as_a_query_that_cannot_page():
    assert parse_query("resources | project id | take 5")["take"] == 5


def test_quota_resets_after_is_hh_mm_ss_rounded_up():
    assert (_hms(2.2), _hms(0), _hms(3661)) == ("00:00:03", "00:00:00", "01:01:01")


def test_the_fleet_mixes_every_kind_and_names_slots_app_slot():
    docs = list(fleet_documents(FleetSpec(apps=100)))
    kinds = {d["kind"] for d in docs}
    assert {"app", "app,linux", "app,linux,container", "functionapp,linux"} <= kinds
    slots = [d for d in docs if d["type"] == "microsoft.web/sites/slots"]
    assert slots and all(d["name"].count("/") == 1 and d["id"].endswith("/slots/staging") for d in slots)
    assert len({d["subscriptionId"] for d in docs}) == 4 and len(docs) == 100 + len(slots)
