"""A package index stand-in with the JSON API's shapes (docs.pypi.org "JSON API"; pypi/warehouse
legacy/api/json.py), on its own loopback host.

- `GET /pypi/<name>/json`: `info` (the latest final release), `urls` (its files), `releases` (every version's
  files), `last_serial`, `vulnerabilities`; `GET /pypi/<name>/<version>/json`: that version's `info` and `urls`
  (no `releases`, as since warehouse#11775).
- A name that is not the project's own spelling is redirected (301) to it, as warehouse does; unknown names and
  versions answer 404 `{"message": "Not Found"}`.
- `/private/pypi/...` is a private feed: HTTP Basic credentials required (401 with WWW-Authenticate otherwise);
  it serves the public packages too (an upstream) and the ones marked private.
File digests, sizes and URLs are invented (derived from the file name).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .httpserver import Request, Response

if TYPE_CHECKING:
    from . import Emulator

DATA = Path(__file__).parent / "index" / "packages.json"
PRIVATE_PREFIX = "/private"


def canonical(name: str) -> str:
    """PEP 503 normalisation."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _file(filename: str, requires_python: Optional[str], upload_time: str, yanked: bool) -> dict[str, Any]:
    digest = hashlib.sha256(filename.encode()).hexdigest()
    wheel = filename.endswith(".whl")
    python_version = filename.split("-")[-3] if wheel else "source"
    return {"comment_text": "", "digests": {"blake2b_256": digest[:64], "md5": digest[:32], "sha256": digest},
            "downloads": -1, "filename": filename, "has_sig": False, "md5_digest": digest[:32],
            "packagetype": "bdist_wheel" if wheel else "sdist", "python_version": python_version,
            "requires_python": requires_python, "size": 1000 + len(filename) * 37,
            "upload_time": upload_time, "upload_time_iso_8601": upload_time + ".000000Z",
            "url": f"https://files.pythonhosted.org/packages/{digest[:2]}/{digest[2:4]}/{digest[4:]}/{filename}",
            "yanked": yanked, "yanked_reason": "Yanked in the emulator" if yanked else None}


class PackageIndex:
    """The index's routes, over the data in index/packages.json."""

    def __init__(self, emulator: "Emulator") -> None:
        self.emu = emulator
        self.data = json.loads(DATA.read_text(encoding="utf-8"))
        self.user, self.password = self.data["privateUser"], self.data["privatePassword"]
        self.omit_releases = False  # a feed that serves the JSON API without the deprecated `releases` key

    def _files(self, release: dict[str, Any]) -> list[dict[str, Any]]:
        return [_file(name, release.get("requires_python"), release["upload_time"], bool(release.get("yanked")))
                for name in release["files"]]

    def _info(self, project: dict[str, Any], version: str) -> dict[str, Any]:
        release = project["releases"][version]
        return {"name": project["name"], "version": version, "summary": project["summary"],
                "requires_python": release.get("requires_python"), "yanked": bool(release.get("yanked")),
                "yanked_reason": None, "requires_dist": None, "license": None, "classifiers": [],
                "package_url": f"https://pypi.org/project/{project['name']}/",
                "project_url": f"https://pypi.org/project/{project['name']}/",
                "release_url": f"https://pypi.org/project/{project['name']}/{version}/"}

    def _authorized(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        expected = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return header == f"Basic {expected}"

    def answer(self, request: Request, match: Any) -> Response:
        """GET [/private]/pypi/<name>[/<version>]/json."""
        private = bool(match["private"])
        if private and not self._authorized(request):
            return Response(401, {"message": "Unauthorized"}, {"WWW-Authenticate": 'Basic realm="feed"'})
        project = self.data["packages"].get(canonical(match["name"]))
        if project is None or (project.get("private") and not private):
            return Response(404, {"message": "Not Found"})
        if match["name"] != project["name"]:
            version_part = f"/{match['version']}" if match["version"] else ""
            location = f"{match['private'] or ''}/pypi/{project['name']}{version_part}/json"
            return Response(301, {"message": "Moved Permanently"}, {"Location": location})
        return self._document(project, match["version"])

    def _document(self, project: dict[str, Any], version: Optional[str]) -> Response:
        if version is not None and version not in project["releases"]:
            return Response(404, {"message": "Not Found"})
        latest = version or max(project["releases"], key=lambda v: tuple(int(p) for p in v.split(".")))
        document = {"info": self._info(project, latest), "last_serial": 26000000,
                    "urls": self._files(project["releases"][latest]), "vulnerabilities": []}
        if version is None and not self.omit_releases:
            document["releases"] = {v: self._files(r) for v, r in project["releases"].items()}
        return Response(200, document, {"X-PyPI-Last-Serial": "26000000", "Content-Type": "application/json"})

    def register(self) -> None:
        """Add the routes for the index host."""
        self.emu.board.route("index", "GET", r"(?P<private>/private)?/pypi/(?P<name>[^/]+)(?:/(?P<version>[^/]+))?/json",
                             self.answer)
