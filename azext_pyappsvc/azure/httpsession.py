"""The keep-alive requests session every HTTP client here uses (ARM, Kudu, the site, the package index), and
header lookup in their answers."""
from __future__ import annotations

from typing import Any, Mapping, Optional

POOL_SIZE = 8                # connections kept per host: as many as calls run at once (arm.MAX_PARALLEL)


def new_session(retries: Any = 0) -> Any:
    """A requests.Session whose HTTPS adapter keeps POOL_SIZE connections per host and retries as told."""
    import requests
    from requests.adapters import HTTPAdapter
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=POOL_SIZE, max_retries=retries)
    session.mount("https://", adapter)
    return session


def header(headers: Mapping[str, str], name: str) -> Optional[str]:
    """A header's value, the name matched without regard to case."""
    wanted = name.lower()
    return next((str(value) for key, value in headers.items() if str(key).lower() == wanted), None)
