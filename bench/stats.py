"""Pure helpers of the benchmark: statistics, request rounds, import-time and --debug parsing (unit-tested)."""
from __future__ import annotations

import statistics
from typing import Any, Optional, Sequence

from bench.pairs import RequestTarget

WRITE_METHODS = frozenset({"PATCH", "PUT"})
WARMUP = 1
NOTABLE = ("azure.mgmt", "azure.core", "msrest", "requests", "urllib3", "msal", "cryptography", "jmespath")
Record = dict[str, Any]


# --- pure helpers (tests/unit/bench/test_stats.py) ------------------------------------------------------------
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
