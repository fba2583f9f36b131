"""doctor's reads beyond the site, config and files: slots and sticky settings, Key Vault references, health check."""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence, TypeVar

from ..azure.arm import AppRef, AppServiceGateway, run_concurrently
from ..azure.site import probe_site
from ..doctor.snapshot import Part, Probe, SlotFacts
from ..errors import PyAppSvcError

T = TypeVar("T")
KEY_VAULT_PREFIX = "@Microsoft.KeyVault("  # a Key Vault reference in an app setting's value
HEALTH_CHECK_PATH = "healthCheckPath"
NO_REFERENCES: Part[Sequence[tuple[str, str]]] = Part(value=())


def _read(read: Callable[[], T]) -> Part[T]:
    try:
        return Part(value=read())
    except PyAppSvcError as error:
        return Part(error=error.message)
    except Exception as error:  # pylint: disable=broad-exception-caught  # an unreadable answer
        return Part(error=f"unexpected answer ({type(error).__name__})")  # this part fails, doctor goes on


def slots_part(gateway: AppServiceGateway, app: AppRef) -> Part[SlotFacts]:
    """The production app's slots and its slot-sticky settings, read together (one round; the sticky names are kept
    only when the app has slots); skipped for a slot."""
    if app.slot:
        return Part(skipped="a slot is checked from its production app")

    def read() -> SlotFacts:
        names, sticky = run_concurrently([lambda: gateway.list_slot_names(app),
                                          lambda: _read(lambda: gateway.get_sticky_setting_names(app))])
        if not names:
            return SlotFacts((), ())   # no slot: the sticky names do not matter, nor whether they could be read
        if not sticky.ok:
            raise PyAppSvcError(str(sticky.error))
        return SlotFacts(tuple(names), tuple(sticky.value))
    return _read(read)


def has_key_vault_references(settings: Part[Mapping[str, str]]) -> bool:
    """True when an app setting's value is a Key Vault reference (the value itself is never kept)."""
    return settings.ok and any(str(v or "").strip().startswith(KEY_VAULT_PREFIX) for v in settings.value.values())


def key_vault_part(gateway: AppServiceGateway, app: AppRef,
                   settings: Part[Mapping[str, str]]) -> Part[Sequence[tuple[str, str]]]:
    """Each reference's setting name and status, asked for only when a setting holds a reference."""
    if not settings.ok:
        return Part(skipped="the app settings could not be read")
    if not has_key_vault_references(settings):
        return NO_REFERENCES
    return _read(lambda: tuple(gateway.list_key_vault_references(app)))


def health_part(host: Optional[str], config: Part[Mapping[str, Any]], timeout: float, probe: bool) -> Part[Probe]:
    """One anonymous GET of the health check path, redirects not followed, as the platform's pings make it."""
    path = str((config.value or {}).get(HEALTH_CHECK_PATH) or "").strip() if config.ok else ""
    if not path:
        return Part(skipped="no health check path is set")
    if not probe or not host:
        return Part(skipped="--no-probe" if not probe else "the app has no default host name")
    return Part(value=Probe(**probe_site(host, timeout, path, follow_redirects=False)))
