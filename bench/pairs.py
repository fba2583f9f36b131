"""What `make bench` measures, as data: the commands, the A/B pairs with their target ratios, the request targets."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

RG = "pyapps-rg"
APP = "flask-312"
APP_ARGS = ("-g", RG, "-n", APP)


@dataclass(frozen=True)
class Command:
    """One `az` command line: its name words (for `az NAME -h`) and its arguments."""

    key: str                      # short, unique id used in the report and the JSON
    name: tuple[str, ...]         # the command's words, e.g. ("webapp", "config", "show")
    args: tuple[str, ...] = ()
    writes: bool = False          # reset the emulator before every run, so that every run really writes

    @property
    def argv(self) -> tuple[str, ...]:
        """Everything after `az`."""
        return self.name + self.args


@dataclass(frozen=True)
class Pair:
    """A is timed against B, alternately; a side with several commands costs their sum. No B: a reference row."""

    name: str
    a: tuple[Command, ...]
    b: tuple[Command, ...] = ()
    target: Optional[float] = None   # the A/B ratio of the medians must be <= target


@dataclass(frozen=True)
class RequestTarget:
    """Limits on what one run of a command sends, from the emulator's record."""

    command: Command
    max_requests: Optional[int] = None
    read_rounds: Optional[int] = None    # exactly this many rounds of reads (overlapping requests = one round)
    writes: Optional[int] = None         # exactly this many PATCH/PUT


VERSION = Command("version", ("version",))
SHOW_VERSION = Command("show-version", ("pyappsvc", "show-version"), APP_ARGS)
CONFIG_SHOW_FX = Command("config-show-fx", ("webapp", "config", "show"), APP_ARGS + ("--query", "linuxFxVersion"))
DOCTOR = Command("doctor", ("pyappsvc", "doctor"), APP_ARGS)
SET_VERSION = Command("set-version", ("pyappsvc", "set-version"), ("3.13",) + APP_ARGS, writes=True)
SET_STARTUP = Command("set-startup", ("pyappsvc", "set-startup"),
                      ("gunicorn --bind=0.0.0.0 --timeout 600 app:app",) + APP_ARGS, writes=True)

# What a user runs by hand today to learn what doctor tells.
MANUAL_FOUR = (
    Command("webapp-show", ("webapp", "show"), APP_ARGS),
    Command("config-show", ("webapp", "config", "show"), APP_ARGS),
    Command("list-runtimes", ("webapp", "list-runtimes"), ("--os", "linux")),
    Command("appsettings-list", ("webapp", "config", "appsettings", "list"), APP_ARGS),
)

PAIRS: tuple[Pair, ...] = (
    Pair("floor", (VERSION,)),
    Pair("show-version", (SHOW_VERSION,), (CONFIG_SHOW_FX,), 0.8),
    Pair("doctor-vs-manual", (DOCTOR,), MANUAL_FOUR, 0.3),
    Pair("doctor-vs-show-version", (DOCTOR,), (SHOW_VERSION,), 1.5),
    Pair("set-version", (SET_VERSION,)),
    Pair("set-startup", (SET_STARTUP,)),
)

REQUEST_TARGETS: tuple[RequestTarget, ...] = (
    RequestTarget(DOCTOR, max_requests=12),
    RequestTarget(SET_VERSION, read_rounds=1, writes=1),
    RequestTarget(SET_STARTUP, read_rounds=1, writes=1),
)

# The modules azure-cli imports to build our command table and arguments, then to run a handler.
IMPORT_STAGES: tuple[tuple[str, str], ...] = (
    ("baseline (az has these already)", "import azure.cli.core, azure.cli.core.commands, knack.arguments"),
    ("command table: loader, commands, _params, _help",
     "import azext_pyappsvc, azext_pyappsvc.commands, azext_pyappsvc._params, azext_pyappsvc._help"),
    ("load_arguments: azure.cli.core.commands.parameters", "import azure.cli.core.commands.parameters"),
    ("handler: azext_pyappsvc.custom", "import azext_pyappsvc.custom"),
    ("SDK client (A and B alike): azure.mgmt.web, client_factory, _profile",
     "import azure.mgmt.web, azure.cli.core.commands.client_factory, azure.cli.core._profile"),
)

# Commands profiled with `-X importtime` and `--debug` (where the time goes before the first request).
PROFILED: tuple[Command, ...] = (VERSION, SHOW_VERSION, CONFIG_SHOW_FX, DOCTOR)
