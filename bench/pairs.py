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
    cold: bool = False            # forget what earlier runs remembered (the host cache) before every run

    @property
    def argv(self) -> tuple[str, ...]:
        """Everything after `az`; {subscription} stands for the emulator's subscription id."""
        return self.name + self.args

    def argv_for(self, subscription: str) -> tuple[str, ...]:
        """argv with the subscription id filled in."""
        return tuple(arg.replace("{subscription}", subscription) for arg in self.argv)


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
# The floor: the leanest az command that reads ARM, one GET of the site (api-version: azure-mgmt-web's, as ours).
API_VERSION = "2025-05-01"
SITE_URL = f"/subscriptions/{{subscription}}/resourceGroups/{RG}/providers/Microsoft.Web/sites/{APP}"
REST_GET = Command("rest-get", ("rest",), ("--method", "get", "--url", f"{SITE_URL}?api-version={API_VERSION}"))
REST_PATCH = Command("rest-patch", ("rest",), ("--method", "patch", "--url",
                                               f"{SITE_URL}/config/web?api-version={API_VERSION}", "--body",
                                               '{"properties": {"linuxFxVersion": "PYTHON|3.13"}}'), writes=True)
SHOW_VERSION = Command("show-version", ("pyappsvc", "show-version"), APP_ARGS)
LIST_VERSIONS = Command("list-versions", ("pyappsvc", "list-versions"))
CONFIG_SHOW_FX = Command("config-show-fx", ("webapp", "config", "show"), APP_ARGS + ("--query", "linuxFxVersion"))
DOCTOR = Command("doctor", ("pyappsvc", "doctor"), APP_ARGS)
DOCTOR_FIRST = Command("doctor-first", ("pyappsvc", "doctor"), APP_ARGS, cold=True)
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
    Pair("show-version", (SHOW_VERSION,), (REST_GET,), 1.2),
    Pair("list-versions", (LIST_VERSIONS,), (REST_GET,), 1.2),
    Pair("doctor", (DOCTOR,), (REST_GET,), 1.5),
    Pair("doctor-first-run", (DOCTOR_FIRST,), (REST_GET,), 1.8),
    Pair("set-version", (SET_VERSION,), (REST_GET, REST_PATCH), 1.1),
    Pair("set-startup", (SET_STARTUP,), (REST_GET, REST_PATCH)),
    Pair("show-version-vs-config-show", (SHOW_VERSION,), (CONFIG_SHOW_FX,), 0.8),
    Pair("doctor-vs-manual", (DOCTOR,), MANUAL_FOUR, 0.3),
)

REQUEST_TARGETS: tuple[RequestTarget, ...] = (
    RequestTarget(SHOW_VERSION, read_rounds=1, writes=0),
    RequestTarget(LIST_VERSIONS, read_rounds=1, writes=0),
    RequestTarget(DOCTOR, max_requests=14, read_rounds=1, writes=0),   # the bound tests/e2e/test_doctor.py names
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
PROFILED: tuple[Command, ...] = (VERSION, REST_GET, SHOW_VERSION, LIST_VERSIONS, DOCTOR)
