"""_format: records printed as -o json are knack's format_json bytes, and only where az would print plain JSON."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from knack.output import format_json
from knack.util import CommandResultItem

from azext_pyappsvc._format import print_records, prints_records_itself

RECORDS = [{"name": "app-ü", "slot": None, "support": "eol", "endOfLife": "2026-10-31", "count": 3},
           {"name": "b", "slot": "staging", "support": "active", "endOfLife": None, "count": 0}]


def context(output, query=False):
    return SimpleNamespace(invocation=SimpleNamespace(data={"output": output, "query_active": query}),
                           out_file=io.StringIO())


@pytest.mark.parametrize("output, query, expected", [("json", False, True), ("none", False, True),
                                                     ("json", True, False), ("jsonc", False, False),
                                                     ("table", False, False), ("tsv", False, False),
                                                     ("yaml", False, False)])
def test_only_plain_json_or_none_without_a_query_is_printed_here(output, query, expected):
    assert prints_records_itself(context(output, query)) is expected


def test_a_context_without_an_invocation_prints_nothing_itself():
    assert prints_records_itself(SimpleNamespace()) is False


def test_the_text_is_knacks_format_json():
    ctx = context("json")
    print_records(ctx, RECORDS)
    assert ctx.out_file.getvalue() == format_json(CommandResultItem(RECORDS))


def test_none_prints_nothing():
    ctx = context("none")
    print_records(ctx, RECORDS)
    assert ctx.out_file.getvalue() == ""
