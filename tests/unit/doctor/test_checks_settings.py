"""settings.key-vault, settings.slot-sticky and probe.health-check over literal snapshots."""
from __future__ import annotations

import dataclasses

import pytest

from azext_pyappsvc.doctor.checks_settings import (check_probe_health_check, check_settings_key_vault,
                                                   check_settings_slot_sticky)
from azext_pyappsvc.doctor.derived import derive
from azext_pyappsvc.doctor.findings import Status
from azext_pyappsvc.doctor.snapshot import Part, Probe, SlotFacts
from tests.unit.doctor.test_checks import snap


def run(check, **parts):
    snapshot = dataclasses.replace(snap(), **{k: v if isinstance(v, Part) else Part(value=v) for k, v in parts.items()})
    return check(snapshot, derive(snapshot))


def test_key_vault_references_that_did_not_resolve_are_named_with_their_status():
    found = run(check_settings_key_vault, key_vault=[("DB_PASSWORD", "AccessToKeyVaultDenied"), ("API", "Resolved")])
    assert found.status == Status.FAIL and "DB_PASSWORD (AccessToKeyVaultDenied)" in found.summary
    assert "API" not in found.summary and "Key Vault Secrets User" in found.fix
    msi = run(check_settings_key_vault, key_vault=[("DB_PASSWORD", "MSINotEnabled")])
    assert "az webapp identity assign -g rg -n web" in msi.fix
    assert run(check_settings_key_vault, key_vault=[("API", "Resolved")]).status == Status.PASS
    assert run(check_settings_key_vault, key_vault=[]).status == Status.PASS


def test_slots_without_sticky_settings_warn():
    found = run(check_settings_slot_sticky, slots=SlotFacts(("staging",), ()))
    assert found.status == Status.WARN and "staging" in found.summary and "--slot-settings" in found.fix
    assert run(check_settings_slot_sticky, slots=SlotFacts(("staging",), ("DATABASE_URL",))).status == Status.PASS
    assert run(check_settings_slot_sticky, slots=SlotFacts()).status == Status.PASS
    assert run(check_settings_slot_sticky, slots=Part(skipped="a slot is checked from its production app")).status \
        == Status.SKIP


@pytest.mark.parametrize("status, expected", [(200, Status.PASS), (204, Status.PASS), (301, Status.WARN),
                                              (307, Status.WARN), (401, Status.WARN), (404, Status.FAIL),
                                              (500, Status.FAIL)])
def test_the_health_check_path_answer(status, expected):
    probe = Probe("https://web.azurewebsites.net/health", status, "", 0.1)
    assert run(check_probe_health_check, health=probe).status == expected


def test_no_health_check_path_is_quiet():
    found = run(check_probe_health_check, health=Part(skipped="no health check path is set"))
    assert found.status == Status.PASS
