"""dockerlog.py: which of Kudu's docker log files to read, and the merge in time order."""
from __future__ import annotations

import pytest

from azext_pyappsvc.azure.dockerlog import merge_lines, pick_files, read_listing, source_of


def entry(name, machine, updated, size=10):
    return {"machineName": machine, "lastUpdated": updated, "size": size,
            "href": f"https://scm.example/api/vfs/LogFiles/{name}", "path": f"/home/LogFiles/{name}"}


@pytest.mark.parametrize("name, source", [
    ("2026_11_25_lw1_docker.log", "platform"), ("2026_11_25_lw1_default_docker.log", "app"),
    ("2026_11_25_lw1_easyauth_docker.log", None), ("2026_11_25_lw1_msi_docker.log", "platform"),
    ("eventlog.xml", None),
])
def test_source_of(name, source):
    assert source_of(name) == source


def test_the_newest_machine_gives_its_newest_platform_and_app_file():
    listing = [
        entry("2026_11_24_lw0_default_docker.log", "lw0", "2026-11-24T10:00:00.0000000+00:00"),
        entry("2026_11_25_lw1_default_docker.log", "lw1", "2026-11-25T06:00:04.0000000+00:00"),
        entry("2026_11_24_lw1_default_docker.log", "lw1", "2026-11-24T06:00:04.0000000+00:00"),
        entry("2026_11_25_lw1_docker.log", "lw1", "2026-11-25T06:03:54.1000000+00:00"),
        entry("2026_11_25_lw1_easyauth_docker.log", "lw1", "2026-11-25T07:00:00.0000000+00:00"),
        "not an entry", {"machineName": "lw9"},
    ]
    machine, files = pick_files(read_listing(listing))
    assert machine == "lw1"
    assert [(f.name, f.source, f.size) for f in files] == [("2026_11_25_lw1_docker.log", "platform", 10),
                                                           ("2026_11_25_lw1_default_docker.log", "app", 10)]


def test_an_empty_or_malformed_listing_picks_nothing():
    assert pick_files(read_listing({"error": "x"})) == ("", [])
    assert pick_files(read_listing([])) == ("", [])


def test_fractions_of_any_length_compare_by_time():
    listing = [entry("a_m1_docker.log", "m1", "2026-11-25T06:00:01Z"),
               entry("b_m2_docker.log", "m2", "2026-11-25T06:00:01.5+00:00")]
    assert pick_files(read_listing(listing))[0] == "m2"


def test_lines_of_both_files_merge_in_time_order_and_unstamped_lines_follow_their_stamp():
    platform = ("2026-11-25T06:00:01.000Z INFO  - Starting container\n"
                "2026-11-25T06:03:54.100Z ERROR - didn't respond to HTTP pings on port: 8000\n")
    app = ("2026-11-25T06:00:03.1Z Site's appCommandLine: \n"
           "2026-11-25T06:00:04.000000001Z Traceback (most recent call last):\n"
           "  File \"app.py\", line 1\n"
           "2026-11-25T06:00:04.2Z ModuleNotFoundError: No module named 'x'\n")
    assert merge_lines([platform, app]).splitlines() == [
        "2026-11-25T06:00:01.000Z INFO  - Starting container",
        "2026-11-25T06:00:03.1Z Site's appCommandLine: ",
        "2026-11-25T06:00:04.000000001Z Traceback (most recent call last):",
        "  File \"app.py\", line 1",
        "2026-11-25T06:00:04.2Z ModuleNotFoundError: No module named 'x'",
        "2026-11-25T06:03:54.100Z ERROR - didn't respond to HTTP pings on port: 8000",
    ]


def test_merge_of_nothing_is_empty():
    assert merge_lines([]) == "" and merge_lines(["", ""]) == ""
