"""runtime.removed-modules over literal trees: imports of removed modules, and pins known to need them."""
from __future__ import annotations

import pytest

from azext_pyappsvc.doctor.checks_compat import check_runtime_removed_modules, imported_removed, removed_by
from azext_pyappsvc.doctor.derived import derive
from azext_pyappsvc.doctor.findings import Status
from tests.unit.doctor.test_checks import FLASK_APP, site, snap

DJANGO = {"manage.py": "import os\n", "mysite/wsgi.py": "application = None\n", "mysite/settings.py": "DEBUG = False\n"}


def run(snapshot):
    return check_runtime_removed_modules(snapshot, derive(snapshot))


def on(version, files, override=None):
    return run(snap(files=files, app=site(fx=f"PYTHON|{version}"), fx=f"PYTHON|{version}", override=override))


def test_the_table_grows_with_the_version():
    assert "distutils" not in removed_by((3, 11)) and removed_by((3, 12))["distutils"] == (3, 12)
    assert "cgi" not in removed_by((3, 12)) and removed_by((3, 13))["lib2to3"] == (3, 13)
    assert imported_removed("import os, imp\nfrom distutils.version import LooseVersion\n",
                            removed_by((3, 12))) == ["distutils", "imp"]


def test_an_app_importing_cgi_fails_on_313_and_passes_on_312():
    files = {**FLASK_APP, "app.py": FLASK_APP["app.py"] + "import cgi\n"}
    found = on("3.13", files)
    assert found.status == Status.FAIL and "app.py imports cgi" in found.summary and "3.13" in found.summary
    assert on("3.12", files).status == Status.PASS


def test_a_module_in_a_subfolder_is_found():
    files = {**DJANGO, "requirements.txt": "django==4.2.11\n",
             "mysite/version.py": "from distutils.version import LooseVersion\n"}
    found = on("3.12", files)
    assert found.status == Status.FAIL and "mysite/version.py imports distutils" in found.summary
    assert "packaging" in found.fix


@pytest.mark.parametrize("pin, status", [("Django==3.1.14", Status.FAIL), ("django==3.2.25", Status.PASS),
                                         ("Django>=3.0", Status.PASS)])
def test_a_django_pin_older_than_32_fails_on_312(pin, status):
    found = on("3.12", {**DJANGO, "requirements.txt": f"{pin}\ngunicorn\n"})
    assert found.status == status, found
    if status == Status.FAIL:
        assert "django==3.1.14" in found.summary and "django/django#14240" in found.summary


def test_the_pin_is_fine_on_311_and_an_override_is_taken():
    files = {**DJANGO, "requirements.txt": "Django==3.1.14\n"}
    assert on("3.11", files).status == Status.PASS
    assert on("3.11", files, override="3.12").status == Status.FAIL
