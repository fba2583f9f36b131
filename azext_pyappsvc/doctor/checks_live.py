"""Checks of the running site: network.https, probe.http, logs.errors."""
from __future__ import annotations

import dataclasses
import re

from .constants import (
    APPLICATION_ERROR_MARKER, DEFAULT_PAGE_FILE, DEFAULT_PAGE_MARKERS, DJANGO_PROXY_FIX, DJANGO_PROXY_SETTING,
    FLASK_PROXY_FIX, FLASK_PROXY_MARKER, SLOW_ANSWER_SECONDS, START_TIME_LIMIT_DEFAULT_SECONDS,
    START_TIME_LIMIT_SETTING,
)
from .derived import Derived
from .findings import Finding, Status, finding
from .frameworks import django_dirs, framework_of
from .gates import app_args, part_gate
from .logs import scan_log
from .snapshot import Probe, Snapshot

SETTINGS_MODULE = re.compile(r"DJANGO_SETTINGS_MODULE[\"']\s*,\s*[\"']([\w.]+)[\"']")
STOPPED_PAGE_MARKER = "This web app is stopped"
ABSOLUTE_URL_MARKERS = ("url_for(", "base_url", "is_secure", "url.scheme")


def check_network_https(snapshot: Snapshot, derived: Derived) -> Finding:
    """network.https: HTTPS only is on, and the app honours X-Forwarded-Proto behind the front end."""
    # pylint: disable=too-many-return-statements  # a ladder: one return per outcome
    offline = snapshot.local is not None and snapshot.site.skipped
    gate = None if offline else part_gate("network.https", snapshot.site, "the app")
    if gate:
        return gate
    if not offline and not snapshot.site.value.https_only:
        return finding("network.https", Status.WARN, "HTTPS only is off: the app also answers plain HTTP.",
                       f"Turn it on: az webapp update {app_args(snapshot)} --https-only true")
    if derived.not_python or not snapshot.tree.ok or not derived.facts.ok:
        return finding("network.https", Status.PASS, "HTTPS only is on.")
    found = _forwarded_proto_finding(derived)
    if offline:  # HTTPS ends at App Service's front end whatever httpsOnly says; only the code can be checked here
        return dataclasses.replace(found, summary=found.summary.replace("HTTPS only is on", "HTTPS ends at the front "
                                                                                            "end"))
    return found


def _forwarded_proto_finding(derived: Derived) -> Finding:
    """Whether the app's code trusts X-Forwarded-Proto from App Service's front end."""
    framework = framework_of(derived)
    if framework == "django":
        return _django_proxy_finding(derived)
    if framework == "flask":
        texts = [derived.facts.value.text(name) or "" for name in derived.facts.value.root_py_files]
        if any(FLASK_PROXY_MARKER in text for text in texts):
            return finding("network.https", Status.PASS, "HTTPS only is on, and the Flask app uses ProxyFix.")
        return finding("network.https", Status.WARN, "HTTPS only is on, but no root .py file uses ProxyFix: Flask's "
                       "request.is_secure and url_for(_external=True) see http.",
                       f"Trust X-Forwarded-Proto: {FLASK_PROXY_FIX}")
    if framework == "fastapi":
        return _uvicorn_proxy_finding(derived)
    return finding("network.https", Status.PASS, "HTTPS only is on.")


def _uvicorn_proxy_finding(derived: Derived) -> Finding:
    """uvicorn and gunicorn trust X-Forwarded-Proto only from --forwarded-allow-ips (default 127.0.0.1)."""
    command = derived.prediction.value.command if derived.prediction.ok else derived.app_command_line or ""
    if "--forwarded-allow-ips" in command or "FORWARDED_ALLOW_IPS" in derived.settings:
        return finding("network.https", Status.PASS, "HTTPS only is on, and the server trusts the front end's "
                       "X-Forwarded-Proto (--forwarded-allow-ips).")
    texts = [derived.facts.value.text(name) or "" for name in derived.facts.value.root_py_files]
    if not any(marker in text for text in texts for marker in ABSOLUTE_URL_MARKERS):
        return finding("network.https", Status.PASS, "HTTPS only is on; the FastAPI code builds no absolute URLs "
                       "(url_for, base_url), so the scheme it sees does not matter.")
    return finding("network.https", Status.WARN, "HTTPS only is on, but the server trusts X-Forwarded-Proto only "
                   "from 127.0.0.1 (no --forwarded-allow-ips): request.url_for() builds http:// links.",
                   "Add --forwarded-allow-ips='*' to the startup command (uvicorn or gunicorn), or set the app "
                   "setting FORWARDED_ALLOW_IPS=* (both read it).")


def django_settings_texts(derived: Derived) -> dict[str, str]:
    """The Django project's settings files: the module wsgi.py names, settings.py and a settings/ package."""
    prediction = derived.prediction.value if derived.prediction.ok else None
    package = prediction.module.split(".", 1)[0] if prediction and prediction.source == "django" and \
        prediction.module else next(iter(django_dirs(derived.facts.value)), None)
    if package is None:
        return {}
    wsgi = derived.read_texts([f"{package}/wsgi.py"]).get(f"{package}/wsgi.py") or ""
    named = SETTINGS_MODULE.search(wsgi)
    candidates = [f"{package}/settings.py"] + ([named.group(1).replace(".", "/") + ".py"] if named else [])
    # wsgi.py often picks the module by environment ('pkg.production' if 'WEBSITE_HOSTNAME' in os.environ else ...)
    candidates += [name.replace(".", "/") + ".py" for name in
                   re.findall(rf"[\"']({re.escape(package)}\.[\w.]+)[\"']", wsgi)]
    listing = derived.list_dirs([f"{package}/settings"]).get(f"{package}/settings") or []
    candidates += [f"{package}/settings/{e.name}" for e in listing if not e.is_dir and e.name.endswith(".py")]
    texts = derived.read_texts(list(dict.fromkeys(candidates)))
    return {path: text for path, text in texts.items() if text is not None}


def _django_proxy_finding(derived: Derived) -> Finding:
    texts = django_settings_texts(derived)
    if not texts:
        return finding("network.https", Status.PASS, "HTTPS only is on (Django settings not found, so "
                       f"{DJANGO_PROXY_SETTING} was not checked).")
    if any(DJANGO_PROXY_SETTING in text for text in texts.values()):
        return finding("network.https", Status.PASS, f"HTTPS only is on, and Django sets {DJANGO_PROXY_SETTING}.")
    return finding("network.https", Status.WARN, f"HTTPS only is on, but Django has no {DJANGO_PROXY_SETTING}: "
                   "request.is_secure() and build_absolute_uri() see http.",
                   f"Add to {next(iter(texts))}: {DJANGO_PROXY_FIX}")


def is_default_page(probe: Probe) -> bool:
    """True when the answer is App Service's built-in 'waiting for your content' page."""
    disposition = next((v for k, v in probe.headers.items() if k.lower() == "content-disposition"), "")
    return DEFAULT_PAGE_FILE in disposition or any(marker in probe.body for marker in DEFAULT_PAGE_MARKERS)


def check_probe_http(snapshot: Snapshot, _derived: Derived) -> Finding:
    """probe.http: the site's URL answers with the app, not the default page or an error page."""
    gate = part_gate("probe.http", snapshot.probe, "the site's answer")
    if gate:
        return gate
    probe = snapshot.probe.value
    if probe.timed_out:
        return finding("probe.http", Status.WARN, f"{probe.url} gave no answer within {probe.elapsed_seconds:.0f} s; "
                       "a cold start can take minutes.",
                       f"Wait and run doctor again (the platform waits up to {START_TIME_LIMIT_SETTING}, default "
                       f"{START_TIME_LIMIT_DEFAULT_SECONDS} s); if it keeps timing out, see logs.errors.")
    if probe.error or probe.status is None:
        return finding("probe.http", Status.ERROR, f"Could not reach {probe.url}: {probe.error or 'no answer'}")
    return _answer_finding(snapshot, probe)


def _answer_finding(snapshot: Snapshot, probe: Probe) -> Finding:
    status, took = probe.status, f"{probe.elapsed_seconds:.1f} s"
    if 200 <= status < 400 and is_default_page(probe):
        return finding("probe.http", Status.FAIL, "The site serves App Service's default page: your code was not "
                       "found or not detected.", "See startup.detection (and build.*): deploy to site/wwwroot and "
                       "make the app detectable, or set a startup command.")
    if 200 <= status < 400:
        slow = " (slow: a cold start?)" if probe.elapsed_seconds > SLOW_ANSWER_SECONDS else ""
        return finding("probe.http", Status.PASS, f"{probe.url} answered {status} in {took}{slow}.")
    if status == 403 and STOPPED_PAGE_MARKER in probe.body:
        return finding("probe.http", Status.FAIL, "The site answers 403 'This web app is stopped'.",
                       f"Start it: az webapp start {app_args(snapshot)}")
    if status >= 500:
        error_page = " (:( Application Error)" if APPLICATION_ERROR_MARKER in probe.body else ""
        return finding("probe.http", Status.FAIL, f"{probe.url} answered {status}{error_page}: the container did not "
                       "start or the app crashed.", "See logs.errors for the cause in the docker log.")
    if status in (401, 403):
        return finding("probe.http", Status.WARN, f"{probe.url} answered {status}: sign-in or access restrictions "
                       "block the probe, so the app's health is unknown.")
    return finding("probe.http", Status.WARN, f"{probe.url} answered {status}: the app runs but / is not served.",
                   "If / is meant to answer, check the app's routes.")


def _log_note(snapshot: Snapshot) -> str:
    """Which machine's logs were read, and which files' ends could not be reached (their lines are left out)."""
    origin = snapshot.docker_log_origin.value if snapshot.docker_log_origin.ok else None
    if origin is None:
        return ""
    where = f" of machine {origin.machine}" if origin.machine else ""
    unread = (f" The end of {', '.join(origin.unread_ends)} could not be read within the time and size bounds, so its "
              "lines were not scanned (older lines would show stale errors as current); read it in the portal or "
              "with az webapp log download.") if origin.unread_ends else ""
    return where + "." + unread


def check_logs_errors(snapshot: Snapshot, derived: Derived) -> Finding:
    """logs.errors: the latest docker logs (platform and app, merged) hold none of the known error lines."""
    gate = part_gate("logs.errors", snapshot.docker_log, "the docker log")
    if gate:
        return gate
    text, note = snapshot.docker_log.value, _log_note(snapshot)
    unread = bool(snapshot.docker_log_origin.ok and snapshot.docker_log_origin.value.unread_ends)
    if not text.strip():
        return finding("logs.errors", Status.WARN if unread else Status.PASS,
                       f"The latest docker log is empty{note or '.'}")
    matches = scan_log(text, derived.secrets)
    if not matches:
        return finding("logs.errors", Status.WARN if unread else Status.PASS,
                       f"No known error in the latest docker log{note or '.'}")
    first = matches[0]
    also = f" Also in the log: {', '.join(m.title for m in matches[1:])}." if len(matches) > 1 else ""
    return finding("logs.errors", first.status, first.cause + (f" Found in the docker log{note}" if note else ""),
                   f"{first.fix} Log: \"{first.line}\".{also}")
