"""Azure Resource Graph: POST /providers/Microsoft.ResourceGraph/resources over the scenario's sites and a fleet.

Shapes follow the REST spec (azure-rest-api-specs, specification/resourcegraph, stable/2024-04-01) and Microsoft
Learn's "Guidance for throttled requests" and "Guidance for pagination".

What it understands - the queries pyappsvc sends, and no more (anything else: 400 InvalidQuery, saying so):
- tables `resources` (the sites and slots) and `resourcecontainers` (the readable subscriptions);
- `| where type in~ ('a', 'b')`, `| where type =~ 'a'`, `| where hash(tolower(id), N) == K` (the emulator's
  hash is crc32, not Kusto's xxhash64: partitions cover every row once, which is all a client may rely on);
- `| project` of columns and `name = tostring(path)` / `tobool(path)` / `path` over dotted paths (tostring of a
  missing value is "", as in Kusto); `| order by id asc`; `| take N` / `| limit N` (these cannot page: the answer
  is truncated, as ARG does).
What it does not: other operators, functions, joins, summarize, facets, resultFormat "table", $skip.
Behaviour:
- pages of at most $top (<= 1000) rows, ordered by id; $skipToken while more remain (unless the fleet is set to
  not page: then resultTruncated "true" and no token, as ARG answers when it cannot page);
- a quota per principal: `quota` queries per `window_seconds`, reported on every answer in
  x-ms-user-quota-remaining and x-ms-user-quota-resets-after (hh:mm:ss, rounded up); beyond it 429 RateLimiting
  without Retry-After;
- subscriptions the principal cannot read are left out silently; a request naming only unreadable ones, or an
  unreadable management group, answers 403 AccessDenied without naming the scope (as ARG's AccessDenied does;
  that a request with some readable subscriptions still answers 200 follows appservice-python.md §10; with
  forbid_partial, such a request answers 403 too, as AccessDenied reports in azure-sdk issues suggest can happen:
  nothing public settles which, so the client copes with both);
- a management group over group_subscription_limit subscriptions answers for the first ones with
  x-ms-tenant-subscription-limit-hit: true when allowPartialScopes is set, else 400 (the code is invented:
  nothing public gives it);
- subscriptions and managementGroups together, more than 1,000 subscriptions, or a malformed id: 400 BadRequest
  (codes invented where the spec does not give one).
"""
from __future__ import annotations

import base64
import json
import math
import re
import threading
import time
import zlib
from typing import TYPE_CHECKING, Any, Optional

from .fleet import FleetSpec, fleet_documents, scenario_documents
from .httpserver import Request, Response, arm_error
from .state import SUBSCRIPTION_ID

if TYPE_CHECKING:
    from . import Emulator

MAX_SUBSCRIPTIONS = 1000
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_WHERE_TYPES = re.compile(r"where type in~ \((?P<types>[^)]*)\)|where type =~ '(?P<one>[^']*)'")
_WHERE_HASH = re.compile(r"where hash\(tolower\(id\), (?P<n>\d+)\) == (?P<k>\d+)")
_TAKE = re.compile(r"(?:take|limit) (?P<n>\d+)")
_PROJECT_ITEM = re.compile(r"(?:(?P<alias>\w+) = )?(?:(?P<fn>tostring|tobool)\()?(?P<path>[\w.]+)\)?")


def _hms(seconds: float) -> str:
    whole = max(0, math.ceil(seconds))
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class Quota:
    """Queries per principal per window (Learn: about 15 per 5 s per user)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.windows: dict[str, tuple[float, int]] = {}   # principal -> (window start, queries used)

    def take(self, principal: str, spec: FleetSpec) -> tuple[bool, dict[str, str]]:
        """(allowed, headers) for one query."""
        with self.lock:
            now = time.monotonic()
            start, used = self.windows.get(principal, (now, 0))
            if now - start >= spec.window_seconds:
                start, used = now, 0
            forced = spec.throttle_next > 0
            if forced:
                spec.throttle_next -= 1
            allowed = used < spec.quota and not forced
            used += 1 if allowed else 0
            self.windows[principal] = (start, used)
            resets = spec.window_seconds - (now - start) if not forced else 1.0
            return allowed, {"x-ms-user-quota-remaining": str(max(0, spec.quota - used) if not forced else 0),
                             "x-ms-user-quota-resets-after": _hms(resets)}


def parse_query(text: str) -> dict[str, Any]:
    """The parts of a query the emulator understands; ValueError naming the first part it does not."""
    table, *stages = [part.strip() for part in text.split("|")]
    if table.lower() not in ("resources", "resourcecontainers"):
        raise ValueError(f"table '{table}'")
    parsed: dict[str, Any] = {"table": table.lower(), "types": None, "partition": None, "project": None,
                              "take": None}
    for stage in stages:
        stage = re.sub(r"\s+", " ", stage)
        types, hashed, take = _WHERE_TYPES.fullmatch(stage), _WHERE_HASH.fullmatch(stage), _TAKE.fullmatch(stage)
        if types:
            parsed["types"] = {t.strip().strip("'").lower() for t in (types["types"] or types["one"]).split(",")}
        elif hashed:
            parsed["partition"] = (int(hashed["k"]), int(hashed["n"]))
        elif take:
            parsed["take"] = int(take["n"])
        elif stage.startswith("project "):
            parsed["project"] = [_project_item(item.strip()) for item in stage[len("project "):].split(",")]
        elif stage != "order by id asc":
            raise ValueError(f"'| {stage[:80]}'")
    return parsed


def _project_item(item: str) -> tuple[str, Optional[str], list[str]]:
    match = _PROJECT_ITEM.fullmatch(item)
    if not match:
        raise ValueError(f"project item '{item[:80]}'")
    path = match["path"].split(".")
    return match["alias"] or path[-1], match["fn"], path


def _value(document: dict[str, Any], fn: Optional[str], path: list[str]) -> Any:
    value: Any = document
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if fn == "tostring":
        return "" if value is None else value if isinstance(value, str) else json.dumps(value)
    if fn == "tobool":
        return None if value is None else str(value).lower() == "true"
    return value


class ResourceGraph:
    """The ARG route; the fleet is set by tests (configure) and cleared by the emulator's reset."""

    def __init__(self, emulator: "Emulator") -> None:
        self.emu = emulator
        self.spec = FleetSpec()
        self.quota = Quota()
        self._fleet: list[tuple[int, dict[str, Any]]] = []   # (crc32 of the lower-case id, document), by id
        self._results: dict[str, list[dict[str, Any]]] = {}   # one per query and scope, for $skipToken pages
        self._encoded_rows: dict[tuple[str, str], str] = {}
        self.lock = threading.Lock()

    def configure(self, spec: Optional[FleetSpec] = None, **changes: Any) -> FleetSpec:
        """Serve this fleet from now on (generated once, sorted by id)."""
        spec = spec or FleetSpec(**changes)
        with self.lock:
            self.spec = spec
            docs = sorted(({**d, "_fleet": True} for d in fleet_documents(spec)), key=lambda d: d["id"].lower())
            self._encoded_rows.clear()
            self._fleet = [(zlib.crc32(d["id"].lower().encode()), d) for d in docs]
            self._results.clear()
            self.quota = Quota()
        return spec

    def reset(self) -> None:
        """No fleet, a fresh quota."""
        self.configure(FleetSpec())

    def fresh_quota(self) -> None:
        """Every principal's quota back to a full window (the bench: each run starts as a user's first)."""
        self.quota = Quota()

    # --- the route ---------------------------------------------------------------------------------------------
    def resources(self, request: Request, match: Any) -> Response:
        """POST /providers/Microsoft.ResourceGraph/resources."""
        from .arm import Arm
        principal, failure = Arm(self.emu)._principal(request, self.emu.arm_url)
        if failure:
            return failure
        if "api-version" not in request.query:
            return arm_error(400, "MissingApiVersionParameter", "The api-version query parameter is required.")
        allowed, headers = self.quota.take(principal.app_id, self.spec)
        if not allowed:
            return arm_error(429, "RateLimiting", "Too many Resource Graph queries: the user's quota for this "
                             "window is spent; wait until it resets.", headers)
        try:
            body = request.json() or {}
            answer, extra = self._answer(body)
        except ValueError as error:
            return arm_error(400, "InvalidQuery", f"The emulator does not understand {error}.", headers)
        except _Refused as refused:
            return Response(refused.status, {"error": {"code": refused.code, "message": str(refused),
                                                       "details": refused.details}}, headers)
        return Response(200, answer, {**headers, **extra, "Content-Type": "application/json; charset=utf-8"})

    def _answer(self, body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        options = body.get("options") or {}
        top = options.get("$top", 100)
        if not isinstance(top, int) or not 1 <= top <= 1000:
            raise _Refused(400, "BadRequest", "$top must be between 1 and 1000.")
        if str(options.get("resultFormat", "objectArray")) != "objectArray":
            raise ValueError("resultFormat 'table'")
        subscriptions, extra = self._scope(body, bool(options.get("allowPartialScopes")))
        query = parse_query(str(body.get("query") or ""))
        key = json.dumps([body.get("query"), sorted(subscriptions)])
        offset = self._offset(options.get("$skipToken"), key)
        rows = self._rows(key, query, subscriptions, offset > 0)
        pageable = self.spec.paging and query["take"] is None and any(c[0] == "id" for c in query["project"] or [])
        page = rows[offset:offset + top]
        token = None
        if pageable and offset + top < len(rows):
            token = base64.b64encode(json.dumps({"k": zlib.crc32(key.encode()), "o": offset + top}).encode()).decode()
        truncated = not pageable and len(rows) > top
        head = {"totalRecords": len(rows), "count": len(page), "resultTruncated": "true" if truncated else "false",
                "facets": []}
        if token:
            head["$skipToken"] = token
        data = ",".join(self._encoded(doc, query["project"]) for doc in page)
        return json.dumps(head)[:-1].encode() + b', "data": [' + data.encode() + b"]}", extra

    def _scope(self, body: dict[str, Any], partial: bool) -> tuple[list[str], dict[str, str]]:
        """The readable subscriptions a request covers, and extra headers."""
        subs, groups = body.get("subscriptions"), body.get("managementGroups")
        if subs and groups:
            raise _Refused(400, "BadRequest", "Give subscriptions or managementGroups, not both.")
        if groups:
            return self._group_scope([str(g) for g in groups], partial)
        named = [str(s).lower() for s in subs] if subs else [SUBSCRIPTION_ID, *self.spec.subscription_ids()]
        if len(named) > MAX_SUBSCRIPTIONS:
            raise _Refused(400, "BadRequest", f"At most {MAX_SUBSCRIPTIONS} subscriptions per query.")
        if any(not _GUID.fullmatch(s) for s in named):
            raise _Refused(400, "BadRequest", "A subscription id is malformed.")
        readable = [s for s in named if self.spec.readable(s)]
        if not readable or (self.spec.forbid_partial and len(readable) < len(named)):
            raise _denied()
        return readable, {}

    def _group_scope(self, groups: list[str], partial: bool) -> tuple[list[str], dict[str, str]]:
        known = {g.lower(): g for g in self.spec.management_groups}
        if any(g.lower() not in known or known[g.lower()] in self.spec.unreadable_groups for g in groups):
            raise _denied()
        indices = sorted({i for g in groups for i in self.spec.management_groups[known[g.lower()]]})
        from .fleet import fleet_subscription
        subs = [fleet_subscription(i) for i in indices]
        limit = self.spec.group_subscription_limit
        if limit is not None and len(subs) > limit:
            if not partial:
                raise _Refused(400, "ScopeTooLarge", "The management group holds more subscriptions than a query "
                               "may cover; set allowPartialScopes to get the first ones.")
            return [s for s in subs[:limit] if self.spec.readable(s)], {"x-ms-tenant-subscription-limit-hit": "true"}
        return [s for s in subs if self.spec.readable(s)], {}

    def _offset(self, token: Any, key: str) -> int:
        if not token:
            return 0
        try:
            decoded = json.loads(base64.b64decode(str(token)))
            if decoded["k"] != zlib.crc32(key.encode()):
                raise KeyError("k")
            return int(decoded["o"])
        except (ValueError, KeyError, TypeError):
            raise _Refused(400, "BadRequest", "The $skipToken does not belong to this query and scope.") from None

    def _rows(self, key: str, query: dict[str, Any], subscriptions: list[str],
              continued: bool) -> list[dict[str, Any]]:
        """The query's rows before paging, computed once per query and scope."""
        with self.lock:   # later pages read the rows the first page saw (a first page always reads afresh)
            cached = self._results.get(key) if continued else None
        if cached is not None:
            return cached
        wanted = set(subscriptions)
        if query["table"] == "resourcecontainers":
            docs = [{"id": f"/subscriptions/{s}", "subscriptionId": s, "name": f"Subscription {s[-4:]}",
                     "type": "microsoft.resources/subscriptions"} for s in sorted(wanted)]
        else:
            live = scenario_documents(self.emu.world.sites) if SUBSCRIPTION_ID in wanted else []
            fleet = [pair for pair in self._fleet if pair[1]["subscriptionId"] in wanted]
            pairs = sorted([(zlib.crc32(d["id"].lower().encode()), d) for d in live] + fleet,
                           key=lambda pair: pair[1]["id"].lower())
            docs = [d for crc, d in pairs if query["partition"] is None
                    or crc % query["partition"][1] == query["partition"][0]]
        types = query["types"]
        rows = [d for d in docs if types is None or d["type"] in types]
        rows = rows[:query["take"]] if query["take"] is not None else rows
        with self.lock:
            if len(self._results) > 256:
                self._results.clear()
            self._results[key] = rows
        return rows

    def _encoded(self, document: dict[str, Any], project: Optional[list[tuple[str, Optional[str], list[str]]]]) -> str:
        """A row as JSON text; a fleet document's rows are encoded once per projection (they do not change)."""
        key = (document["id"], repr(project)) if document.get("_fleet") else None
        if key is not None and key in self._encoded_rows:
            return self._encoded_rows[key]
        row = document if project is None else {alias: _value(document, fn, path) for alias, fn, path in project}
        text = json.dumps({k: v for k, v in row.items() if k != "_fleet"})
        if key is not None:
            self._encoded_rows[key] = text
        return text

    def register(self) -> None:
        """Add the route to the switchboard."""
        self.emu.board.route("arm", "POST", r"/providers/Microsoft\.ResourceGraph/resources", self.resources)


class _Refused(Exception):
    """An ARG error answer."""

    def __init__(self, status: int, code: str, message: str, details: Optional[list[dict[str, str]]] = None) -> None:
        super().__init__(message)
        self.status, self.code, self.details = status, code, details or []


def _denied() -> _Refused:
    return _Refused(403, "AccessDenied", "Access denied (emulator correlation id: none).",
                    [{"code": "AccessDenied", "message": "The caller may not read the resources of this scope."}])
