"""The compressed build output as a SourceTree: one streaming pass, bounded in bytes and time."""
from __future__ import annotations

import io
import random
import tarfile

import pytest

from azext_pyappsvc.source.archive import ArchiveError, ArchiveLimits, read_archive, zstd_supported


def tar_gz(files: dict[str, str | bytes], links: dict[str, str] = {}) -> bytes:
    """An archive as Oryx's `tar -zcf output.tar.gz .` writes it: members named ./<path>, folders first."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        folders = sorted({"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)})
        for folder in ["."] + [f"./{f}" for f in folders]:
            info = tarfile.TarInfo(folder)
            info.type = tarfile.DIRTYPE
            archive.addfile(info)
        for path, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(f"./{path}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for path, target in links.items():
            info = tarfile.TarInfo(f"./{path}")
            info.type, info.linkname = tarfile.SYMTYPE, target
            archive.addfile(info)
    return buffer.getvalue()


def test_lists_top_levels_and_keeps_small_files_near_the_root():
    data = tar_gz({"app.py": "from flask import Flask\n", "mysite/wsgi.py": "x", "antenv/lib/python3.12/site-packages/"
                   "flask/__init__.py": "big", "src/pkg/deep/file.py": "deep"}, links={"link.py": "app.py"})
    tree = read_archive(io.BytesIO(data), "output.tar.gz", "the compressed output")
    assert [e.name for e in tree.list_dirs([""])[""]] == ["antenv", "app.py", "mysite", "src"]
    assert tree.read_texts(["app.py", "mysite/wsgi.py"]) == {"app.py": "from flask import Flask\n",
                                                             "mysite/wsgi.py": "x"}
    assert [e.name for e in tree.list_dirs(["antenv/lib"])["antenv/lib"]] == ["python3.12"]
    assert tree.list_dirs(["src/pkg/deep"])["src/pkg/deep"] == []  # the third level shows, empty of what is below
    assert tree.read_texts(["link.py"])["link.py"] is None  # links are not extracted by untarWithGzip
    assert tree.members >= 5 and tree.read_bytes == len(data)


def test_byte_limit_stops_the_read():
    data = tar_gz({f"f{i}.bin": bytes(range(256)) * 400 for i in range(40)})
    with pytest.raises(ArchiveError, match="read limit"):
        read_archive(io.BytesIO(data), "output.tar.gz", "x", ArchiveLimits(max_bytes=len(data) // 4))


def test_time_limit_stops_the_read():
    ticks = iter(range(0, 10_000, 100))
    with pytest.raises(ArchiveError, match="longer than"):
        read_archive(io.BytesIO(tar_gz({"a.py": "x" * 100000})), "output.tar.gz", "x",
                     ArchiveLimits(max_seconds=50), clock=lambda: next(ticks))


def test_progress_is_reported_while_streaming():
    seen = []
    data = tar_gz({f"f{i}.bin": random.Random(i).randbytes(1024 * 1024) for i in range(9)})  # 9 MiB, incompressible
    read_archive(io.BytesIO(data), "output.tar.gz", "x", progress=seen.append)
    assert seen and seen == sorted(seen)


def test_not_an_archive():
    with pytest.raises(ArchiveError, match="not a readable"):
        read_archive(io.BytesIO(b"this is not gzip"), "output.tar.gz", "x")


@pytest.mark.skipif(zstd_supported(), reason="this Python reads zstd (3.14+)")
def test_zstd_without_compression_zstd_says_so():
    with pytest.raises(ArchiveError, match="no zstd support"):
        read_archive(io.BytesIO(b"\x28\xb5\x2f\xfd"), "output.tar.zst", "x")
