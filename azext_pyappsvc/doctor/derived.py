"""What several checks share, computed once per snapshot and only when a check asks for it."""
from __future__ import annotations

import weakref
from dataclasses import replace
from functools import cached_property
from typing import Callable, Mapping, TypeVar

from ..startup.detection import NO_BUILD, BuildInputs, StartupPrediction, find_asgi_app, predict_startup
from ..startup.observed import ObservedStart, parse_observed
from ..runtime.stacks import python_version_of
from ..source.tree import Entry
from ..runtime.local import SOURCE_LINUX_FX, SOURCE_OVERRIDE
from ..source.caching import CachingTree
from ..startup.command import LintContext, LintIssue, StartupCommandError, lint_command
from ..runtime.site import APP_CONTAINER, APP_LINUX
from .constants import PORT
from .facts import TreeFacts, gather_facts
from .pins import LocalPin, read_pins
from .redact import secret_values
from .snapshot import Part, Snapshot

T = TypeVar("T")
CONTAINER_FX_PREFIXES = ("DOCKER|", "COMPOSE|", "SITECONTAINERS")
_MEMO: "weakref.WeakKeyDictionary[Snapshot, Derived]" = weakref.WeakKeyDictionary()


def attempt(compute: Callable[[], T]) -> Part[T]:
    """Run a computation that reads files; an exception becomes Part(error=...) instead of escaping."""
    try:
        return Part(value=compute())
    except Exception as error:  # pylint: disable=broad-exception-caught
        # a tree read that failed (Kudu down...) must not crash the checks
        return Part(error=f"{type(error).__name__}: {error}")


class Derived:
    """Lazily computed facts over a snapshot; each is computed at most once."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    @cached_property
    def settings(self) -> Mapping[str, str]:
        """The app settings (None values read as ""), or {} when they were not gathered."""
        if not self.snapshot.settings.ok:
            return {}
        return {str(name): "" if value is None else str(value) for name, value in self.snapshot.settings.value.items()}

    @cached_property
    def secrets(self) -> tuple[str, ...]:
        """The setting values that must never appear in a finding."""
        return secret_values(self.settings)

    @cached_property
    def linux_fx_version(self) -> str:
        """linuxFxVersion from config/web, else from the site document; "" when unknown."""
        config = self.snapshot.config
        from_config = str((config.value or {}).get("linuxFxVersion") or "") if config.ok else ""
        return from_config or (self.snapshot.site.value.linux_fx_version if self.snapshot.site.ok else "")

    @cached_property
    def app_type(self) -> str | None:
        """linux, windows, function, logic or container; None without a site."""
        if not self.snapshot.site.ok:
            return None
        app_type = self.snapshot.site.value.app_type
        if app_type == APP_LINUX and self.linux_fx_version.upper().startswith(CONTAINER_FX_PREFIXES):
            return APP_CONTAINER
        return app_type

    @cached_property
    def not_python(self) -> str | None:
        """Why the built-in Python checks do not apply to this app; None when they do."""
        if self.app_type == APP_CONTAINER:
            return f"custom container ({self.linux_fx_version or self.snapshot.site.value.kind})"
        if self.app_type not in (None, APP_LINUX):
            return "not a Linux web app (see app.linux)"
        if self.app_type == APP_LINUX and python_version_of(self.linux_fx_version) is None:
            return "no built-in Python runtime is configured (see runtime.python)"
        return None

    @cached_property
    def python_version_and_source(self) -> tuple[str | None, str | None]:
        """The Python version the app runs (or would), and where it comes from."""
        override = self.snapshot.python_version_override
        if override:
            return python_version_of(f"PYTHON|{override}") or override, SOURCE_OVERRIDE
        if not self.snapshot.site.skipped:
            version = python_version_of(self.linux_fx_version)
            return (version, SOURCE_LINUX_FX) if version else (None, None)
        declared = self.snapshot.local.linux_fx_version if self.snapshot.local else None
        if declared and python_version_of(declared.value):
            return python_version_of(declared.value), declared.source
        pinned = next((pin for pin in (self.pins.value or []) if pin.version), None)
        return (pinned.version, pinned.source) if pinned else (None, None)

    @property
    def python_version(self) -> str | None:
        """The effective Python version, e.g. "3.12"."""
        return self.python_version_and_source[0]

    @cached_property
    def app_command_line(self) -> str | None:
        """siteConfig.appCommandLine stripped; "" without an app; None when the config could not be read."""
        config = self.snapshot.config
        if config.ok:
            return str(config.value.get("appCommandLine") or "").strip()
        if config.skipped and self.snapshot.local is not None:
            return self.snapshot.local.command
        return "" if config.skipped else None

    @cached_property
    def tree(self) -> CachingTree | None:
        """The deployed (or --src) tree behind a cache, or None when it was not gathered."""
        return CachingTree(self.snapshot.tree.value) if self.snapshot.tree.ok else None

    @cached_property
    def source(self) -> CachingTree | None:
        """The --src tree (the same cache as tree when they are one), or None."""
        part = self.snapshot.source
        if not part.ok:
            return None
        if self.tree is not None and part.value is self.snapshot.tree.value:
            return self.tree
        return CachingTree(part.value)

    @cached_property
    def facts(self) -> Part[TreeFacts]:
        """The tree's root listing, root folders and root files, read once."""
        if self.tree is None:
            return Part(error="the tree was not gathered")
        part = attempt(lambda: gather_facts(self.tree))
        if part.ok or part.error:
            return part
        return Part(error=f"{self.snapshot.tree_label} could not be listed")

    @cached_property
    def prediction(self) -> Part[StartupPrediction]:
        """What App Service will run (detection.predict_startup over the tree)."""
        if self.app_command_line is None:
            return Part(error="the app's configuration could not be read")
        if self.tree is not None:
            _ = self.facts  # prefetch the root in batches before detection reads it piecemeal
        local = self.snapshot.local
        settings = self.settings or ({name: v.value for name, v in local.declared.settings.items() if v.value}
                                     if local else {})
        predicted = attempt(lambda: predict_startup(self.tree, self.app_command_line, self.python_version, settings,
                                                    self.build))
        if not predicted.ok or local is None:
            return predicted
        return Part(value=replace(predicted.value, reasons=(*predicted.value.reasons, *local.reasons())))

    @cached_property
    def build(self) -> BuildInputs:
        """The compressed build's files (when read) and the latest start, as gathered."""
        part = self.snapshot.build
        return part.value if part.ok and isinstance(part.value, BuildInputs) else NO_BUILD

    @cached_property
    def observed(self) -> ObservedStart | None:
        """What the latest start's log says Oryx ran, or None."""
        if self.build.observed is not None:
            return self.build.observed
        log = self.snapshot.docker_log
        return parse_observed(log.value) if log.ok else None

    @cached_property
    def app_facts(self) -> Part[TreeFacts]:
        """The facts of the folder the app runs from: the compressed output's, when it was read; else the tree's."""
        extracted = self.build.extracted
        if extracted is None:
            return self.facts
        part = attempt(lambda: gather_facts(extracted))
        return part if part.ok or part.error else Part(error="the compressed output could not be listed")

    @cached_property
    def asgi_app(self) -> str | None:
        """E.g. "main.py imports FastAPI", or None."""
        return attempt(lambda: find_asgi_app(self.tree)).value if self.tree is not None else None

    @cached_property
    def lint(self) -> Part[tuple[LintIssue, ...]]:
        """The lint issues of the configured startup command (error: it cannot be parsed at all)."""
        if not self.app_command_line:
            return Part(value=())
        startup_file = self.prediction.value.startup_file if self.prediction.ok else None
        context = LintContext(asgi_app=self.asgi_app, startup_file=startup_file, port=PORT)
        try:
            return Part(value=tuple(lint_command(self.app_command_line, context)))
        except StartupCommandError as error:
            return Part(error=str(error))

    @cached_property
    def pins(self) -> Part[list[LocalPin]]:
        """runtime.txt / .python-version / requires-python of the source."""
        if self.source is None:
            return Part(error="the source was not gathered")
        return attempt(lambda: read_pins(self.source))

    def read_texts(self, paths: list[str]) -> dict[str, str | None]:
        """Read more files of the tree through the cache; {} (all missing) when that fails."""
        if self.tree is None or not paths:
            return {}
        return attempt(lambda: self.tree.read_texts(paths)).value or {}

    def list_dirs(self, paths: list[str]) -> dict[str, list[Entry] | None]:
        """List more folders of the tree through the cache; {} when that fails."""
        if self.tree is None or not paths:
            return {}
        return attempt(lambda: self.tree.list_dirs(paths)).value or {}


def derive(snapshot: Snapshot) -> Derived:
    """The Derived of a snapshot, created once and shared by every check that runs over it."""
    derived = _MEMO.get(snapshot)
    if derived is None:
        derived = _MEMO.setdefault(snapshot, Derived(snapshot))
    return derived
