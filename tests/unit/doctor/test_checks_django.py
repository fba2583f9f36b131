"""django.* and data.sqlite over literal Django and Flask trees, online (with an app) and offline."""
from __future__ import annotations

import pytest

from azext_pyappsvc.doctor.checks_django import (check_data_sqlite, check_django_allowed_hosts,
                                                 check_django_csrf_origins, check_django_static)
from azext_pyappsvc.doctor.derived import derive
from azext_pyappsvc.doctor.findings import Status
from tests.unit.doctor.test_checks import FLASK_APP, local_snap, snap

GOOD_SETTINGS = """import os
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
ALLOWED_HOSTS = [os.environ["WEBSITE_HOSTNAME"]] if "WEBSITE_HOSTNAME" in os.environ else []
CSRF_TRUSTED_ORIGINS = ["https://" + os.environ["WEBSITE_HOSTNAME"]] if "WEBSITE_HOSTNAME" in os.environ else []
INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware",
              "django.middleware.csrf.CsrfViewMiddleware"]
STATIC_ROOT = BASE_DIR / "staticfiles"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["DBNAME"]}}
"""
NAIVE_SETTINGS = """from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = False
ALLOWED_HOSTS = ["localhost"]
INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.csrf.CsrfViewMiddleware"]
STATIC_URL = "static/"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
"""


def django(settings: str, requirements: str = "Django==5.1.4\ngunicorn\n") -> dict:
    return {"manage.py": "import os\n", "mysite/__init__.py": "", "requirements.txt": requirements,
            "mysite/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
            "mysite/settings.py": settings}


def run(check, snapshot):
    return check(snapshot, derive(snapshot))


CHECKS = [check_django_allowed_hosts, check_django_csrf_origins, check_django_static, check_data_sqlite]


@pytest.mark.parametrize("check", CHECKS)
def test_a_production_ready_project_is_quiet_online_and_offline(check):
    assert run(check, snap(files=django(GOOD_SETTINGS))).status == Status.PASS
    assert run(check, local_snap(django(GOOD_SETTINGS))).status == Status.PASS


@pytest.mark.parametrize("check, status, fragment", [
    (check_django_allowed_hosts, Status.FAIL, "Invalid HTTP_HOST header: 'web.azurewebsites.net'"),
    (check_django_csrf_origins, Status.FAIL, "Origin checking failed - https://web.azurewebsites.net"),
    (check_django_static, Status.WARN, "STATIC_ROOT is not set"),
    (check_data_sqlite, Status.WARN, "database is locked"),
])
def test_a_naive_project_fires_each_check(check, status, fragment):
    found = run(check, snap(files=django(NAIVE_SETTINGS)))
    assert found.status == status and fragment in found.summary, found
    assert found.fix


def test_allowed_hosts_unset_and_the_app_host_named():
    unset = run(check_django_allowed_hosts, snap(files=django("DEBUG = True\n")))
    assert unset.status == Status.FAIL and "is not set" in unset.summary and "WEBSITE_HOSTNAME" in unset.fix
    named = django(NAIVE_SETTINGS.replace('["localhost"]', '["web.azurewebsites.net"]'))
    assert run(check_django_allowed_hosts, snap(files=named)).status == Status.PASS


def test_settings_picked_by_environment_in_wsgi_are_read():
    files = django("DEBUG = True\n")
    files["mysite/wsgi.py"] = ("import os\nsettings_module = 'mysite.production' if 'WEBSITE_HOSTNAME' in os.environ "
                               "else 'mysite.settings'\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', settings_module)\n")
    files["mysite/production.py"] = "ALLOWED_HOSTS = [os.environ['WEBSITE_HOSTNAME']]\n"
    assert run(check_django_allowed_hosts, snap(files=files)).status == Status.PASS


def test_csrf_is_quiet_on_django_3_and_with_the_proxy_header():
    assert run(check_django_csrf_origins, snap(files=django(NAIVE_SETTINGS, "Django==3.2.25\n"))).status == \
        Status.PASS
    proxied = NAIVE_SETTINGS + 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n'
    assert run(check_django_csrf_origins, snap(files=django(proxied))).status == Status.PASS


def test_static_disabled_collectstatic_and_no_whitenoise():
    found = run(check_django_static, snap(files=django(GOOD_SETTINGS), settings={"DISABLE_COLLECTSTATIC": "true"}))
    assert found.status == Status.WARN and "DISABLE_COLLECTSTATIC" in found.summary
    assert "az webapp config appsettings delete -g rg -n web --setting-names DISABLE_COLLECTSTATIC" in found.fix
    plain = GOOD_SETTINGS.replace('"whitenoise.middleware.WhiteNoiseMiddleware",', "")
    found = run(check_django_static, snap(files=django(plain)))
    assert found.status == Status.WARN and "WhiteNoise" in found.summary


def test_flask_sqlite_fires_and_other_apps_skip_the_django_checks():
    flask = {**FLASK_APP, "app.py": FLASK_APP["app.py"] + "app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///app.db'\n"}
    assert run(check_data_sqlite, snap(files=flask)).status == Status.WARN
    assert run(check_data_sqlite, snap()).status == Status.PASS
    assert run(check_django_static, snap()).status == Status.SKIP
