"""Checks of what ARM holds beyond config/web: settings.key-vault, settings.slot-sticky, probe.health-check."""
from __future__ import annotations

from .derived import Derived
from .findings import Finding, Status, finding
from .gates import app_args, part_gate
from .snapshot import Snapshot

RESOLVED = "Resolved"
KEY_VAULT_FIXES = {  # ResolveStatus values of ApiKVReference (azure-rest-api-specs, Microsoft.Web WebApps.json)
    "MSINotEnabled": "Give the app a managed identity: az webapp identity assign {app}, then grant it access to the "
                     "vault.",
    "AccessToKeyVaultDenied": "Let the app's identity read secrets: az role assignment create --role \"Key Vault "
                              "Secrets User\" --assignee <the app's principalId> --scope <the vault's id> (or an "
                              "access policy with get on secrets); check the vault's firewall too.",
    "VaultNotFound": "Fix the vault name in the reference (@Microsoft.KeyVault(VaultName=...;SecretName=...)).",
    "SecretNotFound": "Create the secret, or fix its name in the reference.",
    "SecretVersionNotFound": "Drop the version from the reference, or name an existing one.",
    "InvalidSyntax": "Write it as @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>/).",
}
OTHER_FIX = "Check the identity, the vault's network rules and the reference, then restart the app."


def check_settings_key_vault(snapshot: Snapshot, derived: Derived) -> Finding:
    """settings.key-vault: every Key Vault reference in the app settings resolved (names and statuses only)."""
    gate = part_gate("settings.key-vault", snapshot.key_vault, "the Key Vault references")
    if gate:
        return gate
    references = list(snapshot.key_vault.value)
    if not references:
        return finding("settings.key-vault", Status.PASS, "No app setting is a Key Vault reference.")
    failed = [(name, status) for name, status in references if status != RESOLVED]
    if not failed:
        return finding("settings.key-vault", Status.PASS, f"All {len(references)} Key Vault reference(s) resolved.")
    listed = ", ".join(f"{name} ({status or 'no status'})" for name, status in failed)
    fix = KEY_VAULT_FIXES.get(failed[0][1], OTHER_FIX).format(app=app_args(snapshot))
    return finding("settings.key-vault", Status.FAIL, f"{len(failed)} Key Vault reference(s) did not resolve: "
                   f"{listed}; the app sees the literal @Microsoft.KeyVault(...) text instead of the secret.", fix)


def check_settings_slot_sticky(snapshot: Snapshot, derived: Derived) -> Finding:
    """settings.slot-sticky: an app with slots marks the settings that must not move on a swap."""
    gate = part_gate("settings.slot-sticky", snapshot.slots, "the app's slots")
    if gate:
        return gate
    slots = snapshot.slots.value
    if not slots.slot_names:
        return finding("settings.slot-sticky", Status.PASS, "The app has no deployment slots.")
    if slots.sticky_settings:
        return finding("settings.slot-sticky", Status.PASS, f"{len(slots.sticky_settings)} app setting(s) stay with "
                       f"their slot on a swap ({', '.join(slots.sticky_settings[:5])}).")
    return finding("settings.slot-sticky", Status.WARN, f"The app has slot(s) {', '.join(slots.slot_names)}, but no app "
                   "setting is slot-sticky: a swap moves every setting (database, keys, WEBSITE_* flags) with the code.",
                   f"Mark the settings that belong to an environment: az webapp config appsettings set "
                   f"{app_args(snapshot)} --slot-settings <NAME>=<value> (and the same with --slot for each slot).")


def check_probe_health_check(snapshot: Snapshot, derived: Derived) -> Finding:
    """probe.health-check: the health check path answers 2xx to an anonymous GET, without a redirect."""
    if snapshot.health.skipped == "no health check path is set":
        return finding("probe.health-check", Status.PASS, "No health check path is set (App Service pings nothing).")
    gate = part_gate("probe.health-check", snapshot.health, "the health check path's answer")
    if gate:
        return gate
    probe = snapshot.health.value
    if probe.timed_out or probe.status is None:
        return finding("probe.health-check", Status.WARN, f"{probe.url} gave no answer "
                       f"({probe.error or 'timed out'}): the platform's pings would fail too.")
    if 200 <= probe.status < 300:
        return finding("probe.health-check", Status.PASS, f"{probe.url} answered {probe.status}.")
    if probe.status in (301, 302, 303, 307, 308, 401, 403):
        why = "redirects" if probe.status < 400 else "needs sign-in"
        return finding("probe.health-check", Status.WARN, f"{probe.url} answered {probe.status} to an anonymous GET "
                       f"(it {why}): health check counts only 200-299 as healthy and replaces instances that keep "
                       "failing.",
                       "Serve the health path without login or redirect (exempt it from HTTPS redirects and "
                       "login_required; App Service Authentication lets the platform's pings through), or point "
                       f"health check at such a path: az webapp config set {app_args(snapshot)} "
                       "--generic-configurations '{\"healthCheckPath\": \"/health\"}'")
    return finding("probe.health-check", Status.FAIL, f"{probe.url} answered {probe.status}: every health ping fails, "
                   "so instances are marked unhealthy and replaced.",
                   "Add the route the health check path names (it must answer 200), or change healthCheckPath.")
