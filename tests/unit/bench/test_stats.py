"""bench/run.py: the pure helpers behind the report (statistics, run order, request rounds); no timing here."""
from __future__ import annotations

import pytest

from bench.pairs import PAIRS, REQUEST_TARGETS, RequestTarget, SET_VERSION
from bench.stats import (alternation, broken_limits, debug_summary, first_error, median, notable_imports, parse_importtime,
                       ratio, request_rounds, request_sequence, request_shape, summarize, target_met, top_imports,
                       total_ms)


def req(method, started, ended, status=200):
    return {"method": method, "started": started, "time": ended, "path": "/x", "kind": "arm", "status": status}


def test_median_of_odd_and_even_counts():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_median_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        median([])


def test_summarize_reports_median_min_max_and_count():
    assert summarize([0.5, 0.2, 0.9]) == {"median": 0.5, "min": 0.2, "max": 0.9, "n": 3, "samples": [0.5, 0.2, 0.9]}


def test_ratio_of_medians():
    assert ratio(0.6, 0.8) == pytest.approx(0.75)


@pytest.mark.parametrize("a, b", [(None, 1.0), (1.0, None), (1.0, 0.0)])
def test_ratio_is_none_without_a_meaningful_denominator(a, b):
    assert ratio(a, b) is None


def test_target_met_at_and_below_the_limit_only():
    assert target_met(0.8, 0.8) is True
    assert target_met(0.79, 0.8) is True
    assert target_met(0.81, 0.8) is False
    assert target_met(None, 0.8) is None
    assert target_met(0.5, None) is None


def test_alternation_runs_a_then_b_every_round_warm_up_first():
    assert alternation(2, ["A", "B"]) == [(0, "A"), (0, "B"), (1, "A"), (1, "B"), (2, "A"), (2, "B")]


def test_alternation_of_a_reference_row_and_no_warm_up():
    assert alternation(3, ["A"], warmup=0) == [(0, "A"), (1, "A"), (2, "A")]


def test_overlapping_requests_are_one_round_sequential_ones_are_not():
    records = [req("GET", 0.00, 0.15), req("GET", 0.01, 0.16), req("PATCH", 0.20, 0.35), req("GET", 0.40, 0.55)]
    assert [len(r) for r in request_rounds(records)] == [2, 1, 1]


def test_a_request_starting_as_another_ends_starts_a_new_round():
    assert len(request_rounds([req("GET", 0.0, 0.15), req("GET", 0.15, 0.30)])) == 2


def test_rounds_do_not_depend_on_record_order():
    records = [req("GET", 0.5, 0.6), req("GET", 0.0, 0.3), req("GET", 0.2, 0.4)]
    assert [len(r) for r in request_rounds(records)] == [2, 1]


def test_shape_counts_writes_and_read_rounds():
    records = [req("GET", 0.0, 0.15), req("GET", 0.01, 0.16), req("PATCH", 0.2, 0.35)]
    assert request_shape(records) == {"requests": 3, "rounds": 2, "read_rounds": 1, "writes": 1}


def test_shape_of_no_requests():
    assert request_shape([]) == {"requests": 0, "rounds": 0, "read_rounds": 0, "writes": 0}


def test_sequence_numbers_requests_by_round():
    records = [req("PATCH", 0.2, 0.35), req("GET", 0.0, 0.15, 404)]
    assert request_sequence(records) == ("1 arm GET /x -> 404", "2 arm PATCH /x -> 200")


def test_first_error_prefers_the_error_line():
    assert first_error("WARNING: slow\nERROR: (NotFound) no app\nTo check existing issues, visit ...\n") == \
        "ERROR: (NotFound) no app"
    assert first_error("Traceback\n  boom\n") == "boom"
    assert first_error("") == ""


def test_one_read_round_and_one_write_meets_the_set_version_target():
    target = RequestTarget(SET_VERSION, read_rounds=1, writes=1)
    assert broken_limits(target, {"requests": 3, "rounds": 2, "read_rounds": 1, "writes": 1}) == []


def test_sequential_reads_and_a_second_write_break_it():
    target = RequestTarget(SET_VERSION, read_rounds=1, writes=1)
    assert broken_limits(target, {"requests": 4, "rounds": 3, "read_rounds": 2, "writes": 2}) == [
        "2 read rounds != 1", "2 writes != 1"]


def test_max_requests_limit():
    target = RequestTarget(SET_VERSION, max_requests=12)
    assert broken_limits(target, {"requests": 13, "rounds": 2, "read_rounds": 2, "writes": 0}) == ["13 requests > 12"]


IMPORTTIME = """import time: self [us] | cumulative | imported package
import time:       100 |        100 |     azure.core.rest
import time:       200 |        300 |   azure.core
@@
import time:      1000 |       1500 | azext_pyappsvc
import time:       500 |        500 |   requests
Some other stderr line
import time:        40 |         40 | azext_pyappsvc.commands
"""


def test_parse_importtime_splits_stages_and_reads_depth():
    before, after = parse_importtime(IMPORTTIME)
    assert [(e["name"], e["depth"]) for e in before] == [("azure.core.rest", 2), ("azure.core", 1)]
    assert [(e["name"], e["depth"], e["cumulative_us"]) for e in after] == [
        ("azext_pyappsvc", 0, 1500), ("requests", 1, 500), ("azext_pyappsvc.commands", 0, 40)]


def test_stage_total_counts_top_level_imports_only():
    assert total_ms(parse_importtime(IMPORTTIME)[1]) == 1.5


def test_top_imports_by_cumulative_time():
    entries = parse_importtime(IMPORTTIME)[1]
    assert [t["name"] for t in top_imports(entries, 2)] == ["azext_pyappsvc", "requests"]
    assert [t["name"] for t in top_imports(entries, 5, depth=0)] == ["azext_pyappsvc", "azext_pyappsvc.commands"]


def test_notable_imports_name_heavy_packages_by_prefix():
    assert notable_imports(parse_importtime(IMPORTTIME)[1]) == ["requests"]
    assert notable_imports(parse_importtime(IMPORTTIME)[0]) == ["azure.core"]


def test_debug_summary_keeps_the_load_table_and_the_timing():
    stderr = ("DEBUG: cli.knack.cli: Event: Cli.PreExecute []\n"
              "DEBUG: cli.azure.cli.core: Modules found from index for 'pyappsvc': ['azext_pyappsvc']\n"
              "DEBUG: cli.azure.cli.core: pyappsvc                  0.002         1         5\n"
              "DEBUG: cli.azure.cli.core: Loaded 1 groups, 5 commands.\n"
              "DEBUG: cli.azure.cli.core: Found a match in the command table.\n"
              "INFO: cli.__main__: Command ran in 0.422 seconds (init: 0.049, invoke: 0.373)\n")
    assert debug_summary(stderr) == ["Modules found from index for 'pyappsvc': ['azext_pyappsvc']",
                                     "pyappsvc                  0.002         1         5",
                                     "Loaded 1 groups, 5 commands.",
                                     "Command ran in 0.422 seconds (init: 0.049, invoke: 0.373)"]


def test_pairs_are_uniquely_named_and_targets_refer_to_paired_commands():
    names = [p.name for p in PAIRS]
    assert len(names) == len(set(names))
    paired = {c.key for p in PAIRS for c in p.a + p.b}
    assert {t.command.key for t in REQUEST_TARGETS} <= paired
