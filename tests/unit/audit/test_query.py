"""audit/query.py: the KQL text audit sends."""
from __future__ import annotations

import pytest

from azext_pyappsvc.audit.query import sites_query, subscriptions_query


def test_sites_query_pages_by_id_and_never_summarizes_takes_or_limits():
    text = sites_query(include_slots=False)
    assert text.splitlines()[0] == "resources"
    assert "| where type in~ ('microsoft.web/sites')" in text
    assert text.rstrip().endswith("| order by id asc")
    assert " id," in text.split("| project", 1)[1]
    for operator in ("summarize", "take", "limit", "hash("):
        assert operator not in text


def test_slots_are_asked_for_only_with_include_slots():
    assert "'microsoft.web/sites/slots'" in sites_query(include_slots=True)
    assert "slots" not in sites_query(include_slots=False)


def test_a_partition_adds_the_two_argument_hash_of_the_lower_case_id():
    assert "| where hash(tolower(id), 6) == 5" in sites_query(True, (5, 6)).splitlines()


@pytest.mark.parametrize("partition", [(6, 6), (-1, 3)])
def test_partitions_that_do_not_exist_are_refused(partition):
    with pytest.raises(ValueError):
        sites_query(True, partition)


def test_the_readable_subscriptions_query_reads_resourcecontainers():
    lines = subscriptions_query().splitlines()
    assert lines[0] == "resourcecontainers" and "microsoft.resources/subscriptions" in lines[1]
