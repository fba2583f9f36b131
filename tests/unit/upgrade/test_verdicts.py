"""Verdicts per package, and the summary."""
from azext_pyappsvc.upgrade.releases import DistFile, Release
from azext_pyappsvc.upgrade.requirements import Requirement
from azext_pyappsvc.upgrade.verdicts import (Package, code_verdicts, judge_pinned, judge_unpinned, judge_url,
                                             merge_packages, need_reason, summarize)

ML = "manylinux_2_17_x86_64.manylinux2014_x86_64"


def compiled(version, tags, sdist=True):
    files = [DistFile(f"numpy-{version}-cp{t}-cp{t}-{ML}.whl", "bdist_wheel") for t in tags]
    return Release(version, tuple(files + ([DistFile(f"numpy-{version}.tar.gz", "sdist")] if sdist else [])))


def pure(name, version, rp=None, yanked=False):
    return Release(version, (DistFile(f"{name}-{version}-py3-none-any.whl", "bdist_wheel", rp, yanked),), rp)


NUMPY = [compiled("1.24.4", ["38", "311"]), compiled("1.26.4", ["39", "312"]), compiled("2.1.3", ["310", "313"]),
         Release("2.2.0rc1", compiled("2.2.0rc1", ["313"]).files)]
DJANGO = [pure("Django", "3.1.14", ">=3.6"), pure("Django", "3.2.25", ">=3.6"), pure("Django", "4.2.16", ">=3.8")]


def test_a_pin_that_fits_is_ok():
    verdict = judge_pinned(Package("numpy", "==2.1.3"), NUMPY[2], None, "3.13")
    assert (verdict.status, verdict.version) == ("ok", "2.1.3")


def test_a_pin_without_a_wheel_for_the_target_moves_to_the_first_release_that_has_one():
    verdict = judge_pinned(Package("numpy", "==1.24.4"), NUMPY[0], NUMPY, "3.13")
    assert (verdict.status, verdict.version) == ("upgrade", "2.1.3")
    assert verdict.to_dict()["verdict"] == "upgrade to 2.1.3"
    assert judge_pinned(Package("numpy", "==1.24.4"), NUMPY[0], NUMPY, "3.12").version == "1.26.4"


def test_a_pin_with_no_release_for_the_target_is_blocked_or_unknown_when_an_sdist_might_build():
    wheels_only = [compiled("1.0", ["311"], sdist=False)]
    assert judge_pinned(Package("geo", "==1.0"), wheels_only[0], wheels_only, "3.13").status == "blocked"
    with_sdist = [compiled("1.0", ["311"])]
    assert judge_pinned(Package("geo", "==1.0"), with_sdist[0], with_sdist, "3.13").status == "unknown"


def test_a_pin_missing_from_the_index_is_unknown():
    assert judge_pinned(Package("x", "==9"), None, None, "3.13").status == "unknown"


def test_a_known_distutils_import_moves_django_past_the_fix():
    assert "imports distutils" in need_reason("django", "3.2.25", "3.12")
    assert need_reason("django", "3.2.25", "3.11") is None and need_reason("django", "4.0", "3.13") is None
    verdict = judge_pinned(Package("django", "==3.1.14"), DJANGO[0], DJANGO, "3.13")
    assert (verdict.status, verdict.version) == ("upgrade", "4.2.16") and "PEP 632" in verdict.reason


def test_unpinned_takes_what_pip_would_pick_within_the_specifier():
    assert judge_unpinned(Package("numpy", ""), NUMPY, "3.13").version == "2.1.3"  # not the prerelease
    capped = judge_unpinned(Package("numpy", "<2"), NUMPY, "3.13")
    assert (capped.status, capped.version) == ("upgrade", "2.1.3")  # the cap must go: no 1.x has cp313 wheels
    assert judge_unpinned(Package("numpy", "<2", installed="1.24.4"), NUMPY, "3.12").reason.startswith(
        "pip would install 1.26.4 (installed: 1.24.4)")


def test_unpinned_skips_yanked_and_releases_requires_python_excludes():
    releases = [pure("a", "1.0"), pure("a", "2.0", "<3.13"), pure("a", "2.1", yanked=True)]
    verdict = judge_unpinned(Package("a", ""), releases, "3.13")
    assert (verdict.status, verdict.version) == ("ok", "1.0")


def test_unpinned_missing_and_direct_urls():
    assert judge_unpinned(Package("a", ""), None, "3.13").status == "unknown"
    assert judge_url(Package("a", url="https://x/a.whl")).status == "unknown"


def test_merge_joins_declarations_and_adds_installed_only_packages():
    merged = merge_packages([Requirement("flask", ">=3", "a:1"), Requirement("flask", "<4", "b:2")],
                            {"flask": "3.0.3", "werkzeug": "3.0.4"})
    assert merged == [Package("flask", ">=3,<4", "a:1, b:2", "3.0.3"),
                      Package("werkzeug", "", "antenv (installed)", "3.0.4")]


def test_code_verdicts_and_summary():
    code = code_verdicts({"app.py": {"os", "distutils"}, "x.py": {"cgi"}}, "3.12")
    assert [(c["file"], c["module"]) for c in code] == [("app.py", "distutils")]
    ok = judge_pinned(Package("numpy", "==2.1.3"), NUMPY[2], None, "3.13")
    up = judge_pinned(Package("numpy", "==1.24.4"), NUMPY[0], NUMPY, "3.13")
    assert summarize("3.13", [ok], []) == (True, "Ready for Python 3.13: 1 ok.")
    ready, line = summarize("3.13", [ok, up], code)
    assert not ready and line == ("Not ready for Python 3.13: 1 blocked (distutils in app.py), "
                                  "1 to upgrade (numpy -> 2.1.3), 1 ok.")
