"""What doctor gathered about an app, frozen: filled by the gateway, read by the pure checks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, Mapping, Sequence, TypeVar

from ..runtime.stacks import PythonRuntime
from ..source.tree import SourceTree
from ..runtime.site import SiteInfo

if TYPE_CHECKING:   # the --src reading is imported only when --src is given
    from ..source.declared import LocalDeployment

T = TypeVar("T")


@dataclass(frozen=True)
class Part(Generic[T]):
    """One gathered piece: a value, or why it is missing (error: gathering failed; skipped: on purpose)."""

    value: T | None = None
    error: str | None = None
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        """True when the value is there and nothing went wrong."""
        return self.value is not None and self.error is None and self.skipped is None


@dataclass(frozen=True)
class Probe:
    """One GET of the site's own URL."""

    url: str
    status: int | None
    body: str
    elapsed_seconds: float
    timed_out: bool = False
    error: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LogOrigin:
    """Where doctor's log text came from: the machine, the source (startuplogs or docker), the files read, and the
    files whose end could not be reached (their lines are left out of the text)."""

    machine: str = ""
    source: str = ""
    files: tuple[str, ...] = ()
    unread_ends: tuple[str, ...] = ()


NO_LOG_ORIGIN: Part[LogOrigin] = Part(skipped="not gathered")


@dataclass(frozen=True)
class SlotFacts:
    """The app's deployment slots and the app settings marked slot-sticky (config/slotConfigNames)."""

    slot_names: tuple[str, ...] = ()
    sticky_settings: tuple[str, ...] = ()


NOT_GATHERED: Part[Any] = Part(skipped="not gathered")


@dataclass(frozen=True, eq=False)  # identity equality and hash: derive() memoises per snapshot
class Snapshot:  # pylint: disable=too-many-instance-attributes  # a record: one field per fact
    """Everything the checks may look at. App setting VALUES are secrets: no finding may contain one."""

    today: date
    site: Part[SiteInfo]
    config: Part[Mapping[str, Any]]
    settings: Part[Mapping[str, str]]
    runtimes: Part[Sequence[PythonRuntime]]
    tree: Part[SourceTree]
    tree_label: str
    source: Part[SourceTree]
    # docker_log: the plain text of the combined lines (the newest machine's platform and app files merged in time
    # order, or the startup log): checks parse Oryx's and gunicorn's lines from it. docker_log_origin says where it
    # came from.
    docker_log: Part[str]
    probe: Part[Probe]
    python_version_override: str | None = None
    docker_log_origin: Part[LogOrigin] = NO_LOG_ORIGIN
    # startup.detection.BuildInputs: the compressed output, the latest start
    build: Part[Any] = Part(skipped="not gathered")
    local: LocalDeployment | None = None  # --src alone: what the project declares (bicep, azure.yaml, workflows)
    key_vault: Part[Sequence[tuple[str, str]]] = NOT_GATHERED  # (setting name, status) per Key Vault reference
    slots: Part[SlotFacts] = NOT_GATHERED
    health: Part[Probe] = NOT_GATHERED  # one GET of siteConfig.healthCheckPath, redirects not followed
