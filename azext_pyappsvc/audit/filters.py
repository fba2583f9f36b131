"""audit's arguments checked before any request, and the filters, order and gate over its records (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..errors import ConflictingArguments, InvalidInput
from ..runtime.stacks import (SUPPORT_ACTIVE, SUPPORT_DEPRECATED, SUPPORT_EOL, SUPPORT_NEAR_EOL, SUPPORT_UNKNOWN)

SUPPORT_VALUES = (SUPPORT_EOL, SUPPORT_NEAR_EOL, SUPPORT_DEPRECATED, SUPPORT_UNKNOWN, SUPPORT_ACTIVE)
# --fail-on X fails on X and anything worse: deprecated > eol > near-eol.
FAIL_ON = {SUPPORT_NEAR_EOL: (SUPPORT_NEAR_EOL, SUPPORT_EOL, SUPPORT_DEPRECATED),
           SUPPORT_EOL: (SUPPORT_EOL, SUPPORT_DEPRECATED), SUPPORT_DEPRECATED: (SUPPORT_DEPRECATED,)}
MAX_EOL_WITHIN_DAYS = 36500
MAX_SUBSCRIPTIONS = 10000
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Management group ids: letters, digits, -, _, (, ), . ; up to 90 characters, not ending in a period (ARM's rule).
_GROUP = re.compile(r"[A-Za-z0-9_().-]{0,89}[A-Za-z0-9_()-]")
EXAMPLE = "Example: az pyappsvc audit --subscriptions 00000000-0000-0000-0000-000000000000 --support eol near-eol"


@dataclass(frozen=True)
class AuditArgs:
    """audit's arguments, checked."""

    subscriptions: tuple[str, ...] = ()
    management_groups: tuple[str, ...] = ()
    support: Optional[frozenset[str]] = None
    eol_within: Optional[int] = None
    include_slots: bool = False
    fail_on: Optional[str] = None


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.lower(), value)
    return tuple(seen.values())


def _split(values: Optional[Sequence[str]]) -> list[str]:
    """Space- or comma-separated ids, as az takes lists."""
    return [part for value in values or [] for part in re.split(r"[,\s]+", str(value).strip()) if part]


def parse_subscriptions(values: Optional[Sequence[str]]) -> tuple[str, ...]:
    """Subscription ids (GUIDs; a /subscriptions/ prefix is dropped), lower case, each once."""
    ids = [v.strip("/").split("/")[-1] if v.lower().startswith("/subscriptions/") else v for v in _split(values)]
    bad = [v for v in ids if not _GUID.fullmatch(v)]
    if bad:
        raise InvalidInput(f"'{bad[0][:80]}' is not a subscription id (a GUID such as "
                           "00000000-0000-0000-0000-000000000000).", "List yours with: az account list -o table")
    if len(ids) > MAX_SUBSCRIPTIONS:
        raise InvalidInput(f"{len(ids)} subscriptions given; audit takes at most {MAX_SUBSCRIPTIONS}.",
                           "Split the list, or name a management group with --management-groups.")
    return _unique(v.lower() for v in ids)


def parse_management_groups(values: Optional[Sequence[str]]) -> tuple[str, ...]:
    """Management group ids, each once."""
    ids = _split(values)
    bad = [v for v in ids if not _GROUP.fullmatch(v)]
    if bad:
        raise InvalidInput(f"'{bad[0][:100]}' is not a management group id (letters, digits, -, _, (, ), and . "
                           "up to 90 characters).", "List them with: az account management-group list -o table")
    return _unique(ids)


def parse_support(values: Optional[Sequence[str]]) -> Optional[frozenset[str]]:
    """The --support values, or None for all."""
    chosen = [v.lower() for v in _split(values)]
    unknown = [v for v in chosen if v not in SUPPORT_VALUES]
    if unknown:
        raise InvalidInput(f"'{unknown[0][:40]}' is not a support status. Use any of: {' '.join(SUPPORT_VALUES)}.",
                           "Example: az pyappsvc audit --support eol near-eol")
    return frozenset(chosen) or None


def parse_eol_within(value: Optional[str]) -> Optional[int]:
    """--eol-within DAYS: a whole number of days from 0 to MAX_EOL_WITHIN_DAYS."""
    if value is None:
        return None
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,6}", text) or int(text) > MAX_EOL_WITHIN_DAYS:
        raise InvalidInput(f"--eol-within takes a number of days from 0 to {MAX_EOL_WITHIN_DAYS}, not "
                           f"'{text[:40]}'.", "Example: az pyappsvc audit --eol-within 180 (end of life within "
                                              "180 days, or already past)")
    return int(text)


def parse_fail_on(value: Optional[str]) -> Optional[str]:
    """--fail-on eol|near-eol|deprecated."""
    if value is None:
        return None
    chosen = str(value).strip().lower()
    if chosen not in FAIL_ON:
        raise InvalidInput(f"--fail-on takes one of {', '.join(FAIL_ON)}, not '{str(value)[:40]}'.",
                           "Example: az pyappsvc audit --fail-on eol")
    return chosen


def parse_audit_args(subscriptions: Optional[Sequence[str]] = None, management_groups: Optional[Sequence[str]] = None,
                     support: Optional[Sequence[str]] = None, eol_within: Optional[str] = None,
                     include_slots: bool = False, fail_on: Optional[str] = None) -> AuditArgs:
    """Every argument checked, before any request is sent."""
    subs, groups = parse_subscriptions(subscriptions), parse_management_groups(management_groups)
    if subs and groups:
        raise ConflictingArguments("Give --subscriptions or --management-groups, not both: Resource Graph takes one "
                                   "kind of scope per query.", EXAMPLE)
    return AuditArgs(subs, groups, parse_support(support), parse_eol_within(eol_within), bool(include_slots),
                     parse_fail_on(fail_on))


def _days_left(record: Mapping[str, Any], today: date) -> Optional[int]:
    eol = record.get("endOfLife")
    return (date.fromisoformat(eol) - today).days if eol else None


def keep(record: Mapping[str, Any], args: AuditArgs, today: date) -> bool:
    """Whether a record passes --support and --eol-within (an end of life already past is within any DAYS)."""
    if args.support is not None and record["support"] not in args.support:
        return False
    if args.eol_within is not None:
        days = _days_left(record, today)
        return days is not None and days <= args.eol_within
    return True


def urgency_key(record: Mapping[str, Any]) -> tuple[Any, ...]:
    """The most urgent first: the earliest end of life (longest past first), unknown dates last; then by name."""
    eol = record.get("endOfLife")
    return (eol is None, eol or "", record["subscriptionId"], record["resourceGroup"].lower(),
            record["name"].lower(), (record.get("slot") or "").lower())


def failing(records: Iterable[Mapping[str, Any]], fail_on: Optional[str]) -> int:
    """How many records --fail-on matches (0 without --fail-on)."""
    if not fail_on:
        return 0
    statuses = FAIL_ON[fail_on]
    return sum(1 for r in records if r["support"] in statuses)
