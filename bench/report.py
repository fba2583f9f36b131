"""The benchmark's printed report: tables of pairs, commands, request targets, import cost and verdicts."""
from __future__ import annotations

from typing import Any, Optional, Sequence


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


def _side(keys: Sequence[str]) -> str:
    return " + ".join(f"`{key}`" for key in keys)


def print_markdown(results: dict[str, Any]) -> None:
    """The README's performance tables (pairs, then per command), from this run."""
    m = results["machine"]
    print(f"\nREADME tables (run {results['started_utc']}, {m['platform']}, {m['cpu_count']} CPUs, Python "
          f"{m['python']}, azure-cli {m['azure_cli']}, load {m['load_average'][0]:.1f} at the start, "
          f"{m.get('load_average_end', [0.0])[0]:.1f} at the end):\n")
    print("| A | B | A median | B median | A/B | target |\n| --- | --- | --- | --- | --- | --- |")
    for p in results["pairs"]:
        if not p["b"] or p["status"] != "measured":
            continue
        target = "-" if p["target"] is None else f"≤ {p['target']} {_verdict(p['met'])}"
        print(f"| {_side(p['a'])} | {_side(p['b'])} | {p['a_seconds']['median']:.3f} s | "
              f"{p['b_seconds']['median']:.3f} s | {_fmt(p['ratio'], '.2f')} | {target} |")
    print("\n| command | median | to 1st request | requests | rounds | read rounds | writes |\n"
          "| --- | --- | --- | --- | --- | --- | --- |")
    for key, c in results["commands"].items():
        print(f"| `{key}` | {c['seconds']['median']:.3f} s | {_fmt(c['to_first_request'])} s | {c['requests']} | "
              f"{c['rounds']} | {c['read_rounds']} | {c['writes']} |")
