"""Oryx's compressed build output, built from a folder (a {path: content} mapping) as Oryx's build writes it.

Oryx's BaseBashBuildScript.sh.tpl runs `tar -zcf output.tar.gz .` in the build output folder, so members are
named "./<path>", folders included. The bytes are deterministic (mtime 0) and built once per content.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import tarfile
from typing import Any

_BUILT: dict[str, bytes] = {}


def tar_gz(files: dict[str, Any], padding: int = 0) -> bytes:
    """The output.tar.gz of a folder; padding adds that many incompressible bytes (a large antenv, say)."""
    key = hashlib.sha256(json.dumps([files, padding], sort_keys=True).encode()).hexdigest()
    if key not in _BUILT:
        _BUILT[key] = _build(files, padding)
    return _BUILT[key]


def _build(files: dict[str, Any], padding: int) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as archive:
        contents = {path: (value if isinstance(value, bytes) else str(value).encode()) for path, value in files.items()}
        if padding:
            contents["antenv/lib/python3.12/site-packages/_padding.bin"] = random.Random(0).randbytes(padding)
        folders = sorted({"/".join(p.split("/")[:i]) for p in contents for i in range(1, p.count("/") + 1)})
        for folder in [".", *(f"./{name}" for name in folders)]:
            info = tarfile.TarInfo(folder)
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            archive.addfile(info)
        for path, data in contents.items():
            info = tarfile.TarInfo(f"./{path}")
            info.size, info.mode = len(data), 0o644
            archive.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), compresslevel=1, mtime=0)
