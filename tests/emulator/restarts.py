"""Restarts after a linuxFxVersion change: they take time, and a site can fail to start on the new version.

Only sites whose scenario `site` block has `restartSeconds` restart this way (the others keep answering at once).
The lines follow what App Service's docker logs show for a Python start: the platform's "Pulling image:
mcr.microsoft.com/appsvc/python:<version>_<build>", "Starting container for site", the container's banner
(A P P   S E R V I C E   O N   L I N U X / Documentation: http://aka.ms/webapp-linux / Python X.Y.Z), gunicorn's
start or the app's traceback, then "... initialized successfully and is ready to serve requests." or "... didn't
respond to HTTP pings on port: 8000, failing site start". The lines are appended to the site's dockerLog text,
which dockerlogs.py serves as the platform's and the container's files (<machine>_docker.log and
<machine>_default_docker.log), each dated by its last line. The image build tag and patch versions are invented.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Optional

from .state import SiteState

IMAGE_BUILD = "20261101.1.tuxprod"
PATCH = {"3.9": "3.9.21", "3.10": "3.10.16", "3.11": "3.11.11", "3.12": "3.12.8", "3.13": "3.13.1",
         "3.14": "3.14.0"}


def _stamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _minor(fx: str) -> Optional[str]:
    kind, _, version = fx.replace(":", "|").partition("|")
    return version if kind.upper() == "PYTHON" and version else None


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def begin(site: SiteState, new_fx: str, now: Optional[float] = None) -> None:
    """Start a restart on new_fx, if the site's scenario asks for timed restarts."""
    behaviour = site.site
    version = _minor(new_fx)
    if "restartSeconds" not in behaviour or version is None:
        return
    advance(site)
    now = time.time() if now is None else now
    seconds = float(behaviour["restartSeconds"])
    fails_from = behaviour.get("failsFrom")
    fails = bool(fails_from) and _key(version) >= _key(str(fails_from))
    if behaviour.get("mode", "app") not in ("restarting", "error"):
        behaviour.setdefault("healthyMode", behaviour.get("mode", "app"))
    container = f"{site.name}_1_e0a1b2c3"
    image = f"mcr.microsoft.com/appsvc/python:{version}_{IMAGE_BUILD}"
    platform = [f"INFO  - Pulling image: {image}", "INFO  - Pull Image successful, Time taken: 0 Seconds",
                "INFO  - Starting container for site",
                f"INFO  - docker run -d --expose=8000 --name {container} -e WEBSITE_SITE_NAME={site.name} "
                f"-e PORT=8000 {image}"]
    banner = ["A P P   S E R V I C E   O N   L I N U X", "Documentation: http://aka.ms/webapp-linux",
              f"Python {PATCH.get(version, version + '.0')}", "Note: Any data outside '/home' is not persisted"]
    app = list(behaviour.get("failureLines") or []) if fails else [
        "[1] [INFO] Starting gunicorn 23.0.0", "[1] [INFO] Listening at: http://0.0.0.0:8000 (1)"]
    end = [f"ERROR - Container {container} for site {site.name} has exited, failing site start",
           f"ERROR - Container {container} didn't respond to HTTP pings on port: 8000, failing site start. "
           "See container logs for debugging."] if fails else [
        f"INFO  - Container {container} for site {site.name} initialized successfully and is ready to serve "
        "requests."]
    pending = [(now, line) for line in platform] + [(now + seconds * 0.4, line) for line in banner] + \
        [(now + seconds * 0.5, line) for line in app] + [(now + seconds, line) for line in end]
    behaviour.update(mode="restarting", restart={"readyAt": now + seconds, "fails": fails, "pending": pending})


def advance(site: SiteState, now: Optional[float] = None) -> None:
    """Write the lines whose time has come; finish the restart when it is due."""
    restart = site.site.get("restart")
    if not restart:
        return
    now = time.time() if now is None else now
    due = [(moment, line) for moment, line in restart["pending"] if moment <= now]
    restart["pending"] = [(moment, line) for moment, line in restart["pending"] if moment > now]
    if due:
        text = "".join(f"{_stamp(moment)} {line}\n" for moment, line in due)
        site.docker_log = (site.docker_log or "") + text  # dockerlogs.py splits it by source, dates the files
    if now >= restart["readyAt"]:
        site.site["mode"] = "error" if restart["fails"] else site.site.get("healthyMode", "app")
        site.site.pop("restart", None)
