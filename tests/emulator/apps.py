"""Per-app hosts: Kudu (VFS, docker logs) and the site itself, each app on its own loopback address."""
from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING, Any, Optional

from urllib.parse import unquote

from . import dockerlogs, restarts
from .archives import tar_gz
from .arm import APP_SERVICE_AUDIENCE, read_token
from .httpserver import Request, Response, arm_error
from .state import SiteState

if TYPE_CHECKING:
    from . import Emulator

DEFAULT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Microsoft Azure App Service - Welcome</title></head>
<body><div id="upRunning"><h2>Your web app is running and waiting for your content</h2>
<img src="https://appservice.azureedge.net/images/app-service/v4/built-python.svg" alt="Python">
</div></body></html>"""
DEFAULT_PAGE_DEPLOYED = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Microsoft Azure App Service - Welcome</title></head>
<body><div id="upRunning"><h2>Hey, Python developers!</h2>
<p>Your app service is up and running. Time to take the next step and deploy your code.</p>
<p>You may need to configure your startup process.</p>
<img src="https://appservice.azureedge.net/images/app-service/v4/built-python.svg" alt="Python">
</div></body></html>"""
APPLICATION_ERROR = """<!DOCTYPE html><html><head><title>:( Application Error</title></head>
<body><h1>:( Application Error</h1><p>If you are the application administrator, you can access the
<a href="https://portal.azure.com">diagnostic resources</a>.</p></body></html>"""
LOG_MTIME = "2026-11-25T06:00:00.0000000+00:00"


def file_bytes(value: Any) -> bytes:
    """A wwwroot value as bytes: text, {"base64": ...} for binary files, or {"tarOf": {folder}} for an Oryx
    output.tar.gz built from that folder (tests/emulator/archives.py)."""
    if isinstance(value, dict) and "tarOf" in value:
        return tar_gz(value["tarOf"], int(value.get("padding", 0)))
    if isinstance(value, dict):
        return base64.b64decode(value["base64"])
    return str(value).encode("utf-8")


def expand_files(wwwroot: dict[str, Any]) -> dict[str, bytes]:
    """All files of a wwwroot scenario, with {"generate": N} entries expanded to N small files."""
    files: dict[str, bytes] = {}
    for path, value in wwwroot.items():
        if isinstance(value, dict) and "generate" in value:
            for i in range(int(value["generate"])):
                files[f"{path.rstrip('/')}/file{i:05d}.js"] = b"module.exports = 1;\n"
        else:
            files[path] = file_bytes(value)
    return files


def vfs_listing(site: SiteState, folder: str, kudu_base: str) -> Optional[list[dict[str, Any]]]:
    """Kudu's VFS listing of folder ("" = wwwroot), or None when missing."""
    files = expand_files(site.wwwroot)
    prefix = f"{folder.strip('/')}/" if folder.strip("/") else ""
    entries: dict[str, dict[str, Any]] = {}
    for path, data in files.items():
        if not path.startswith(prefix):
            continue
        rest = path[len(prefix):]
        name, _, deeper = rest.partition("/")
        is_dir = bool(deeper) or path.endswith("/")
        href = f"{kudu_base}/api/vfs/site/wwwroot/{prefix}{name}" + ("/" if is_dir else "")
        entries[name] = {"name": name, "size": 0 if is_dir else len(data), "mtime": LOG_MTIME, "crtime": LOG_MTIME,
                         "mime": "inode/directory" if is_dir else "application/octet-stream",
                         "href": href, "path": f"/home/site/wwwroot/{prefix}{name}"}
    if prefix and not entries:
        return None
    return [entries[name] for name in sorted(entries)]


class Apps:
    """Kudu and site routes; the host tells which app is meant."""

    def __init__(self, emulator: "Emulator") -> None:
        self.emu = emulator

    def _site_of(self, request: Request) -> Optional[SiteState]:
        return self.emu.site_by_host(request.host)

    def _kudu_guard(self, request: Request) -> tuple[Optional[SiteState], Optional[Response]]:
        claims = read_token(request)
        if claims is None:
            return None, Response(401, "Unauthorized: a bearer token is required.", {"WWW-Authenticate": "Bearer"})
        if claims.get("aud", "").rstrip("/") != APP_SERVICE_AUDIENCE:
            return None, Response(401, f"Unauthorized: wrong audience '{claims.get('aud')}'.")
        principal = next((p for p in self.emu.world.principals if p.app_id == claims.get("appid")), None)
        if principal is None or principal.role == "Reader":
            return None, Response(403, "Forbidden: the identity has no SCM access to this app.")
        return self._site_of(request), None

    def vfs(self, request: Request, match: Any) -> Response:
        """GET /api/vfs/site/wwwroot/<path>: a listing (trailing slash), the file's bytes, 307 to the slash form for
        a folder asked for without it, 404 when missing (KuduLite's VfsController)."""
        site, failure = self._kudu_guard(request)
        if failure:
            return failure
        base = f"https://{site.kudu_host}"
        if match["slash"] is None:  # /api/vfs/site/wwwroot itself: the folder without its slash
            return Response(307, b"", {"Location": f"{base}/api/vfs/site/wwwroot/"})
        path = match["path"]
        if path == "" or path.endswith("/"):
            listing = vfs_listing(site, path, base)
            return Response(200, listing) if listing is not None else Response(404, {"Message": f"'{path}' not found."})
        # KuduLite's VfsController answers a file GET with the whole file and ignores Range (reference section 4):
        # so does this, whatever Range the request carries (an output.tar.gz included).
        files = expand_files(site.wwwroot)
        data = files.get(path)
        if data is None and any(name.startswith(path + "/") for name in files):
            return Response(307, b"", {"Location": f"{base}/api/vfs/site/wwwroot/{path}/"})
        if data is None:
            return Response(404, {"Message": f"'/home/site/wwwroot/{path}' not found."})
        return Response(200, data, {"Content-Type": "application/octet-stream"})

    def docker_logs(self, request: Request, match: Any) -> Response:
        """GET /api/logs/docker: every current file, per machine and per source."""
        site, failure = self._kudu_guard(request)
        if failure:
            return failure
        restarts.advance(site)
        return Response(200, dockerlogs.listing(site))

    def log_file(self, request: Request, match: Any) -> Response:
        """GET /api/vfs/LogFiles/<name>: the whole file (KuduLite ignores Range), or its end (Windows Kudu)."""
        site, failure = self._kudu_guard(request)
        if failure:
            return failure
        restarts.advance(site)
        data = dockerlogs.file_text(site, unquote(match["name"]))
        if data is None:
            return Response(404, {"Message": "not found"})
        part = None if site.site.get("ignoreRange", True) else dockerlogs.ranged(data, request.headers.get("Range", ""))
        if part:
            return Response(206, part[0], {"Content-Type": "text/plain", "Content-Range": part[1]})
        return Response(200, data, {"Content-Type": "text/plain"})

    def startup_logs(self, request: Request, match: Any) -> Response:
        """GET /api/startuplogs?latest=true: the newest startup log, 404 where not rolled out."""
        site, failure = self._kudu_guard(request)
        if failure:
            return failure
        found = dockerlogs.startup_log(site)
        if found is None:
            return Response(404, {"Message": "Not found."})
        return Response(200, found[0], found[1])

    def site_root(self, request: Request, match: Any) -> Response:
        """The app's own answer, as its scenario says: app, default, deployed-default, error or slow."""
        site = self._site_of(request)
        if site:
            restarts.advance(site)
        behaviour = site.site if site else {"mode": "error"}
        answer = (behaviour.get("paths") or {}).get(request.path)  # e.g. a health check path that redirects
        if answer is not None:
            headers = {"Content-Type": "text/html", **({"Location": answer["location"]} if "location" in answer else {})}
            return Response(int(answer.get("status", 200)), answer.get("body", ""), headers)
        mode = behaviour.get("mode", "app")
        if mode == "restarting":  # the front end answers 503 while the new container starts
            return Response(503, APPLICATION_ERROR, {"Content-Type": "text/html"})
        if mode == "slow":
            time.sleep(float(behaviour.get("seconds", 30)))
            return Response(200, "<html><body>Hello, slow world</body></html>", {"Content-Type": "text/html"})
        if mode in ("default", "deployed-default"):
            page = DEFAULT_PAGE if mode == "default" else DEFAULT_PAGE_DEPLOYED
            return Response(200, page, {"Content-Type": "text/html",
                                        "Content-Disposition": "inline; filename=hostingstart.html"})
        if mode == "error":
            return Response(503, APPLICATION_ERROR, {"Content-Type": "text/html"})
        return Response(int(behaviour.get("status", 200)), behaviour.get("body", "<html><body>Hello from Python</body></html>"),
                        {"Content-Type": "text/html"})

    def register(self) -> None:
        """Add the routes to the switchboard."""
        route = self.emu.board.route
        route("kudu", "GET", r"/api/vfs/site/wwwroot(?:(?P<slash>/)(?P<path>.*))?", self.vfs)
        route("kudu", "GET", r"/api/startuplogs", self.startup_logs)
        route("kudu", "GET", r"/api/logs/docker", self.docker_logs)
        route("kudu", "GET", r"/api/vfs/LogFiles/(?P<name>[^/]+)", self.log_file)
        route("site", "GET", r"/.*", self.site_root)
        route("kudu", "GET", r"/api/troubleshoot/config", lambda r, m: arm_error(404, "NotFound", "Not rolled out."))
