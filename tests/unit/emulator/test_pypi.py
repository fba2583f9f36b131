"""The emulator's package index answers in the JSON API's shape (tests/emulator/pypi.py)."""
import base64
import re
from types import SimpleNamespace

from tests.emulator.httpserver import Request
from tests.emulator.pypi import PackageIndex

FILE_KEYS = {"filename", "packagetype", "python_version", "requires_python", "yanked", "yanked_reason", "digests",
             "size", "upload_time", "upload_time_iso_8601", "url", "md5_digest", "has_sig", "comment_text",
             "downloads"}


def ask(path, auth=None):
    index = PackageIndex(SimpleNamespace())
    match = re.fullmatch(r"(?P<private>/private)?/pypi/(?P<name>[^/]+)(?:/(?P<version>[^/]+))?/json", path)
    headers = {"Authorization": auth} if auth else {}
    return index, index.answer(Request("h", "GET", path, {}, headers, b""), match)


def test_project_and_version_documents():
    _, project = ask("/pypi/numpy/json")
    assert set(project.body) == {"info", "urls", "releases", "last_serial", "vulnerabilities"}
    assert project.body["info"]["version"] == "2.1.3" and set(project.body["releases"]) == {"1.24.4", "1.26.4", "2.1.3"}
    assert all(set(f) == FILE_KEYS for f in project.body["urls"])
    _, version = ask("/pypi/numpy/1.24.4/json")
    assert "releases" not in version.body and version.body["info"]["requires_python"] == ">=3.8"
    assert {f["packagetype"] for f in version.body["urls"]} == {"bdist_wheel", "sdist"}


def test_spelling_redirect_missing_and_private():
    assert ask("/pypi/flask/json")[1].headers["Location"] == "/pypi/Flask/json"
    assert ask("/pypi/Flask/9.9/json")[1].status == 404 and ask("/pypi/nope/json")[1].body == {"message": "Not Found"}
    assert ask("/pypi/contoso-geo/json")[1].status == 404  # private packages only on the feed
    assert ask("/private/pypi/contoso-geo/json")[1].status == 401
    token = base64.b64encode(b"feed-reader:planted-index-token-3a2b1c").decode()
    assert ask("/private/pypi/contoso-geo/json", f"Basic {token}")[1].status == 200
