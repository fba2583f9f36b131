"""make bench-audit: what audit costs as fleets grow, against `az rest` doing one GET in the same run.

Fleets of 100, 1,000, 10,000 and 50,000 sites (slots on top) on the emulator's Resource Graph, with --latency-ms
(default 150) on every request. Each round runs a first audit (no fleet size remembered: the cache is removed),
a later audit (the size remembered from the run before) and `az rest`, alternately; the largest fleet gets fewer
rounds (--large-rounds). Each run starts with a fresh Resource Graph quota (15 queries per 5 s, as a user's first
run would), so the biggest fleet shows the real cost of the quota. Printed: the cost curve (requests, rounds,
seconds, peak memory of the az process, 429s) and the ratio to `az rest`; goals: 1,000 apps within 1.5 times
`az rest`, 10,000 within 3 times. Results in bench/results/audit-latest.json. Timing never fails a test.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional, Sequence

from bench.stats import median, ratio, request_rounds, summarize
from tests.harness import AZ, ROOT

SIZES = (100, 1000, 10000, 50000)
GOALS = {1000: 1.5, 10000: 3.0}
LARGE = 50000
RESULTS = ROOT / "bench" / "results" / "audit-latest.json"


# `python -m azure.cli ARGS`, as the az script runs it, reporting the process's own peak resident memory (VmHWM of
# /proc/self/status) at exit. ru_maxrss of a child is no use here: it counts the bench process's pages, which the
# child shares until it execs.
WRAPPER = """
import atexit, os, runpy, sys
def report():
    with open('/proc/self/status') as status:
        peak = next((line.split()[1] for line in status if line.startswith('VmHWM:')), '0')
    with open(os.environ['PYAPPSVC_BENCH_PEAK'], 'w') as out:
        out.write(peak)
atexit.register(report)
sys.argv = ['az', *sys.argv[1:]]
runpy.run_module('azure.cli', run_name='__main__', alter_sys=True)
"""


def timed_az(env: dict[str, str], argv: Sequence[str]) -> dict[str, Any]:
    """One az run: wall seconds, CPU seconds, exit code and peak resident memory of that process."""
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        run_env = {**env, "PYAPPSVC_BENCH_PEAK": str(peak_file), "AZ_INSTALLER": "PIP"}
        with open(Path(tmp) / "stderr", "w+b") as err:
            start = time.perf_counter()
            proc = subprocess.Popen([str(Path(AZ).parent / "python"), "-c", WRAPPER, *argv], env=run_env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
        code = os.waitstatus_to_exitcode(status)
        peak_kb = int(peak_file.read_text() or 0) if peak_file.exists() else 0
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "returncode": code,
            "peak_mb": peak_kb / 1024, "error": "" if code == 0 else stderr.strip().splitlines()[-1:]}


def measure(emulator: Any, env: dict[str, str], argv: Sequence[str]) -> dict[str, Any]:
    """A run and what the emulator saw of it: requests, rounds and 429s."""
    emulator.graph.fresh_quota()
    emulator.clear_requests()
    run = timed_az(env, argv)
    records = [r for r in emulator.requests("arm") if "oauth2" not in r["path"]]
    return {**run, "requests": len(records), "rounds": len(request_rounds(records)),
            "throttled": sum(1 for r in records if r["status"] == 429)}


def _stats(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return summarize([r[key] for r in runs])


def bench_size(emulator: Any, session: Any, size: int, rounds: int, rest_argv: Sequence[str]) -> dict[str, Any]:
    """Alternate a first audit (no fleet size remembered), a later one (the size remembered) and az rest."""
    emulator.graph.configure(apps=size)
    audit_argv = ("pyappsvc", "audit", "--include-slots", "-o", "json")
    counts = Path(session.config_dir, "cache", "pyappsvc", "graph.json")
    runs: dict[str, list[dict[str, Any]]] = {"cold": [], "warm": [], "rest": []}
    for number in range(rounds + 1):
        for key, argv in (("cold", audit_argv), ("warm", audit_argv), ("rest", rest_argv)):
            if key == "cold":
                counts.unlink(missing_ok=True)
            run = measure(emulator, session.env, argv)
            if number:
                runs[key].append(run)
    row: dict[str, Any] = {"apps": size, "goal": GOALS.get(size), "rest_seconds": _stats(runs["rest"], "seconds"),
                           "rest_peak_mb": round(max(r["peak_mb"] for r in runs["rest"]), 1)}
    for key in ("cold", "warm"):
        audit = runs[key]
        value = ratio(median([r["seconds"] for r in audit]), row["rest_seconds"]["median"])
        row[key] = {"seconds": _stats(audit, "seconds"), "ratio": None if value is None else round(value, 2),
                    "met": None if value is None or size not in GOALS else value <= GOALS[size],
                    "requests": max(r["requests"] for r in audit), "rounds": max(r["rounds"] for r in audit),
                    "throttled": max(r["throttled"] for r in audit),
                    "peak_mb": round(max(r["peak_mb"] for r in audit), 1),
                    "cpu_seconds": round(median([r["cpu_seconds"] for r in audit]), 3)}
    row["exit_codes"] = sorted({r["returncode"] for runs_ in runs.values() for r in runs_})
    row["errors"] = sorted({str(r["error"]) for runs_ in runs.values() for r in runs_ if r["error"]})
    return row


def print_curve(rows: list[dict[str, Any]], latency_ms: int) -> None:
    """The cost curve: per fleet size, a first run (size not known) and a later one (size remembered)."""
    print(f"\naudit cost curve ({latency_ms} ms per request; az rest = one GET in the same run)")
    print(f"{'apps':>7} {'run':<6}{'requests':>9}{'rounds':>7}{'429s':>6}{'audit s':>9}{'rest s':>8}{'ratio':>7}"
          f"{'goal':>7}{'cpu s':>7}{'peak MB':>9}{'rest MB':>9}  met?")
    for r in rows:
        goal = "-" if r["goal"] is None else f"<={r['goal']}"
        for key, label in (("cold", "first"), ("warm", "later")):
            c = r[key]
            met = {True: "MET", False: "NOT MET", None: "-"}[c["met"]]
            print(f"{r['apps']:>7,} {label:<6}{c['requests']:>9}{c['rounds']:>7}{c['throttled']:>6}"
                  f"{c['seconds']['median']:>9.3f}{r['rest_seconds']['median']:>8.3f}{c['ratio'] or 0:>7.2f}{goal:>7}"
                  f"{c['cpu_seconds']:>7.2f}{c['peak_mb']:>9.1f}{r['rest_peak_mb']:>9.1f}  {met}")
        if r["errors"]:
            print(f"{'':>8}exit codes {r['exit_codes']}: {r['errors'][0]}")


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    """--sizes, --rounds, --large-rounds, --latency-ms."""
    parser = argparse.ArgumentParser(prog="python -m bench.audit", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds per size, after one warm-up")
    parser.add_argument("--large-rounds", type=int, default=2, help=f"rounds for fleets of {LARGE:,} or more")
    parser.add_argument("--latency-ms", type=int, default=150)
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.large_rounds < 1 or any(s < 1 for s in args.sizes):
        parser.error("--rounds, --large-rounds and --sizes must be at least 1")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the curve; exit 0 whatever the goals say."""
    from bench.run import machine_info, start_bench
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pyappsvc-bench-audit-") as workdir:
        emulator, bench = start_bench(workdir, args.latency_ms)
        try:
            bench.fresh()
            site = (f"/subscriptions/{emulator.subscription_id}/resourceGroups/pyapps-rg/providers/Microsoft.Web/sites/"
                    "flask-312?api-version=2023-12-01")
            rest = ("rest", "--method", "get", "--url", site, "-o", "none")
            rows = []
            for size in args.sizes:
                print(f"measuring audit over {size:,} apps ...", file=sys.stderr, flush=True)
                rows.append(bench_size(emulator, bench.session, size,
                                       args.large_rounds if size >= LARGE else args.rounds, rest))
                emulator.set_latency(args.latency_ms)
        finally:
            emulator.stop()
    print_curve(rows, args.latency_ms)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} on {os.cpu_count()} CPUs: compare ratios, and runs from a quiet machine")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": machine_info(), "settings": vars(args), "sizes": rows}, indent=2) + "\n")
    print(f"\nresults: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
