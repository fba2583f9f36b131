"""make bench: time pyappsvc against what users run today, on the emulator with latency on every request."""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
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
from tests.harness import ROOT, AzSession, built_wheel

RESULTS_DIR = ROOT / "bench" / "results"
WRITE_METHODS = frozenset({"PATCH", "PUT"})
WARMUP = 1
NOTABLE = ("azure.mgmt", "azure.core", "msrest", "requests", "urllib3", "msal", "cryptography", "jmespath")
Record = dict[str, Any]


# --- pure helpers (tests/unit/test_bench_stats.py) ------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    """The median of the values (ValueError when there are none)."""
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def summarize(values: Sequence[float]) -> dict[str, Any]:
    """Median, min, max and count of some seconds, rounded to the millisecond."""
    return {"median": round(median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3),
            "n": len(values), "samples": [round(v, 3) for v in values]}


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    """a / b, or None when either is missing or b is not positive."""
    if a is None or b is None or b <= 0:
        return None
    return a / b


def target_met(value: Optional[float], limit: Optional[float]) -> Optional[bool]:
    """value <= limit; None when there is nothing to compare."""
    if value is None or limit is None:
        return None
    return value <= limit


def alternation(rounds: int, sides: Sequence[str], warmup: int = WARMUP) -> list[tuple[int, str]]:
    """The run order: each round runs every side in turn (A B A B ...); the first `warmup` rounds are discarded."""
    return [(number, side) for number in range(warmup + rounds) for side in sides]


def request_rounds(records: Sequence[Record]) -> list[list[Record]]:
    """Group requests into rounds: requests whose [started, time] intervals overlap form one round."""
    groups: list[list[Record]] = []
    end = 0.0
    for record in sorted(records, key=lambda r: r["started"]):
        if groups and record["started"] < end:
            groups[-1].append(record)
            end = max(end, record["time"])
        else:
            groups.append([record])
            end = record["time"]
    return groups


def request_shape(records: Sequence[Record]) -> dict[str, int]:
    """Requests, rounds, read rounds (rounds without a write) and writes (PATCH/PUT) of one run."""
    groups = request_rounds(records)
    return {"requests": len(records), "rounds": len(groups),
            "read_rounds": sum(all(r["method"] not in WRITE_METHODS for r in g) for g in groups),
            "writes": sum(r["method"] in WRITE_METHODS for r in records)}


def first_error(stderr: str) -> str:
    """The line of az's stderr that says what went wrong: the first ERROR line, else the last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return next((line for line in lines if line.startswith("ERROR")), lines[-1] if lines else "")[:200]


def request_sequence(records: Sequence[Record]) -> tuple[str, ...]:
    """One line per request, in order: its round number, host kind, method, path and status."""
    return tuple(f"{number} {r['kind']} {r['method']} {r['path']} -> {r.get('status', '?')}"
                 for number, group in enumerate(request_rounds(records), 1) for r in group)


def broken_limits(target: RequestTarget, shape: dict[str, int]) -> list[str]:
    """The limits of a request target that one run's shape breaks."""
    broken = []
    if target.max_requests is not None and shape["requests"] > target.max_requests:
        broken.append(f"{shape['requests']} requests > {target.max_requests}")
    if target.read_rounds is not None and shape["read_rounds"] != target.read_rounds:
        broken.append(f"{shape['read_rounds']} read rounds != {target.read_rounds}")
    if target.writes is not None and shape["writes"] != target.writes:
        broken.append(f"{shape['writes']} writes != {target.writes}")
    return broken


def parse_importtime(text: str) -> list[list[Record]]:
    """`-X importtime` lines as {name, self_us, cumulative_us, depth}, split into stages at '@@' marker lines."""
    stages: list[list[Record]] = [[]]
    for line in text.splitlines():
        if line.startswith("@@"):
            stages.append([])
        elif line.startswith("import time:") and "|" in line and "[us]" not in line:
            self_us, cumulative, label = line[len("import time:"):].split("|", 2)
            depth = (len(label) - len(label.lstrip(" ")) - 1) // 2
            stages[-1].append({"name": label.strip(), "self_us": int(self_us), "cumulative_us": int(cumulative),
                               "depth": depth})
    return stages


def top_imports(entries: Sequence[Record], n: int = 10, depth: Optional[int] = None) -> list[dict[str, Any]]:
    """The n imports with the largest cumulative time (optionally only those at one nesting depth), in ms."""
    chosen = [e for e in entries if depth is None or e["depth"] == depth]
    chosen.sort(key=lambda e: e["cumulative_us"], reverse=True)
    return [{"name": e["name"], "cumulative_ms": round(e["cumulative_us"] / 1000, 1),
             "self_ms": round(e["self_us"] / 1000, 1)} for e in chosen[:n]]


def total_ms(entries: Sequence[Record]) -> float:
    """Import time of a stage: the sum of its top-level imports' cumulative time, in ms."""
    return round(sum(int(e["cumulative_us"]) for e in entries if e["depth"] == 0) / 1000, 1)


def notable_imports(entries: Sequence[Record]) -> list[str]:
    """Which heavy packages (SDK, requests, msal ...) a stage imports for the first time."""
    return [p for p in NOTABLE if any(e["name"] == p or e["name"].startswith(p + ".") for e in entries)]


def debug_summary(stderr: str) -> list[str]:
    """From `az --debug`: the command-index lookup, the module/extension load table and the final timing."""
    keep, inside = [], False
    for raw in stderr.splitlines():
        line = raw.split(": ", 2)[-1] if raw.startswith("DEBUG: cli.azure.cli.core:") else raw
        if "Modules found from index" in line:
            inside = True
        if inside or "Command ran in" in line:
            keep.append(line.replace("INFO: cli.__main__: ", "").rstrip())
        if line.startswith("Loaded ") and "groups" in line:
            inside = False
    return keep


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

    def run(self, command: Command, keep: bool = True) -> Run:
        """Run a command once, timed from spawn to exit, and read its requests from the emulator's record."""
        if command.writes:
            self.fresh()
        self.emulator.clear_requests()
        wall, start = time.time(), time.perf_counter()
        result = self.session.run(*command.argv)
        seconds = time.perf_counter() - start
        records = self.emulator.requests()
        first = min((r["started"] for r in records), default=None)
        error = first_error(result.stderr) if result.returncode else ""
        run = Run(seconds, result.returncode, request_shape(records), None if first is None else first - wall, error,
                  request_sequence(records))
        if keep:
            self.runs.setdefault(command.key, []).append(run)
            self.argv[command.key] = command.argv
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


def process_import_cost(session: AzSession, command: Command) -> dict[str, Any]:
    """`-X importtime` of a whole `az` run: import total, the biggest top-level (often lazy) imports, ours."""
    entries = parse_importtime(_importtime(["-m", "azure.cli", *command.argv], session.env))[0]
    ours = [e for e in entries if e["name"].startswith("azext_pyappsvc")]
    return {"total_ms": total_ms(entries), "top_level": top_imports(entries, 12, depth=0),
            "azext_pyappsvc": top_imports(ours, 8)}


def debug_profile(bench: Bench, command: Command) -> dict[str, Any]:
    """`az ... --debug`: the modules az loads for this command, and its own init/invoke timing."""
    bench.run(command, keep=False)
    result = bench.session.run(*command.argv, "--debug")
    return {"argv": list(command.argv), "lines": debug_summary(result.stderr)}


def profile(bench: Bench, extension_dir: str) -> dict[str, Any]:
    """Import cost of the extension, and import/--debug profiles of the profiled commands that exist."""
    commands = [c for c in PROFILED if bench.available(c)]
    bench.fresh()
    return {"extension_stages": extension_import_cost(bench.session, extension_dir),
            "processes": {c.key: process_import_cost(bench.session, c) for c in commands},
            "debug": {c.key: debug_profile(bench, c) for c in commands}}


# --- report -------------------------------------------------------------------------------------------------------
def _fmt(value: Optional[float], spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)


def _verdict(met: Optional[bool]) -> str:
    return {True: "MET", False: "NOT MET", None: "-"}[met]


def _spread(stats: Optional[dict[str, Any]]) -> str:
    return "-" if not stats else f"{stats['min']:.3f}/{stats['max']:.3f}"


def print_pairs(pairs: Sequence[dict[str, Any]], latency_ms: int) -> None:
    """The pair table: medians, min/max, A/B ratio, target and whether it is met."""
    print(f"{'pair':<24}{'A med s':>9}{'B med s':>9}{'A min/max':>14}{'B min/max':>14}{'A/B':>7}"
          f"{'target':>8}  met?")
    for p in pairs:
        a, b = p.get("a_seconds"), p.get("b_seconds")
        target = "-" if p["target"] is None else f"<={p['target']}"
        verdict = "n/a" if p["status"] != "measured" else _verdict(p["met"])
        print(f"{p['name']:<24}{_fmt(a and a['median']):>9}{_fmt(b and b['median']):>9}{_spread(a):>14}"
              f"{_spread(b):>14}{_fmt(p['ratio'], '.2f'):>7}{target:>8}  {verdict}")
        for note in _pair_notes(p, latency_ms):
            print(f"{'':<24}  {note}")


def _pair_notes(pair: dict[str, Any], latency_ms: int) -> list[str]:
    """What a pair row needs explained: missing commands, the budget they get, failures, the floor."""
    notes = []
    if pair["missing"]:
        notes.append(f"not available: `az {' / az '.join(pair['missing'])} -h` fails")
        if pair.get("b_seconds") and pair["target"] is not None:
            notes.append(f"budget for A: {pair['target']} x {pair['b_seconds']['median']:.3f} = "
                         f"{pair['target'] * pair['b_seconds']['median']:.3f} s")
    if pair["status"] == "A failed":
        notes.append("A exited != 0: its time says nothing, the target is not judged")
    if pair["failed_commands"]:
        notes.append(f"exit != 0: {', '.join(pair['failed_commands'])} (timed anyway)")
    if pair["name"] == "floor" and pair.get("a_seconds"):
        notes.append(f"floor = az version + one round trip = {pair['a_seconds']['median'] + latency_ms / 1000:.3f} s")
    return notes


def print_commands(commands: dict[str, Any]) -> None:
    """Per command: median time, time to the first request, requests, rounds, writes, exit codes."""
    print(f"\n{'command':<18}{'median s':>9}{'to 1st req':>11}{'requests':>9}{'rounds':>7}{'read rds':>9}"
          f"{'writes':>7}  exit")
    for key, c in commands.items():
        print(f"{key:<18}{c['seconds']['median']:>9.3f}{_fmt(c['to_first_request']):>11}{c['requests']:>9}"
              f"{c['rounds']:>7}{c['read_rounds']:>9}{c['writes']:>7}  {','.join(map(str, c['exit_codes']))}"
              + (f"  ({c['errors'][0][:60]})" if c["errors"] else ""))


def print_request_targets(targets: Sequence[dict[str, Any]], commands: dict[str, Any]) -> None:
    """Request-count targets: limits, whether they are met, and the requests of a run that breaks one."""
    print(f"\n{'request target':<48}status / met?")
    for t in targets:
        label = f"{t['command']}: " + ", ".join(f"{k}={v}" for k, v in t["limits"].items())
        detail = _verdict(t["met"]) if t["status"] == "measured" else t["status"]
        print(f"{label:<48}{detail}" + (f"  ({'; '.join(t['broken'])})" if t.get("broken") else ""))
        if t.get("broken"):
            print("\n".join(f"    round {line}" for line in commands[t["command"]]["last_run_requests"]))


def print_profile(prof: dict[str, Any]) -> None:
    """Import cost per stage and per whole process, and az's own --debug load table."""
    print("\nimport cost of the extension (fresh interpreter, after the baseline):")
    for s in prof["extension_stages"]:
        tops = ", ".join(f"{t['name']} {t['cumulative_ms']}" for t in s["top"][:3])
        print(f"  {s['total_ms']:>7.1f} ms  {s['stage']}  [{', '.join(s['pulls_in']) or 'nothing heavy'}]  {tops}")
    for key, p in prof["processes"].items():
        tops = ", ".join(f"{t['name']} {t['cumulative_ms']:.0f}" for t in p["top_level"][:5])
        print(f"  az {key}: {p['total_ms']:.0f} ms importing; largest: {tops}")
    for key, d in prof["debug"].items():
        print(f"\naz {' '.join(d['argv'])} --debug:")
        for line in d["lines"]:
            print(f"  {line}")


def print_verdicts(results: dict[str, Any]) -> None:
    """One line per target: met, not met, or not available."""
    print("\ntargets:")
    for p in results["pairs"]:
        if p["target"] is not None:
            state = p["status"].upper() if p["status"] != "measured" else _verdict(p["met"])
            print(f"  {state:<14} {p['name']}: A/B {_fmt(p.get('ratio'), '.2f')} <= {p['target']}")
    for t in results["request_targets"]:
        state = _verdict(t["met"]) if t["status"] == "measured" else t["status"].upper()
        print(f"  {state:<14} {t['command']}: {t['limits']}")


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
    print(f"\nresults: {write_results(results).relative_to(ROOT)} (and bench/results/latest.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
