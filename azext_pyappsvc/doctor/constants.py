"""The doctor's constants, in one place: setting names, file names, page markers, limits."""
from __future__ import annotations

from ..startup.detection import VENV_MARKER, VIRTUAL_ENV_NAME
from ..startup.servers import PLATFORM_PORT
from ..startup.command import MULTIWORKERS_SETTING, CUSTOM_THREAD_NUM_SETTING, CUSTOM_WORKER_NUM_SETTING

# App settings
SCM_BUILD_SETTING = "SCM_DO_BUILD_DURING_DEPLOYMENT"
RUN_FROM_PACKAGE_SETTING = "WEBSITE_RUN_FROM_PACKAGE"
WEBSITES_PORT_SETTING = "WEBSITES_PORT"
START_TIME_LIMIT_SETTING = "WEBSITES_CONTAINER_START_TIME_LIMIT"
START_TIME_LIMIT_DEFAULT_SECONDS = 230
START_TIME_LIMIT_MAX_SECONDS = 1800
TRUE_FALSE = frozenset({"true", "false"})
BOOLEAN_SETTINGS = {  # name -> accepted values (lower case); MULTIWORKERS is read by Go's ParseBool instead
    SCM_BUILD_SETTING: TRUE_FALSE | {"1", "0"},
    "DISABLE_COLLECTSTATIC": TRUE_FALSE,
    "WEBSITES_ENABLE_APP_SERVICE_STORAGE": TRUE_FALSE,
    "ENABLE_ORYX_BUILD": TRUE_FALSE,
}
GO_BOOLEAN_SETTINGS = (MULTIWORKERS_SETTING, "DISABLE_FASTAPI_DETECTION")  # Oryx's strconv.ParseBool (issue 11)
WHOLE_NUMBER_SETTINGS = (CUSTOM_WORKER_NUM_SETTING, CUSTOM_THREAD_NUM_SETTING, START_TIME_LIMIT_SETTING)
SCM_BUILD_ON = frozenset({"true", "1"})

# Files and folders
REQUIREMENTS_TXT = "requirements.txt"
PYPROJECT_TOML = "pyproject.toml"
SETUP_PY = "setup.py"
DEPENDENCY_FILES = (REQUIREMENTS_TXT, PYPROJECT_TOML, SETUP_PY)
ROOT_FILES_TO_READ = (REQUIREMENTS_TXT, PYPROJECT_TOML, SETUP_PY, "runtime.txt", ".python-version")
MAX_ROOT_PY_FILES = 30
MAX_LISTED_SUBDIRS = 60
BUILD_EVIDENCE = (VIRTUAL_ENV_NAME, "antenv.tar.gz", "antenv.zip", "output.tar.gz", "output.tar.zst",
                  "oryx-manifest.toml")
VENV_DIR_NAMES = frozenset({"venv", ".venv", "env", ".env", "virtualenv", ".virtualenv"})
VENV_DIR_MARKERS = frozenset({VENV_MARKER, "bin", "Scripts"})
PYVENV_CFG = VENV_MARKER
ANTENV = VIRTUAL_ENV_NAME

# Frameworks and the packages their startup needs
FRAMEWORK_NAMES = {"django": "Django", "flask": "Flask", "fastapi": "FastAPI"}
GUNICORN = "gunicorn"
UVICORN_WORKER_PACKAGE = "uvicorn-worker"
UVICORN_PACKAGE = "uvicorn"
DJANGO_PROXY_SETTING = "SECURE_PROXY_SSL_HEADER"
DJANGO_PROXY_FIX = 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")'
FLASK_PROXY_MARKER = "ProxyFix"
FLASK_PROXY_FIX = ("from werkzeug.middleware.proxy_fix import ProxyFix; "
                   "app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)")

# The site's answers
PORT = PLATFORM_PORT
DEFAULT_PAGE_MARKERS = ("Microsoft Azure App Service - Welcome", 'id="upRunning"', "waiting for your content",
                        "Hey, Python developers!")
DEFAULT_PAGE_FILE = "hostingstart.html"  # Content-Disposition: inline; filename=hostingstart.html
APPLICATION_ERROR_MARKER = ":( Application Error"
SLOW_ANSWER_SECONDS = 10.0

# Quoting outside text
MAX_QUOTE_CHARS = 200
MAX_COMMAND_CHARS = 100
MASK = "***"
MIN_SECRET_LENGTH = 4
NOT_SECRET_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null"})
MAX_NOT_SECRET_DIGITS = 5  # ports, worker counts and timeouts are numbers, not secrets

NOT_DJANGO = "Not a Django app."  # the django.* checks on other apps: left out of the report
