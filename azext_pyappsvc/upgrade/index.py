"""Which package index to ask, chosen as pip chooses it, and URLs with their credentials hidden (pure).

pip's order (pip's documentation, "Configuration"): the --index-url option, then the PIP_INDEX_URL environment
variable, then `index-url` in the configuration files ([install] over [global]; a later file over an earlier
one), else PyPI. pyappsvc asks the index's JSON API (`GET <base>/pypi/<name>/json`), so a pip "simple" URL is
turned into its JSON base only where the mapping is known: PyPI's own hosts. Other simple URLs are refused with
a next step: nothing public says where a private feed serves the JSON API, if it does.
"""
from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from ..errors import InvalidInput

PYPI_JSON_BASE = "https://pypi.org"
KNOWN_SIMPLE = {"pypi.org": "https://pypi.org", "test.pypi.org": "https://test.pypi.org",
                "pypi.python.org": "https://pypi.org"}
ENV_INDEX_URL = "PIP_INDEX_URL"
HIDDEN = "***"
USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/@\s]*)@")


@dataclass(frozen=True)
class IndexChoice:
    """The JSON API base to ask (without credentials), the credentials apart, and where the choice came from."""

    base: str
    origin: str
    username: Optional[str] = None
    password: Optional[str] = None

    @property
    def display(self) -> str:
        """The base as messages show it (credentials never part of it)."""
        return self.base


def redact(text: str) -> str:
    """text with the user-info part of every URL in it replaced by ***."""
    return USERINFO.sub(lambda m: f"{m['scheme']}{HIDDEN}@", text)


def index_from_config(texts: Sequence[str]) -> Optional[str]:
    """index-url from pip configuration files in load order: [install] wins over [global], later files win."""
    found: Optional[str] = None
    for text in texts:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(text)
        except configparser.Error:
            continue
        for section in ("global", "install"):
            if parser.has_option(section, "index-url"):
                found = parser.get(section, "index-url").strip() or found
    return found


def choose_index(option: Optional[str], environment: Mapping[str, str], config_texts: Sequence[str]) -> IndexChoice:
    """The index to ask: --index-url, PIP_INDEX_URL, pip.conf's index-url, else PyPI."""
    for value, origin in ((option, "--index-url"), (environment.get(ENV_INDEX_URL), ENV_INDEX_URL),
                          (index_from_config(config_texts), "pip configuration (index-url)")):
        if value and value.strip():
            return _parse(value.strip(), origin)
    return IndexChoice(PYPI_JSON_BASE, "PyPI (the default)")


def _parse(url: str, origin: str) -> IndexChoice:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput(f"The package index from {origin} is not an http(s) URL: {redact(url)}",
                           "Give the index's JSON API base, e.g. --index-url https://pypi.org")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    bare = urlunsplit(SplitResult(parts.scheme, host, parts.path.rstrip("/"), "", ""))
    if re.search(r"/simple$", parts.path.rstrip("/")):
        known = KNOWN_SIMPLE.get(parts.hostname.lower())
        if known is None:
            raise InvalidInput(
                f"The package index from {origin} ({redact(url)}) is a pip 'simple' index; pyappsvc reads the "
                "JSON API (GET <index>/pypi/<name>/json) and does not know where this feed serves it.",
                "Give the feed's JSON API base with --index-url (or PIP_INDEX_URL) if it has one, e.g. "
                "https://pypi.org for PyPI.")
        bare = known
    return IndexChoice(bare, origin, username, password)
