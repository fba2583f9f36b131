"""The JSON API's answers as releases, and whether pip would install one on the target."""
from azext_pyappsvc.upgrade.releases import (FITS, FROM_SOURCE, NO_FIT, DistFile, Release, judge_release,
                                              python_allowed, release_from_json, releases_from_json)

ML = "manylinux_2_17_x86_64.manylinux2014_x86_64"


def wheel(name, rp=None, yanked=False):
    return DistFile(name, "bdist_wheel", rp, yanked)


def sdist(name, rp=None):
    return DistFile(name, "sdist", rp)


def test_release_from_a_version_answer():
    doc = {"info": {"version": "3.0.3", "requires_python": ">=3.8"},
           "urls": [{"filename": "flask-3.0.3-py3-none-any.whl", "packagetype": "bdist_wheel",
                     "requires_python": ">=3.8", "yanked": False}]}
    assert release_from_json(doc) == Release("3.0.3", (wheel("flask-3.0.3-py3-none-any.whl", ">=3.8"),), ">=3.8")


def test_releases_of_a_project_answer_oldest_first_and_yanked_when_all_files_are():
    doc = {"releases": {"1.10": [{"filename": "a-1.10.tar.gz", "packagetype": "sdist", "yanked": True}],
                        "1.9": [{"filename": "a-1.9.tar.gz", "packagetype": "sdist"}], "junk!": [], "2.0": []}}
    releases = releases_from_json(doc)
    assert [r.version for r in releases] == ["1.9", "1.10", "2.0"]
    assert [r.yanked for r in releases] == [False, True, False]


def test_python_allowed():
    assert python_allowed(">=3.8", "3.13") and not python_allowed("<3.12,>=3.8", "3.12")
    assert not python_allowed("!=3.13.*,>=3.9", "3.13") and python_allowed(None, "3.13")
    assert python_allowed("not a specifier", "3.13")


def test_a_pure_wheel_fits_unless_requires_python_says_no():
    assert judge_release(Release("1", (wheel("a-1-py3-none-any.whl"),)), "3.13").status == FITS
    refused = judge_release(Release("1", (wheel("a-1-py3-none-any.whl", "<3.12"),), "<3.12"), "3.13")
    assert refused.status == NO_FIT and "requires Python <3.12" in refused.reason


def test_compiled_wheels_for_older_pythons_and_an_sdist_means_building_from_source():
    files = tuple(wheel(f"numpy-1.24.4-cp{v}-cp{v}-{ML}.whl", ">=3.8") for v in ("38", "311")) + (
        sdist("numpy-1.24.4.tar.gz", ">=3.8"),)
    fit = judge_release(Release("1.24.4", files, ">=3.8"), "3.13")
    assert fit.status == FROM_SOURCE and "cp38, cp311 only" in fit.reason and "numpy-1.24.4.tar.gz" in fit.reason


def test_compiled_wheels_without_an_sdist_do_not_install():
    fit = judge_release(Release("1.3.0", (wheel(f"geo-1.3.0-cp311-cp311-{ML}.whl"),)), "3.13")
    assert fit.status == NO_FIT and "none for cp313 manylinux x86_64 and no source distribution" in fit.reason


def test_an_sdist_only_release_of_pure_python_fits():
    assert judge_release(Release("0.1", (sdist("old-0.1.tar.gz"),)), "3.13").status == FITS


def test_a_release_without_files():
    assert judge_release(Release("0.1", ()), "3.13").status == NO_FIT
