"""audit through the real az against the emulator's Resource Graph: paging, batches, partitions, throttling,
truncation, unreadable scopes, management groups, the gate, and bad input refused before any request."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.conftest import assert_clean_failure
from tests.e2e.test_versions import expected_support
from tests.emulator.fleet import LISTED_FLEET_SUBSCRIPTIONS, fleet_documents, fleet_subscription, scenario_documents
from tests.emulator.state import SUBSCRIPTION_ID

AUDIT = ("pyappsvc", "audit")


@pytest.fixture(autouse=True)
def no_remembered_fleet_sizes(az_session):
    """Each test starts as a first run: no fleet size remembered from another test (azure/graphcache.py)."""
    path = Path(az_session.config_dir, "cache", "pyappsvc", "graph.json")
    path.unlink(missing_ok=True)
    yield path


def graph_requests(emulator):
    """The Resource Graph queries the emulator saw, in the order they started."""
    calls = [r for r in emulator.requests("arm") if r["path"].endswith("Microsoft.ResourceGraph/resources")]
    return sorted(calls, key=lambda r: r["started"])


def site_queries(emulator):
    """The sites queries Resource Graph answered (a 429 is asked again, and counted where a test looks at 429s)."""
    return [r for r in graph_requests(emulator) if r["body"]["query"].startswith("resources") and r["status"] == 200]


def python_web_apps(documents, slots=False):
    """Test oracle from the emulator's own documents: Linux web apps on built-in Python (not containers, functions)."""
    found = []
    for doc in documents:
        fx = next(p["value"] for p in doc["properties"]["siteProperties"]["properties"] if p["name"] == "LinuxFxVersion")
        if doc["kind"] == "app,linux" and (fx or "").lower().startswith("python") and (slots or "/" not in doc["name"]):
            found.append(doc["name"])
    return found


def expected_names(emulator, spec, slots=False, subscriptions=None):
    docs = [d for d in fleet_documents(spec) if subscriptions is None or d["subscriptionId"] in subscriptions]
    if subscriptions is None or SUBSCRIPTION_ID in subscriptions:
        docs += list(scenario_documents(emulator.world.sites))
    return Counter(python_web_apps(docs, slots))


def listed_names(result):
    return Counter(r["name"] + (f"/{r['slot']}" if r["slot"] else "") for r in result.json)


# --- what it lists --------------------------------------------------------------------------------------------------
def test_lists_the_scenarios_python_apps_most_urgent_first_with_show_versions_rules(az, emulator):
    result = az(*AUDIT)
    assert result.returncode == 0, result
    records = result.json
    assert Counter(r["name"] for r in records) == expected_names(emulator, emulator.graph.spec)
    for record in records:
        assert (record["support"], record["endOfLife"]) == expected_support(record["pythonVersion"]), record
    eols = [r["endOfLife"] for r in records]
    assert eols == sorted(eols), "not most urgent first"
    assert {r["name"] for r in records}.isdisjoint({"windows-app", "container-app"})
    flask = next(r for r in records if r["name"] == "flask-312")
    shown = az("pyappsvc", "show-version", "-g", "pyapps-rg", "-n", "flask-312").json
    assert {k: flask[k] for k in shown if k in flask} == {k: shown[k] for k in shown if k in flask}
    assert flask["subscriptionId"] == SUBSCRIPTION_ID and flask["state"] == "Running" and flask["slot"] is None
    assert "audit:" in result.stderr and "left out:" in result.stderr and "lag ARM" in result.stderr


def test_with_no_scope_it_covers_the_subscriptions_az_login_cached(az, emulator):
    emulator.graph.configure(apps=40)
    result = az(*AUDIT)
    assert result.returncode == 0, result
    listed = {SUBSCRIPTION_ID, *(fleet_subscription(i) for i in range(LISTED_FLEET_SUBSCRIPTIONS))}
    queries = site_queries(emulator)
    assert queries and all(set(q["body"]["subscriptions"]) == listed for q in queries)
    assert listed_names(result) == expected_names(emulator, emulator.graph.spec)


def test_azs_own_subscription_argument_narrows_the_scope_to_it(az, emulator):
    spec = emulator.graph.configure(apps=40)
    result = az(*AUDIT, "--subscription", "Fleet subscription 1")   # a name: azure-cli resolves it to the id
    assert result.returncode == 0, result
    assert {tuple(q["body"]["subscriptions"]) for q in site_queries(emulator)} == {(fleet_subscription(1),)}
    assert listed_names(result) == expected_names(emulator, spec, subscriptions={fleet_subscription(1)})


def test_stacks_are_read_while_the_first_page_is_on_its_way(az, emulator):
    emulator.set_latency(300)
    assert az(*AUDIT).returncode == 0
    stacks = next(r for r in emulator.requests("arm") if r["path"].endswith("webAppStacks"))
    first = site_queries(emulator)[0]
    assert stacks["started"] < first["time"] and first["started"] < stacks["time"]


def test_slots_come_with_include_slots(az, emulator):
    plain = az(*AUDIT, "--subscriptions", SUBSCRIPTION_ID).json
    with_slots = az(*AUDIT, "--subscriptions", SUBSCRIPTION_ID, "--include-slots").json
    staging = [r for r in with_slots if r["slot"] == "staging"]
    assert staging and staging[0]["name"] == "flask-312" and staging[0]["pythonVersion"] == "3.11"
    assert len(with_slots) == len(plain) + len(staging) and all(r["slot"] is None for r in plain)


def test_filters_narrow_the_list(az, emulator):
    eol = az(*AUDIT, "--support", "eol", "deprecated").json
    assert eol and {r["support"] for r in eol} <= {"eol", "deprecated"}
    within = az(*AUDIT, "--eol-within", "400").json
    assert within and all(r["support"] in ("eol", "near-eol", "deprecated") for r in within)
    assert {r["name"] for r in eol} <= {r["name"] for r in within}


def test_json_and_query_stay_clean_and_the_summary_goes_to_stderr(az, emulator):
    result = az(*AUDIT, "--query", "[?support=='deprecated'].name", "-o", "tsv")
    assert result.returncode == 0, result
    assert result.stdout.split() == ["ancient-37"]
    assert "by support:" in result.stderr and "by version:" in result.stderr
    quiet = az(*AUDIT, "-o", "json", "--only-show-errors")
    assert quiet.returncode == 0 and quiet.stderr == "" and isinstance(quiet.json, list)


def test_json_printed_by_audit_is_byte_for_byte_what_az_prints(az, emulator):
    # -o json with no --query is printed by audit itself (azure-cli's todict costs 60 us a record); with --query az
    # prints the same list: both texts must be the same bytes, and -o none must print nothing
    itself = az(*AUDIT, "--include-slots", "-o", "json")
    by_az = az(*AUDIT, "--include-slots", "--query", "[]", "-o", "json")
    assert itself.returncode == by_az.returncode == 0, (itself, by_az)
    assert len(itself.json) > 5 and itself.stdout == by_az.stdout
    nothing = az(*AUDIT, "-o", "none")
    assert nothing.returncode == 0 and nothing.stdout == "" and "by support:" in nothing.stderr


def test_the_summary_form_counts_per_status_version_and_what_was_left_out(az, emulator):
    summary = az(*AUDIT, "--summary").json
    listed = az(*AUDIT).json
    assert summary["pythonApps"] == len(listed) == sum(summary["bySupport"].values())
    assert summary["bySupport"] == dict(Counter(r["support"] for r in listed))
    assert summary["byVersion"] == dict(Counter(r["pythonVersion"] for r in listed))
    assert summary["leftOut"] == {"windows": 1, "container": 1, "function": 1}
    assert summary["complete"] is True and summary["coverage"]["unreadable"] == []


def test_table_output_reads_as_one_row_per_app(az, emulator):
    table = az(*AUDIT, "-o", "table").stdout.splitlines()
    assert table[0].split()[:6] == ["Name", "Slot", "ResourceGroup", "Python", "Support", "EndOfLife"]
    assert table[2].split()[0] == "ancient-37"   # deprecated since 2023: the most urgent


# --- the gate -------------------------------------------------------------------------------------------------------
def test_fail_on_prints_the_result_then_exits_1(az, emulator):
    failed = az(*AUDIT, "--fail-on", "eol")
    assert failed.returncode == 1, failed
    assert {"ancient-37", "old-310"} <= {r["name"] for r in failed.json}
    assert "--fail-on eol" in failed.stderr and "Traceback" not in failed.stderr
    passed = az(*AUDIT, "--support", "active", "--fail-on", "near-eol")
    assert passed.returncode == 0, passed


# --- Resource Graph as it answers -------------------------------------------------------------------------------
def partition_of(query):
    found = re.search(r"hash\(tolower\(id\), (\d+)\) == (\d+)", query["body"]["query"])
    return (int(found[2]), int(found[1])) if found else None


def test_a_small_fleet_takes_one_round_of_two_partitions(az, emulator):
    spec = emulator.graph.configure(apps=1500)
    emulator.set_latency(200, "Microsoft.ResourceGraph")  # a real round trip, so overlap is not left to chance
    result = az(*AUDIT, "--subscriptions", *spec.subscription_ids())
    assert result.returncode == 0, result
    queries = site_queries(emulator)
    assert sorted(partition_of(q) for q in queries) == [(0, 2), (1, 2)]
    assert queries[1]["started"] < queries[0]["time"], "the two partitions were not asked at once"
    assert listed_names(result) == expected_names(emulator, spec, subscriptions=set(spec.subscription_ids()))


def test_second_pages_follow_the_skip_token_with_the_same_query(az, emulator):
    spec = emulator.graph.configure(apps=3000)
    result = az(*AUDIT, "--subscriptions", *spec.subscription_ids())
    assert result.returncode == 0, result
    firsts = [q for q in site_queries(emulator) if "$skipToken" not in q["body"]["options"]]
    seconds = [q for q in site_queries(emulator) if "$skipToken" in q["body"]["options"]]
    assert sorted(partition_of(q) for q in firsts) == [(0, 2), (1, 2)] and len(seconds) == 2
    for second in seconds:
        first = next(q for q in firsts if q["body"]["query"] == second["body"]["query"])
        assert second["started"] >= first["time"] and first["body"]["options"]["$top"] == 1000
    assert listed_names(result) == expected_names(emulator, spec, subscriptions=set(spec.subscription_ids()))


def test_large_fleets_are_read_in_hash_partitions_concurrently(az, emulator):
    spec = emulator.graph.configure(apps=6000)
    emulator.set_latency(200)
    result = az(*AUDIT, "--include-slots", "--subscriptions", *spec.subscription_ids())
    assert result.returncode == 0, result
    split = [q for q in site_queries(emulator) if partition_of(q)[1] > 2 and "$skipToken" not in q["body"]["options"]]
    for parent in (0, 1):   # partition k of 2 is read as the partitions k + 2j of 2m, every j < m once
        children = sorted(partition_of(q) for q in split if partition_of(q)[0] % 2 == parent)
        modulus = children[0][1]
        assert modulus > 4 and children == [(parent + 2 * j, modulus) for j in range(modulus // 2)], children
    assert max(q["started"] for q in split) < min(q["time"] for q in split), "partitions ran one by one"
    expected = expected_names(emulator, spec, slots=True, subscriptions=set(spec.subscription_ids()))
    assert listed_names(result) == expected   # every app once: none lost, none twice


def test_a_second_run_asks_in_as_many_partitions_as_the_remembered_size_needs(az, emulator,
                                                                             no_remembered_fleet_sizes):
    spec = emulator.graph.configure(apps=6000)
    first = az(*AUDIT, "--subscriptions", *spec.subscription_ids())
    assert first.returncode == 0 and no_remembered_fleet_sizes.exists(), first
    assert spec.subscription_ids()[0] not in no_remembered_fleet_sizes.read_text()   # a hash, not the ids
    emulator.clear_requests()
    emulator.set_latency(200)
    second = az(*AUDIT, "--subscriptions", *spec.subscription_ids())
    assert second.returncode == 0, second
    firsts = [partition_of(q) for q in site_queries(emulator)
              if "$skipToken" not in q["body"]["options"] and q["status"] == 200]   # a 429 is asked again
    modulus = firsts[0][1]
    assert modulus > 2 and sorted(firsts) == [(k, modulus) for k in range(modulus)], firsts   # one round, no split
    assert listed_names(second) == listed_names(first)


def test_subscriptions_go_in_batches_under_300(az, emulator):
    spec = emulator.graph.configure(apps=600, subscriptions=260)
    result = az(*AUDIT, "--subscriptions", *spec.subscription_ids())
    assert result.returncode == 0, result
    sizes = sorted(len(r["body"]["subscriptions"]) for r in site_queries(emulator))
    assert sizes == [10, 10, 250, 250]   # two partitions per batch
    assert listed_names(result) == expected_names(emulator, spec, subscriptions=set(spec.subscription_ids()))
    assert "260 subscriptions (2 batches)" in result.stderr


def test_429s_without_retry_after_are_waited_out_and_the_audit_goes_on(az, emulator):
    spec = emulator.graph.configure(apps=40, throttle_next=2)
    result = az(*AUDIT, "--summary")
    assert result.returncode == 0, result
    statuses = [r["status"] for r in graph_requests(emulator)]
    assert statuses.count(429) == 2 and statuses.count(200) >= 2
    throttled = [r for r in graph_requests(emulator) if r["status"] == 429]
    retries = [r for r in graph_requests(emulator) if r["status"] == 200 and r["started"] > throttled[-1]["time"]]
    assert retries and retries[0]["started"] - throttled[-1]["time"] >= 0.9, "did not wait for the quota to reset"
    assert result.json["coverage"]["throttled"] == 2
    assert result.json["pythonApps"] == sum(expected_names(emulator, spec).values())


def test_a_spent_quota_holds_queries_back_until_the_window_resets(az, emulator):
    spec = emulator.graph.configure(apps=6000, quota=4, window_seconds=2.0)
    result = az(*AUDIT, "--summary", "--subscriptions", *spec.subscription_ids())
    assert result.returncode == 0, result
    summary = result.json
    assert summary["pythonApps"] == sum(expected_names(emulator, spec, subscriptions=set(spec.subscription_ids())).values())
    answered = [r for r in graph_requests(emulator) if r["status"] == 200]
    assert summary["coverage"]["throttledWaitSeconds"] > 0
    assert summary["coverage"]["throttled"] <= len(answered) // 2, "the quota headers were not heeded"


def test_a_truncated_answer_is_read_again_in_partitions(az, emulator):
    spec = emulator.graph.configure(apps=1500, paging=False)
    result = az(*AUDIT, "--subscriptions", *spec.subscription_ids())
    assert result.returncode == 0, result
    assert listed_names(result) == expected_names(emulator, spec, subscriptions=set(spec.subscription_ids()))
    assert "INCOMPLETE" not in result.stderr


def test_what_stays_truncated_is_reported_and_fails_the_gate(az, emulator):
    spec = emulator.graph.configure(apps=16000, paging=False, groups=1)
    result = az(*AUDIT, "--subscriptions", *spec.subscription_ids(), "--fail-on", "deprecated", "--support", "active")
    assert result.returncode == 1, result
    assert "truncated the answer" in result.stderr and "answer is incomplete" in result.stderr
    assert result.json and {r["support"] for r in result.json} == {"active"}   # the list is printed all the same
    summary = az(*AUDIT, "--subscriptions", *spec.subscription_ids(), "--summary").json
    assert summary["complete"] is False and summary["coverage"]["truncated"]


def test_an_unreadable_subscription_is_named_and_the_rest_is_read(az, emulator):
    spec = emulator.graph.configure(apps=80, unreadable=(3,))
    result = az(*AUDIT)
    assert result.returncode == 0, result
    assert f"subscription {fleet_subscription(3)} could not be read" in result.stderr
    readable = {SUBSCRIPTION_ID, *(fleet_subscription(i) for i in range(3))}
    assert listed_names(result) == expected_names(emulator, spec, subscriptions=readable)
    assert az(*AUDIT, "--fail-on", "deprecated").returncode == 1   # a gate cannot pass what it did not see


def test_a_403_for_a_batch_is_split_until_the_refused_subscription_is_named(az, emulator):
    spec = emulator.graph.configure(apps=80, unreadable=(2,), forbid_partial=True)
    result = az(*AUDIT, "--subscriptions", *spec.subscription_ids(), "--summary")
    assert result.returncode == 0, result
    unreadable = result.json["coverage"]["unreadable"]
    assert [u["scope"] for u in unreadable] == [f"subscription {fleet_subscription(2)}"]
    assert "403" in unreadable[0]["reason"]
    readable = {fleet_subscription(i) for i in (0, 1, 3)}
    assert result.json["pythonApps"] == sum(expected_names(emulator, spec, subscriptions=readable).values())


def test_nothing_readable_is_an_error_naming_the_scope(az, emulator):
    emulator.graph.configure(apps=10, unreadable=(0,))
    result = az(*AUDIT, "--subscriptions", fleet_subscription(0))
    assert_clean_failure(result)
    assert fleet_subscription(0) in result.stderr and result.stdout == ""


def test_management_groups_with_partial_scopes_and_the_limit_header(az, emulator):
    spec = emulator.graph.configure(apps=80, group_subscription_limit=2)
    result = az(*AUDIT, "--management-groups", "Platform", "--summary")
    assert result.returncode == 0, result
    for query in site_queries(emulator):
        assert query["body"]["managementGroups"] == ["Platform"] and "subscriptions" not in query["body"]
        assert query["body"]["options"]["allowPartialScopes"] is True
    assert result.json["coverage"]["subscriptionLimitHit"] is True and result.json["complete"] is False
    assert "10,000 subscriptions" in result.stderr
    limited = {fleet_subscription(0), fleet_subscription(1)}
    assert result.json["pythonApps"] == sum(expected_names(emulator, spec, subscriptions=limited).values())


def test_an_unreadable_management_group_is_named(az, emulator):
    emulator.graph.configure(apps=10, unreadable_groups=("Platform",))
    result = az(*AUDIT, "--management-groups", "Platform")
    assert_clean_failure(result)
    assert "management group Platform" in result.stderr


def test_debug_shows_no_token(az, emulator):
    result = az(*AUDIT, "--debug")
    assert result.returncode == 0, result
    assert not re.search(r"eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+", result.stderr), "a bearer token reached the log"


# --- bad input: a clear error, before any request -------------------------------------------------------------------
@pytest.mark.parametrize("args, code, says", [
    (["--eol-within", "-1"], 1, "--eol-within takes a number of days"),
    (["--eol-within", "soon"], 1, "--eol-within takes a number of days"),
    (["--subscriptions", "not-a-subscription"], 1, "is not a subscription id"),
    (["--subscriptions", SUBSCRIPTION_ID, "--management-groups", "Platform"], 1, "not both"),
    (["--management-groups", "bad group?"], 1, "is not a management group id"),
    (["--support", "retired"], 2, "retired"),
    (["--fail-on", "active"], 2, "active"),
])
def test_bad_input_is_refused_before_any_request(az, emulator, args, code, says):
    result = az(*AUDIT, *args)
    assert_clean_failure(result, code)
    assert says in result.stderr
    assert [r for r in emulator.requests("arm") if "oauth2" not in r["path"]] == []
