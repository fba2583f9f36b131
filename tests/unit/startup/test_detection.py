"""Predicting what App Service runs, by Oryx's rules, over literal trees."""

from __future__ import annotations

import pytest

from azext_pyappsvc.startup.detection import (
    StartupPrediction, find_asgi_app, is_fastapi_source, parse_python_version, predict_startup,
)
from azext_pyappsvc.startup.command import StartupFileInfo
from azext_pyappsvc.source.tree import MemoryTree

FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n"
FASTAPI_APP = "from fastapi import FastAPI\napp = FastAPI()\n"
ORYX_ARGS = "--timeout 600 --access-logfile '-' --error-logfile '-' -c /opt/startup/gunicorn.conf.py"
ON_PATH = 'PATH="$PATH:/home/site/wwwroot" '  # ExtendPathForCommand: custom commands run with wwwroot on PATH


def predict(files, command="", version="3.12", settings=None, dirs=()):
    return predict_startup(MemoryTree(files, dirs), command, version, settings or {})


def joined(prediction: StartupPrediction) -> str:
    return "\n".join(prediction.reasons)


class CountingTree(MemoryTree):
    """A MemoryTree that records each batch it is asked for."""

    def __init__(self, files, dirs=()):
        super().__init__(files, dirs)
        self.batches = []

    def list_dirs(self, paths):
        self.batches.append(("list", list(paths)))
        return super().list_dirs(paths)

    def read_texts(self, paths, limit=65536):
        self.batches.append(("read", list(paths)))
        return super().read_texts(paths, limit)


# --- custom command ---------------------------------------------------------------------------

def test_custom_shell_script_runs_whole():
    result = predict({"startup.sh": "#!/bin/sh\ngunicorn app:app\n", "app.py": FLASK_APP}, "startup.sh")
    assert (result.source, result.module, result.command) == ("custom", None, ON_PATH + "startup.sh")
    assert result.startup_file == StartupFileInfo("startup.sh", True, "#!/bin/sh", 0)
    assert "runs whole" in joined(result)


def test_custom_text_file_runs_only_its_first_line():
    result = predict({"startup.txt": "gunicorn --bind=0.0.0.0 app:app\npip install x\n\necho done\n"}, "startup.txt")
    assert result.command == ON_PATH + "gunicorn --bind=0.0.0.0 app:app"
    assert result.startup_file == StartupFileInfo("startup.txt", True, "gunicorn --bind=0.0.0.0 app:app", 2)
    assert "only its first line runs; 2 later" in joined(result)


def test_custom_missing_file_fails_with_not_found():
    result = predict({"app.py": FLASK_APP}, "startup.txt")
    assert result.command == ON_PATH + "startup.txt" and result.startup_file == StartupFileInfo("startup.txt", False, None, 0)
    assert "startup.txt: not found" in joined(result)


def test_custom_single_word_that_is_not_a_file_runs_as_a_command():
    result = predict({}, "gunicorn")
    assert result.startup_file is None and "runs as a command" in joined(result)


def test_custom_file_given_by_absolute_wwwroot_path():
    result = predict({"scripts/start.sh": "#!/bin/sh\n"}, "/home/site/wwwroot/scripts/start.sh")
    assert result.startup_file.exists and result.command == ON_PATH + "/home/site/wwwroot/scripts/start.sh"


def test_custom_multi_word_command_runs_as_given_and_skips_detection():
    result = predict({"mysite/wsgi.py": ""}, "  gunicorn --bind=0.0.0.0 app:app ")
    assert (result.source, result.command, result.app_command_line) == (
        "custom", ON_PATH + "gunicorn --bind=0.0.0.0 app:app", "gunicorn --bind=0.0.0.0 app:app")
    assert "skipped" in joined(result) and "docs" in joined(result)


def test_custom_file_with_unknown_tree_says_it_could_not_be_checked():
    result = predict_startup(None, "startup.txt", "3.12")
    assert result.source == "custom" and result.startup_file is None
    assert "could not be checked" in joined(result)


def test_custom_first_line_empty_runs_auto_detection():
    # issue 11 point 3: -userStartupCommand '' is no command to Oryx, so detection runs (was: "nothing starts")
    result = predict({"startup.txt": "\ngunicorn app:app\n", "app.py": FLASK_APP}, "startup.txt")
    assert (result.source, result.module) == ("flask", "app:app") and result.failure is None


# --- Django -----------------------------------------------------------------------------------

def test_django_first_folder_with_wsgi_py():
    result = predict({"manage.py": "", "mysite/wsgi.py": "", "mysite/settings.py": "", "app.py": FLASK_APP})
    assert (result.source, result.module) == ("django", "mysite.wsgi")
    assert result.command == f'GUNICORN_CMD_ARGS="{ORYX_ARGS} --chdir=/home/site/wwwroot" gunicorn mysite.wsgi'


def test_django_byte_wise_order_puts_uppercase_first():
    result = predict({"mysite/wsgi.py": "", "Zeta/wsgi.py": "", "alpha/wsgi.py": ""})
    assert result.module == "Zeta.wsgi"
    assert "Also found in alpha, mysite" in joined(result)


def test_django_skips_antenv_only():
    assert predict({"antenv/wsgi.py": "", "mysite/wsgi.py": ""}).module == "mysite.wsgi"
    assert predict({"Antenv/wsgi.py": "", "mysite/wsgi.py": ""}).module == "Antenv.wsgi"


def test_django_hidden_venv_with_wsgi_py_is_not_skipped():
    result = predict({".venv/wsgi.py": "", "mysite/wsgi.py": ""})
    assert result.module == ".venv.wsgi"
    assert "not a valid Python package name" in joined(result)


def test_root_wsgi_py_is_flask_not_django():
    result = predict({"wsgi.py": "application = None\n"})
    assert (result.source, result.module) == ("flask", "wsgi:app")


def test_a_file_named_like_a_folder_is_ignored():
    result = predict({"mysite": "not a folder", "other/wsgi.py": ""})
    assert result.module == "other.wsgi"


def test_a_folder_named_wsgi_py_does_not_count():
    assert predict({"mysite/wsgi.py/x": ""}).source == "default"


def test_django_lists_subfolders_in_one_batch_and_reads_nothing():
    tree = CountingTree({"mysite/wsgi.py": "", "a/x.py": "", "node_modules/left-pad/index.js": "", "antenv/x": ""})
    assert predict_startup(tree, "", "3.12").module == "mysite.wsgi"
    assert tree.batches == [("list", [""]), ("list", ["a", "mysite", "node_modules"])]


def test_django_too_deep_is_explained_with_a_command():
    result = predict({"src/mysite/wsgi.py": "", "src/manage.py": ""})
    assert result.source == "default"
    assert "src/mysite/wsgi.py is two levels deep; only immediate subfolders are searched" in joined(result)
    assert "gunicorn --bind=0.0.0.0 --timeout 600 --chdir src mysite.wsgi:application" in joined(result)


def test_too_deep_search_is_bounded_and_skips_node_modules():
    files = {f"pkgs/p{i}/x.py": "" for i in range(80)}
    files["node_modules/mysite/wsgi.py"] = ""
    tree = CountingTree(files)
    result = predict_startup(tree, "", "3.12")
    assert result.source == "default" and "two levels deep" not in joined(result)
    deep = [paths for kind, paths in tree.batches if kind == "list"][-1]
    assert len(deep) == 50 and not any(path.startswith("node_modules/") for path in deep)


def test_manage_py_without_wsgi_folder_is_mentioned():
    assert "manage.py is at the root" in joined(predict({"manage.py": ""}))


# --- FastAPI ----------------------------------------------------------------------------------

def test_fastapi_detected_on_314():
    result = predict({"main.py": FASTAPI_APP, "app.py": FLASK_APP}, version="3.14")
    assert (result.source, result.module) == ("fastapi", "main:app")
    assert result.command.endswith(" gunicorn -k uvicorn_worker.UvicornWorker main:app")


def test_fastapi_not_detected_on_313():
    result = predict({"main.py": FASTAPI_APP}, version="3.13")
    assert result.source == "default"
    assert "FastAPI is detected only on Python 3.14" in joined(result)
    assert "gunicorn --bind=0.0.0.0 --timeout 600 -k uvicorn_worker.UvicornWorker main:app" in joined(result)


def test_fastapi_in_a_flask_named_file_on_313_is_served_by_the_sync_worker():
    result = predict({"app.py": FASTAPI_APP}, version="3.13.1")
    assert (result.source, result.module) == ("flask", "app:app")
    assert "sync worker" in joined(result)


@pytest.mark.parametrize("value", ["true", "TRUE", "True"])
def test_disable_fastapi_detection(value):
    result = predict({"main.py": FASTAPI_APP}, version="3.14", settings={"DISABLE_FASTAPI_DETECTION": value})
    assert result.source == "default" and "DISABLE_FASTAPI_DETECTION is true" in joined(result)


def test_disable_fastapi_detection_other_values_keep_it_on():
    assert predict({"main.py": FASTAPI_APP}, version="3.14",
                   settings={"DISABLE_FASTAPI_DETECTION": "false"}).source == "fastapi"


def test_fastapi_file_that_mentions_flask_is_excluded():
    text = "from fastapi import FastAPI\nfrom flask import Flask\napp = FastAPI()\n"
    result = predict({"main.py": text, "server.py": FASTAPI_APP}, version="3.14")
    assert result.module == "server:app"


def test_fastapi_files_are_tried_in_oryx_order_and_read_in_one_batch():
    tree = CountingTree({"run.py": FASTAPI_APP, "api.py": FASTAPI_APP, "readme.md": ""})
    assert predict_startup(tree, "", "3.14").module == "api:app"
    reads = [paths for kind, paths in tree.batches if kind == "read"]
    assert reads == [["api.py", "run.py"]]


def test_unknown_python_version_turns_fastapi_detection_off():
    result = predict({"main.py": FASTAPI_APP}, version=None)
    assert result.source == "default" and "Python version is unknown" in joined(result)


def test_fastapi_precedes_flask_but_follows_django():
    assert predict({"mysite/wsgi.py": "", "main.py": FASTAPI_APP}, version="3.14").source == "django"


# --- Flask ------------------------------------------------------------------------------------

@pytest.mark.parametrize("present, expected", [
    (["wsgi.py", "server.py", "index.py", "run.py", "app.py", "application.py"], "application:app"),
    (["wsgi.py", "server.py", "index.py", "run.py", "app.py"], "app:app"),
    (["wsgi.py", "server.py", "index.py", "run.py"], "run:app"),
    (["wsgi.py", "server.py", "index.py"], "index:app"),
    (["wsgi.py", "server.py"], "server:app"),
    (["wsgi.py"], "wsgi:app"),
])
def test_flask_file_order(present, expected):
    result = predict({name: FLASK_APP for name in present})
    assert (result.source, result.module) == ("flask", expected)


def test_flask_object_not_named_app_is_a_reason_even_when_detected():
    result = predict({"app.py": "from flask import Flask\napplication = Flask(__name__)\n"})
    assert result.source == "flask"
    assert "Failed to find attribute 'app'" in joined(result)
    assert "gunicorn --bind=0.0.0.0 --timeout 600 app:application" in joined(result)


def test_flask_factory_without_app_is_a_reason():
    text = "from flask import Flask\ndef create_app():\n    return Flask(__name__)\n"
    assert "create_app()" in joined(predict({"app.py": text}))


def test_flask_app_named_app_has_no_object_warning():
    assert "Failed to find" not in joined(predict({"app.py": FLASK_APP}))


# --- default ----------------------------------------------------------------------------------

def test_default_app_explains_why():
    result = predict({"requirements.txt": "flask\n"})
    assert (result.source, result.module) == ("default", "application:app")
    assert result.command == f'GUNICORN_CMD_ARGS="{ORYX_ARGS} --chdir=/opt/defaultsite" gunicorn application:app'
    assert "waiting for your content" in joined(result)


def test_default_names_a_flask_file_with_another_name():
    result = predict({"main.py": "from flask import Flask\nweb = Flask(__name__)\n"})
    assert result.source == "default"
    assert "main.py creates a Flask app" in joined(result)
    assert "gunicorn --bind=0.0.0.0 --timeout 600 main:web" in joined(result)


def test_default_names_a_flask_app_in_a_subfolder():
    result = predict({"src/app.py": FLASK_APP})
    assert "src/app.py is in a subfolder" in joined(result)
    assert "--chdir src app:app" in joined(result)


def test_empty_tree_is_default():
    assert predict({}).source == "default"


def test_no_tree_is_unknown():
    result = predict_startup(None, "", "3.12")
    assert (result.source, result.module, result.command) == ("unknown", None, "")


# --- settings ---------------------------------------------------------------------------------

def test_invalid_multiworkers_setting_stops_the_container():
    result = predict({"app.py": FLASK_APP}, settings={"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "yes"})
    assert "container does not start" in joined(result)


def test_multiworkers_without_cores_is_a_placeholder():
    result = predict({"app.py": FLASK_APP}, settings={"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "true"})
    assert "--workers=<2*cores+1>" in result.command and "CPU cores" in joined(result)


# --- output shape and helpers -----------------------------------------------------------------

def test_to_dict_keys():
    result = predict({"startup.txt": "gunicorn app:app\n"}, "startup.txt")
    assert result.to_dict() == {
        "source": "custom", "module": None, "command": ON_PATH + "gunicorn app:app", "appCommandLine": "startup.txt",
        "startupFile": {"name": "startup.txt", "exists": True, "firstLine": "gunicorn app:app", "ignoredLines": 0},
        "pythonVersion": "3.12", "pythonVersionSource": None, "appPath": "/home/site/wwwroot", "failure": None,
        "preRunCommand": None, "runAfter": None, "build": None, "env": {"HOST": "0.0.0.0", "PORT": "8000"},
        "reasons": list(result.reasons)}


@pytest.mark.parametrize("files, expected", [
    ({"main.py": FASTAPI_APP}, "main.py imports FastAPI"),
    ({"app.py": "import fastapi\n"}, "app.py imports FastAPI"),
    ({"asgi.py": "from starlette.applications import Starlette\n"}, "asgi.py imports Starlette"),
    ({"app.py": FLASK_APP}, None),
    ({"main.py": "# from fastapi we learn\n"}, None),
    ({}, None),
])
def test_find_asgi_app(files, expected):
    assert find_asgi_app(MemoryTree(files)) == expected


@pytest.mark.parametrize("text, expected", [
    ("3.12", (3, 12)), ("3.14.0", (3, 14)), ("PYTHON|3.13", (3, 13)), ("python:3.9", (3, 9)),
    ("", None), (None, None), ("latest", None),
])
def test_parse_python_version(text, expected):
    assert parse_python_version(text) == expected


def test_is_fastapi_source_matches_oryx():
    assert is_fastapi_source("import fastapi") and not is_fastapi_source("from flask import x\nimport fastapi")
    assert not is_fastapi_source(None) and not is_fastapi_source("")


# --- the pure layer stays pure ----------------------------------------------------------------

PURE_MODULES = ["startup.detection", "startup.hints", "startup.platform", "startup.oryx", "startup.manifest",
                "startup.observed", "startup.rules", "startup.command", "startup.servers", "startup.gunicorn.argv",
                "startup.gunicorn.options", "source.tree"]
FORBIDDEN = ("azure", "knack", "requests", "msrest", "gunicorn", "subprocess", "socket", "urllib", "http")
FILE_SYSTEM = ("os", "pathlib", "io", "shutil", "glob", "tempfile")


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_import_no_azure_sdk_network_or_file_system(module):
    import ast
    import importlib
    source = importlib.import_module(f"azext_pyappsvc.{module}").__file__
    tree = ast.parse(open(source, encoding="utf-8").read())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and not node.level}  # ours: lint-imports
    roots = {name.split(".")[0] for name in imported}
    assert not roots & set(FORBIDDEN)
    if module != "source.tree":
        assert not roots & set(FILE_SYSTEM)


@pytest.mark.parametrize("version, settings", [(None, {}), ("3.14", {"DISABLE_FASTAPI_DETECTION": "true"}),
                                               ("3.12", {})])
def test_fastapi_detection_being_off_is_said_only_when_a_fastapi_file_is_there(version, settings):
    flask = predict({"app.py": FLASK_APP, "requirements.txt": "flask\n"}, version=version, settings=settings)
    assert flask.source == "flask" and "FastAPI" not in joined(flask), joined(flask)
    fastapi = predict({"main.py": FASTAPI_APP}, version=version, settings=settings)
    assert fastapi.source == "default" and "FastAPI" in joined(fastapi), joined(fastapi)
