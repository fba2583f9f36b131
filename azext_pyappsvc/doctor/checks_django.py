"""Checks of a Django project's settings as App Service serves it: django.*, and data.sqlite for any framework."""
from __future__ import annotations

import re

from .checks_compat import pinned_versions
from .constants import DJANGO_PROXY_SETTING, NOT_DJANGO, REQUIREMENTS_TXT
from .derived import Derived
from .facts import declared_packages
from .findings import Finding, Status, finding
from .frameworks import framework_of
from .gates import app_args, python_gate, tree_gate
from .checks_live import django_settings_texts
from .snapshot import Snapshot

HOST_SETTING = "WEBSITE_HOSTNAME"  # the platform sets it to <app>.azurewebsites.net (or the regional name)
FROM_ENVIRONMENT = ("environ", "getenv", "env(", "env.", "config(", HOST_SETTING)
ALLOWED_HOSTS_FIX = ('ALLOWED_HOSTS = [os.environ["WEBSITE_HOSTNAME"]] if "WEBSITE_HOSTNAME" in os.environ '
                     'else ["localhost", "127.0.0.1"]')
CSRF_FIX = ('CSRF_TRUSTED_ORIGINS = ["https://" + os.environ["WEBSITE_HOSTNAME"]] if "WEBSITE_HOSTNAME" in '
            "os.environ else []")
CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"
STATICFILES_APP = "django.contrib.staticfiles"
WHITENOISE = "whitenoise"
OTHER_DATABASES = ("postgresql", "postgres", "mysql", "mssql", "oracle", "DATABASE_URL", "dj_database_url",
                   "cosmos", "mongodb")
SQLITE_MARKERS = ("django.db.backends.sqlite3", "sqlite:///", "sqlite3.connect(")


def _settings_gate(check_id: str, snapshot: Snapshot, derived: Derived) -> tuple[Finding | None, dict[str, str]]:
    """A gate, else the Django settings texts (a skip when the app is not Django or its settings are not found)."""
    gate = python_gate(check_id, derived) or tree_gate(check_id, snapshot, derived)
    if gate:
        return gate, {}
    if framework_of(derived) != "django":
        return finding(check_id, Status.SKIP, NOT_DJANGO), {}
    texts = django_settings_texts(derived)
    if not texts:
        return finding(check_id, Status.SKIP, "Django settings were not found (no <project>/settings.py)."), {}
    return None, texts


def _assignments(texts: dict[str, str], name: str) -> list[str]:
    """The lines that set or extend a setting, in every settings file."""
    pattern = re.compile(rf"^\s*{name}\s*(?:\+?=|\.append\(|\.extend\()(.*)$", re.MULTILINE)
    return [match.group(1) for text in texts.values() for match in pattern.finditer(text)]


def _host(snapshot: Snapshot) -> str | None:
    return snapshot.site.value.default_host_name if snapshot.site.ok else None


def _covers(lines: list[str], host: str | None) -> bool:
    """True when the assignments read the environment, allow any host, or name the app's (or any azure) host."""
    joined = " ".join(lines)
    return any(marker in joined for marker in (*FROM_ENVIRONMENT, "'*'", '"*"', ".azurewebsites.net")) or bool(
        host and host in joined)


def check_django_allowed_hosts(snapshot: Snapshot, derived: Derived) -> Finding:
    """django.allowed-hosts: ALLOWED_HOSTS lets the app's own host name in (else DisallowedHost, 400)."""
    gate, texts = _settings_gate("django.allowed-hosts", snapshot, derived)
    if gate:
        return gate
    lines, host = _assignments(texts, "ALLOWED_HOSTS"), _host(snapshot)
    if _covers(lines, host):
        return finding("django.allowed-hosts", Status.PASS, "ALLOWED_HOSTS takes the app's host name (from the "
                       f"environment, a wildcard or the name itself); platform pings from 169.254.* are harmless.")
    named = host or "<app>.azurewebsites.net"
    what = "is not set (Django then allows only localhost)" if not lines else f"does not include {named}"
    return finding("django.allowed-hosts", Status.FAIL, f"ALLOWED_HOSTS {what}: every request fails with "
                   f"\"DisallowedHost: Invalid HTTP_HOST header: '{named}'\" (400).",
                   f"In {next(iter(texts))}: {ALLOWED_HOSTS_FIX} (App Service sets {HOST_SETTING}).")


def _django_major(derived: Derived) -> int | None:
    text = derived.facts.value.text(REQUIREMENTS_TXT) if derived.facts.ok else None
    version = pinned_versions(text).get("django")
    return version[0] if version else None


def check_django_csrf_origins(snapshot: Snapshot, derived: Derived) -> Finding:
    """django.csrf-origins: Django 4+ trusts the https origin of the app's forms (else 403 Origin checking failed)."""
    gate, texts = _settings_gate("django.csrf-origins", snapshot, derived)
    if gate:
        return gate
    joined = "\n".join(texts.values())
    major = _django_major(derived)
    if major is not None and major < 4:
        return finding("django.csrf-origins", Status.PASS, f"Django {major} does not check the Origin header "
                       "against CSRF_TRUSTED_ORIGINS (Django 4.0 and later do).")
    if CSRF_MIDDLEWARE not in joined:
        return finding("django.csrf-origins", Status.PASS, "CsrfViewMiddleware is not in MIDDLEWARE: no Origin check.")
    if DJANGO_PROXY_SETTING in joined:
        return finding("django.csrf-origins", Status.PASS, f"{DJANGO_PROXY_SETTING} is set, so the https origin "
                       "of the app's own pages matches the request.")
    if _covers(_assignments(texts, "CSRF_TRUSTED_ORIGINS"), _host(snapshot)):
        return finding("django.csrf-origins", Status.PASS, "CSRF_TRUSTED_ORIGINS takes the app's https origin.")
    named = _host(snapshot) or "<app>.azurewebsites.net"
    return finding("django.csrf-origins", Status.FAIL, f"Django 4+ behind App Service's HTTPS front end, without "
                   f"CSRF_TRUSTED_ORIGINS or {DJANGO_PROXY_SETTING}: form posts fail with 403 \"Origin checking "
                   f"failed - https://{named} does not match any trusted origins.\"",
                   f"In {next(iter(texts))}: {CSRF_FIX}")


def check_django_static(snapshot: Snapshot, derived: Derived) -> Finding:
    """django.static: static files are collected (STATIC_ROOT, collectstatic on) and served (WhiteNoise)."""
    gate, texts = _settings_gate("django.static", snapshot, derived)
    if gate:
        return gate
    joined = "\n".join(texts.values())
    if STATICFILES_APP not in joined:
        return finding("django.static", Status.PASS, f"{STATICFILES_APP} is not installed: no static files to serve.")
    problems, fixes = [], []
    if derived.settings.get("DISABLE_COLLECTSTATIC", "").strip().lower() == "true":
        problems.append("DISABLE_COLLECTSTATIC is true, so the build does not collect them")
        fixes.append(f"az webapp config appsettings delete {app_args(snapshot)} --setting-names DISABLE_COLLECTSTATIC")
    if not _assignments(texts, "STATIC_ROOT"):
        problems.append("STATIC_ROOT is not set, so collectstatic (run by the Oryx build) has nowhere to put them")
        fixes.append('STATIC_ROOT = BASE_DIR / "staticfiles"')
    if WHITENOISE not in joined.lower() and WHITENOISE not in declared_packages(derived.facts.value):
        problems.append("no WhiteNoise (or other static server) is configured, and gunicorn serves no files")
        fixes.append('pip install whitenoise; add "whitenoise.middleware.WhiteNoiseMiddleware" right after '
                     "SecurityMiddleware in MIDDLEWARE, and whitenoise to requirements.txt")
    if not problems:
        return finding("django.static", Status.PASS, "Static files are collected to STATIC_ROOT and served by "
                       "WhiteNoise.")
    return finding("django.static", Status.WARN, f"/static/... will answer 404: {'; '.join(problems)}.",
                   " ".join(f"{i}. {fix}." for i, fix in enumerate(fixes, 1)))


def check_data_sqlite(snapshot: Snapshot, derived: Derived) -> Finding:
    """data.sqlite: no SQLite database in the app's folder, which is /home, an SMB share ('database is locked')."""
    gate = python_gate("data.sqlite", derived) or tree_gate("data.sqlite", snapshot, derived)
    if gate:
        return gate
    facts = derived.facts.value
    texts = {name: facts.text(name) or "" for name in facts.root_py_files}
    if framework_of(derived) == "django":
        texts.update(django_settings_texts(derived))
    found = next((path for path, text in texts.items() if any(m in text for m in SQLITE_MARKERS)), None)
    if found is None:
        return finding("data.sqlite", Status.PASS, "No SQLite database in the app's code.")
    joined = "\n".join(texts.values())
    if any(other in joined for other in OTHER_DATABASES):
        return finding("data.sqlite", Status.PASS, f"{found} uses SQLite, but another database is configured too "
                       "(taken to be the one App Service uses).")
    return finding("data.sqlite", Status.WARN, f"{found} keeps a SQLite database in the app's folder, on /home (an "
                   "SMB share): concurrent writes fail with 'database is locked', and each deployment can replace it.",
                   "Use a server database (Azure Database for PostgreSQL, with DATABASE_URL in an app setting); for "
                   "a read-mostly cache, put the file under /tmp (local, lost on restart).")
