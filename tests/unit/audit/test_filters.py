"""audit/filters.py: arguments checked before any request; filters, order and the --fail-on gate."""
from __future__ import annotations

from datetime import date

import pytest

from azext_pyappsvc.audit.filters import (AuditArgs, failing, keep, parse_audit_args, parse_eol_within,
                                          parse_management_groups, parse_subscriptions, parse_support, urgency_key)
from azext_pyappsvc.errors import ConflictingArguments, InvalidInput

SUB = "00000000-0000-0000-0001-00000000000A"
TODAY = date(2026, 12, 3)


def rec(name, support, eol, sub="s", group="rg", slot=None):
    return {"name": name, "support": support, "endOfLife": eol, "subscriptionId": sub, "resourceGroup": group,
            "slot": slot}


def test_subscriptions_are_guids_lower_cased_once_each_and_may_come_as_resource_ids():
    assert parse_subscriptions([SUB, SUB.lower(), f"/subscriptions/{SUB}"]) == (SUB.lower(),)
    assert parse_subscriptions([f"{SUB},{SUB[:-1]}b"]) == (SUB.lower(), SUB.lower()[:-1] + "b")


@pytest.mark.parametrize("bad", ["not-a-guid", "00000000-0000-0000-0000-00000000000", "g0000000-0000-0000-0000-000000000000"])
def test_malformed_subscription_ids_are_refused_with_where_to_find_them(bad):
    with pytest.raises(InvalidInput, match="is not a subscription id") as caught:
        parse_subscriptions([bad])
    assert "az account list" in caught.value.recommendation


def test_management_group_ids_follow_arms_characters():
    assert parse_management_groups(["Platform", "team_a(1).x"]) == ("Platform", "team_a(1).x")
    for bad in ("ends.", "has space?", "x" * 91):
        with pytest.raises(InvalidInput):
            parse_management_groups([bad])


def test_subscriptions_and_management_groups_together_conflict():
    with pytest.raises(ConflictingArguments):
        parse_audit_args(subscriptions=[SUB], management_groups=["Platform"])


@pytest.mark.parametrize("bad", ["-1", "abc", "1.5", "", "36501"])
def test_eol_within_takes_whole_days_only(bad):
    with pytest.raises(InvalidInput, match="--eol-within"):
        parse_eol_within(bad)
    assert parse_eol_within(" 180 ") == 180 and parse_eol_within("0") == 0 and parse_eol_within(None) is None


def test_support_values_are_the_five_statuses():
    assert parse_support(["EOL", "near-eol"]) == frozenset({"eol", "near-eol"})
    assert parse_support(None) is None
    with pytest.raises(InvalidInput, match="not a support status"):
        parse_support(["retired"])


def test_keep_applies_support_and_eol_within_together():
    args = AuditArgs(support=frozenset({"eol", "near-eol"}), eol_within=30)
    assert keep(rec("a", "eol", "2026-10-31"), args, TODAY)
    assert keep(rec("b", "near-eol", "2027-01-02"), args, TODAY)
    assert not keep(rec("c", "near-eol", "2027-06-01"), args, TODAY)
    assert not keep(rec("d", "active", "2026-12-04"), args, TODAY)
    assert not keep(rec("e", "unknown", None), AuditArgs(eol_within=10000), TODAY)


def test_the_most_urgent_come_first_and_unknown_dates_last():
    records = [rec("z", "unknown", None), rec("b", "active", "2030-10-31"), rec("a", "eol", "2025-10-31"),
               rec("c", "near-eol", "2027-10-31"), rec("d", "deprecated", "2023-06-27"), rec("A", "eol", "2025-10-31")]
    assert [r["name"] for r in sorted(records, key=urgency_key)] == ["d", "a", "A", "c", "b", "z"]


def test_fail_on_counts_the_status_and_worse():
    records = [rec("a", "near-eol", "x"), rec("b", "eol", "x"), rec("c", "deprecated", "x"), rec("d", "active", "x")]
    assert (failing(records, "near-eol"), failing(records, "eol"), failing(records, "deprecated")) == (3, 2, 1)
    assert failing(records, None) == 0
