"""Keep app setting values out of what doctor says: mask them in any text quoted from outside."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Iterable

from .constants import MASK, MAX_NOT_SECRET_DIGITS, MIN_SECRET_LENGTH, NOT_SECRET_WORDS


def secret_values(settings: Mapping[str, str] | None) -> tuple[str, ...]:
    """The setting values to mask, longest first; booleans, short numbers and very short values are left."""
    values = set()
    for value in (settings or {}).values():
        text = str(value or "").strip()
        if len(text) < MIN_SECRET_LENGTH or text.lower() in NOT_SECRET_WORDS:
            continue
        if text.isdigit() and len(text) <= MAX_NOT_SECRET_DIGITS:
            continue
        values.add(text)
    return tuple(sorted(values, key=lambda v: (-len(v), v)))


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of a secret value with ***."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_data(data: Any, secrets: Iterable[str]) -> Any:
    """redact() applied to every string inside dicts, lists and tuples."""
    secrets = tuple(secrets)
    if isinstance(data, str):
        return redact(data, secrets)
    if isinstance(data, Mapping):
        return {key: redact_data(value, secrets) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [redact_data(item, secrets) for item in data]
    return data


def quote(text: str, secrets: Iterable[str], limit: int) -> str:
    """One line of outside text, secrets masked first, then trimmed to limit characters."""
    line = " ".join(redact(text, secrets).split())
    return line if len(line) <= limit else line[:limit - 3].rstrip() + "..."
