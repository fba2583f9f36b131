"""startup_plan.py: the command set-startup saves, and what its lint reads."""
from __future__ import annotations

import pytest

from azext_pyappsvc.errors import InvalidInput
from azext_pyappsvc.startup.plan import (StartupArgs, choose_command, files_to_prefetch, lint_context,
                                         served_module_files, startup_file_name)
from azext_pyappsvc.source.tree import MemoryTree


@pytest.mark.parametrize("command, files", [
    ("gunicorn --bind=0.0.0.0 --timeout 600 app:app", ["app.py"]),
    ("gunicorn --chdir website hello:myapp", ["website/hello.py"]),
    ("gunicorn --chdir /home/site/wwwroot/src x.y:app", ["src/x/y.py"]),
    ("gunicorn --chdir /tmp x:app", []),
    ("gunicorn --chdir ../up x:app", []),
    ('gunicorn "app:create_app()"', ["app.py"]),
    ("gunicorn -k uvicorn.workers.UvicornWorker main:app", ["main.py"]),
    ("python app.py", []),
    ("startup.txt", []),
])
def test_served_module_files(command, files):
    assert served_module_files(command) == files


def test_files_to_prefetch_prefers_the_startup_file():
    assert files_to_prefetch("startup.sh") == ["startup.sh"]
    assert files_to_prefetch("gunicorn main:app") == ["main.py"]
    assert startup_file_name("gunicorn main:app") is None


def test_lint_context_reads_the_served_module_and_the_startup_file():
    tree = MemoryTree({"startup.txt": "gunicorn --bind=0.0.0.0 api:app\n", "api.py": "from fastapi import FastAPI\n"})
    context, info = lint_context(tree, "startup.txt")
    assert info.exists and info.first_line == "gunicorn --bind=0.0.0.0 api:app"
    assert context.asgi_app == "api.py imports FastAPI"
    context, info = lint_context(tree, "gunicorn --bind=0.0.0.0 api:app")
    assert context.asgi_app == "api.py imports FastAPI" and info is None


@pytest.mark.parametrize("args, expected", [
    (StartupArgs(clear=True), ""),
    (StartupArgs(module="hello:myapp", chdir="website", workers=4),
     "gunicorn --bind=0.0.0.0 --timeout 600 --workers=4 --chdir website hello:myapp"),
    (StartupArgs(startup="  startup.txt "), "startup.txt"),
])
def test_choose_command(args, expected):
    assert choose_command(args) == expected


@pytest.mark.parametrize("args", [StartupArgs(), StartupArgs(startup="x", clear=True), StartupArgs(chdir="w"),
                                  StartupArgs(startup="a\nb")])
def test_choose_command_refuses(args):
    with pytest.raises(InvalidInput):
        choose_command(args)


def test_startup_file_refusals_crlf_quotes_and_an_empty_first_line():
    from azext_pyappsvc.source.tree import MemoryTree
    from azext_pyappsvc.startup.plan import startup_file_refusals
    tree = MemoryTree({"crlf.txt": "gunicorn app:app\r\n", "quoted.txt": "gunicorn --access-logfile '-' app:app\n",
                       "odd.txt": "echo it's\n", "empty.txt": "\ngunicorn app:app\n", "ok.txt": "gunicorn app:app\n",
                       "run.sh": "#!/bin/sh\r\necho hi\r\n", "fine.sh": "#!/bin/sh\necho 'hi'\n"})
    assert [i.code for i in startup_file_refusals(tree, "crlf.txt")] == ["file.crlf"]
    assert [i.code for i in startup_file_refusals(tree, "run.sh")] == ["file.crlf"]
    quoted = startup_file_refusals(tree, "quoted.txt")
    assert [(i.code, i.severity) for i in quoted] == [("file.single-quote", "error")] and "--access-logfile -" in quoted[0].fix
    assert "odd number" in startup_file_refusals(tree, "odd.txt")[0].message
    assert [(i.code, i.severity) for i in startup_file_refusals(tree, "empty.txt")] == [("file.empty-first-line",
                                                                                        "warning")]
    assert startup_file_refusals(tree, "ok.txt") == [] and startup_file_refusals(tree, "fine.sh") == []
    assert startup_file_refusals(tree, "missing.txt") == [] and startup_file_refusals(tree, "gunicorn app:app") == []
