"""make bench: time pyappsvc against what users run today, on the emulator with latency on every request."""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any, Optional, Sequence

from bench.pairs import IMPORT_STAGES, PAIRS, PROFILED, REQUEST_TARGETS, Command, Pair, RequestTarget
from bench.report import (print_commands, print_markdown, print_pairs, print_profile, print_request_targets,
                          print_verdicts)
from bench.stats import (WARMUP, alternation, broken_limits, debug_summary, first_error, median,
                         notable_imports, parse_importtime, ratio, request_sequence, request_shape, summarize,
                         target_met, top_imports, total_ms)
from tests.harness import ROOT, AzSession, built_wheel

RESULTS_DIR = ROOT / "bench" / "results"
HOST_CACHE = ("cache", "pyappsvc", "hosts.json")   # azext_pyappsvc/azure/hostcache.py's file under AZURE_CONFIG_DIR


# --- running az against the emulator ---------------------------------------------------------------------------
@dataclass
class Run:
    """One timed `az` run and what the emulator saw of it."""

    seconds: float
    returncode: int
    shape: dict[str, int]
    to_first_request: Optional[float]   # from spawning az to the first request reaching the emulator
    error: str = ""
    sequence: tuple[str, ...] = ()      # "round kind METHOD path -> status" per request


class Bench:
    """The emulator, an isolated az logged in with the wheel installed, and every kept run per command."""

    def __init__(self, emulator: Any, session: AzSession, latency_ms: int) -> None:
        self.emulator = emulator
        self.session = session
        self.latency_ms = latency_ms
        self.runs: dict[str, list[Run]] = {}
        self.argv: dict[str, tuple[str, ...]] = {}
        self._available: dict[tuple[str, ...], bool] = {}

    def fresh(self) -> None:
        """Back to the scenario as loaded, with the latency injected again (reset clears it)."""
        self.emulator.reset()
        self.emulator.set_latency(self.latency_ms)

    def available(self, command: Command) -> bool:
        """Whether `az NAME -h` succeeds, i.e. the command exists in this build."""
        if command.name not in self._available:
            self._available[command.name] = self.session.run(*command.name, "-h").returncode == 0
        return self._available[command.name]

    def forget(self) -> None:
        """Remove pyappsvc's host cache, as on a first run for the app."""
        Path(self.session.config_dir, *HOST_CACHE).unlink(missing_ok=True)

    def run(self, command: Command, keep: bool = True) -> Run:
        """Run a command once, timed from spawn to exit, and read its requests from the emulator's record."""
        if command.writes:
            self.fresh()
        if command.cold:
            self.forget()
        self.emulator.clear_requests()
        argv = command.argv_for(self.emulator.subscription_id)
        wall, start = time.time(), time.perf_counter()
        result = self.session.run(*argv)
        seconds = time.perf_counter() - start
        records = self.emulator.requests()
        first = min((r["started"] for r in records), default=None)
        error = first_error(result.stderr) if result.returncode else ""
        run = Run(seconds, result.returncode, request_shape(records), None if first is None else first - wall, error,
                  request_sequence(records))
        if keep:
            self.runs.setdefault(command.key, []).append(run)
            self.argv[command.key] = argv
        return run


def measure_pair(bench: Bench, pair: Pair, rounds: int) -> dict[str, Any]:
    """Alternate A and B (warm-up round first, discarded); a side whose command is missing is skipped."""
    result: dict[str, Any] = {"name": pair.name, "target": pair.target,
                              "a": [c.key for c in pair.a], "b": [c.key for c in pair.b]}
    missing = sorted({" ".join(c.name) for c in pair.a + pair.b if not bench.available(c)})
    sides = {side: commands for side, commands in (("A", pair.a), ("B", pair.b))
             if commands and all(bench.available(c) for c in commands)}
    samples, failed = _alternate(bench, sides, rounds)
    stats = {side.lower() + "_seconds": summarize(values) for side, values in samples.items()}
    value = ratio(median(samples["A"]), median(samples["B"])) if {"A", "B"} <= samples.keys() else None
    a_failed = any(c.key in failed for c in pair.a)
    status = "not available" if missing else "A failed" if a_failed else "measured"
    return {**result, "status": status, "missing": missing, **stats, "failed_commands": sorted(failed),
            "ratio": None if value is None else round(value, 3),
            "met": None if a_failed else target_met(value, pair.target)}


def _alternate(bench: Bench, sides: dict[str, tuple[Command, ...]],
               rounds: int) -> tuple[dict[str, list[float]], set[str]]:
    """Seconds per measured round for each side (a side costs the sum of its commands), and failed commands."""
    samples: dict[str, list[float]] = {side: [] for side in sides}
    failed: set[str] = set()
    if not sides:
        return samples, failed
    bench.fresh()
    for number, side in alternation(rounds, list(sides)):
        runs = [(c, bench.run(c, keep=number >= WARMUP)) for c in sides[side]]
        failed |= {c.key for c, r in runs if r.returncode != 0}
        if number >= WARMUP:
            samples[side].append(sum(r.seconds for _, r in runs))
    return samples, failed


def command_summary(bench: Bench) -> dict[str, Any]:
    """Per command: times, time to the first request, and the worst request shape over its kept runs."""
    summary = {}
    for key, runs in bench.runs.items():
        firsts = [r.to_first_request for r in runs if r.to_first_request is not None]
        summary[key] = {"argv": list(bench.argv[key]), "seconds": summarize([r.seconds for r in runs]),
                        "to_first_request": round(median(firsts), 3) if firsts else None,
                        **{k: max(r.shape[k] for r in runs) for k in ("requests", "rounds", "read_rounds", "writes")},
                        "exit_codes": sorted({r.returncode for r in runs}),
                        "last_run_requests": list(runs[-1].sequence),
                        "errors": sorted({r.error for r in runs if r.error})}
    return summary


def evaluate_request_targets(bench: Bench) -> list[dict[str, Any]]:
    """Each request target against every kept run of its command (all runs must meet it)."""
    results = []
    for target in REQUEST_TARGETS:
        limits = {k: v for k, v in asdict(target).items() if k != "command" and v is not None}
        row = {"command": target.command.key, "limits": limits, **_judge(target, bench.runs.get(target.command.key))}
        if row["status"] == "not measured" and not bench.available(target.command):
            row["status"] = "not available"
        results.append(row)
    return results


def _judge(target: RequestTarget, runs: Optional[list[Run]]) -> dict[str, Any]:
    """Status, verdict and broken limits of one request target over some runs."""
    if not runs:
        return {"status": "not measured", "met": None}
    broken = sorted({b for r in runs for b in broken_limits(target, r.shape)})
    if any(r.returncode != 0 for r in runs):
        return {"status": "command failed", "met": None, "broken": broken}
    return {"status": "measured", "met": not broken, "broken": broken, "shapes": [r.shape for r in runs]}


# --- where the time goes before the first request ----------------------------------------------------------------
def _importtime(args: Sequence[str], env: dict[str, str]) -> str:
    """stderr of `python -X importtime ARGS`, run twice so that the second run finds every .pyc."""
    command = [sys.executable, "-X", "importtime", *args]
    subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    return proc.stderr


def extension_import_cost(session: AzSession, extension_dir: str) -> list[dict[str, Any]]:
    """What loading our command table, its arguments and a handler import, stage by stage, in a fresh interpreter."""
    env = {**session.env, "PYTHONPATH": str(Path(extension_dir) / "pyappsvc")}
    marker = "import sys; sys.stderr.write('@@\\n'); sys.stderr.flush()"
    code = "\n".join(f"{marker}\n{statement}" for _, statement in IMPORT_STAGES)
    stages = parse_importtime(_importtime(["-c", code], env))[1:]
    return [{"stage": label, "statement": statement, "total_ms": total_ms(entries),
             "pulls_in": notable_imports(entries), "top": top_imports(entries, 8)}
            for (label, statement), entries in zip(IMPORT_STAGES, stages)]


def process_import_cost(bench: Bench, command: Command) -> dict[str, Any]:
    """`-X importtime` of a whole `az` run: import total, the biggest top-level (often lazy) imports, ours."""
    argv = command.argv_for(bench.emulator.subscription_id)
    entries = parse_importtime(_importtime(["-m", "azure.cli", *argv], bench.session.env))[0]
    ours = [e for e in entries if e["name"].startswith("azext_pyappsvc")]
    return {"total_ms": total_ms(entries), "top_level": top_imports(entries, 12, depth=0),
            "azext_pyappsvc": top_imports(ours, 8)}


def debug_profile(bench: Bench, command: Command) -> dict[str, Any]:
    """`az ... --debug`: the modules az loads for this command, and its own init/invoke timing."""
    bench.run(command, keep=False)
    argv = command.argv_for(bench.emulator.subscription_id)
    result = bench.session.run(*argv, "--debug")
    return {"argv": list(argv), "lines": debug_summary(result.stderr)}


def profile(bench: Bench, extension_dir: str) -> dict[str, Any]:
    """Import cost of the extension, and import/--debug profiles of the profiled commands that exist."""
    commands = [c for c in PROFILED if bench.available(c)]
    bench.fresh()
    return {"extension_stages": extension_import_cost(bench.session, extension_dir),
            "processes": {c.key: process_import_cost(bench, c) for c in commands},
            "debug": {c.key: debug_profile(bench, c) for c in commands}}


# --- results file and entry point ----------------------------------------------------------------------------------
def machine_info() -> dict[str, Any]:
    """Where the numbers come from."""
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu_count": os.cpu_count(),
            "azure_cli": dist_version("azure-cli"), "load_average": list(os.getloadavg()),
            "wheel": Path(built_wheel()).name}


def write_results(results: dict[str, Any]) -> Path:
    """Write bench/results/<UTC timestamp>.json and latest.json (through a .tmp, so never half-written)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    path = RESULTS_DIR / f"{results['started_utc'].replace(':', '').replace('-', '')}.json"
    for target in (path, RESULTS_DIR / "latest.json"):
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    return path


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    """--rounds, --latency-ms, --only PAIR (repeatable), --no-profile."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds per pair, after one warm-up round")
    parser.add_argument("--latency-ms", type=int, default=150, help="latency injected on every request")
    parser.add_argument("--only", action="append", choices=[p.name for p in PAIRS], metavar="PAIR",
                        help="measure only this pair (repeatable): " + ", ".join(p.name for p in PAIRS))
    parser.add_argument("--no-profile", action="store_true", help="skip the import-time and --debug profiles")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def start_bench(workdir: str, latency_ms: int) -> tuple[Any, Bench]:
    """Emulator, isolated AZURE_CONFIG_DIR and extension dir under workdir, Contributor login, wheel installed."""
    from tests.emulator import Emulator
    emulator = Emulator("default", workdir).start()
    try:
        session = AzSession(str(Path(workdir) / "azure-config"), emulator.arm_url, emulator.ca_bundle,
                            str(Path(workdir) / "extensions"))
        session.login(emulator.tenant_id, *emulator.principal("Contributor"))
        session.install_extension()
    except BaseException:
        emulator.stop()
        raise
    return emulator, Bench(emulator, session, latency_ms)


def collect(bench: Bench, args: argparse.Namespace, workdir: str) -> dict[str, Any]:
    """Measure the selected pairs, then the request targets and (unless skipped) the profiles."""
    results: dict[str, Any] = {"started_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ"),
                               "machine": machine_info(),
                               "settings": {"rounds": args.rounds, "warmup_rounds": WARMUP,
                                            "latency_ms": args.latency_ms, "only": args.only}}
    pairs = [p for p in PAIRS if not args.only or p.name in args.only]
    results["pairs"] = []
    for pair in pairs:
        print(f"measuring {pair.name} ...", file=sys.stderr, flush=True)
        results["pairs"].append(measure_pair(bench, pair, args.rounds))
    results["commands"] = command_summary(bench)
    results["request_targets"] = evaluate_request_targets(bench)
    if not args.no_profile:
        print("profiling imports and --debug ...", file=sys.stderr, flush=True)
        results["profile"] = profile(bench, str(Path(workdir) / "extensions"))
    results["machine"]["load_average_end"] = list(os.getloadavg())
    return results


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the benchmark; exit 0 whatever the targets say (an exception means the harness itself broke)."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pyappsvc-bench-") as workdir:
        emulator, bench = start_bench(workdir, args.latency_ms)
        try:
            results = collect(bench, args, workdir)
        finally:
            emulator.stop()
    m = results["machine"]
    print(f"\npyappsvc bench: {args.rounds} rounds (+{WARMUP} warm-up), {args.latency_ms} ms on every request; "
          f"azure-cli {m['azure_cli']}, Python {m['python']}, {m['cpu_count']} CPUs, load {m['load_average'][0]:.2f}\n")
    print_pairs(results["pairs"], args.latency_ms)
    print_commands(results["commands"])
    print_request_targets(results["request_targets"], results["commands"])
    if "profile" in results:
        print_profile(results["profile"])
    print_verdicts(results)
    print_markdown(results)
    print(f"\nresults: {write_results(results).relative_to(ROOT)} (and bench/results/latest.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
