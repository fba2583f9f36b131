"""Differential cases: wwwroot layout (and the compressed output's files), settings, version -> what Oryx writes.

Each case names the code that decides it: microsoft/Oryx d91d836 src/startupscriptgenerator/src/{python,common}
and Azure-App-Service/ImageBuilder v2/src/python/templates/3.x/init_container.sh (and its Dockerfile).
The expected commands were derived by reading that code, not by running it.
"""
from __future__ import annotations

FLASK = "from flask import Flask\napp = Flask(__name__)\n"
FASTAPI = "from fastapi import FastAPI\napp = FastAPI()\n"
ARGS = "--timeout 600 --access-logfile '-' --error-logfile '-' -c /opt/startup/gunicorn.conf.py"
TMP = "/tmp/8dc1a2b3c4d5e6f"
MANIFEST = (f'Frameworks="Python"\nPythonVersion="3.12.9"\nvirtualEnvName="antenv"\nOperationID="op-1"\n'
            f'SourceDirectoryInBuildContainer="{TMP}"\nCompressDestinationDir="true"\n')
BUILT = {"oryx-manifest.toml": MANIFEST, "output.tar.gz": "binary"}
ON_PATH = 'PATH="$PATH:/home/site/wwwroot" '


def gunicorn(module: str, chdir: str = "/home/site/wwwroot", args: str = ARGS) -> str:
    """The line buildGunicornCommandForModule writes."""
    return f'GUNICORN_CMD_ARGS="{args} --chdir={chdir}" gunicorn {module}'


def debugpy(module: str, chdir: str = "/home/site/wwwroot", port: str = "49494", wait: str = "") -> str:
    """The line buildDebugPyCommandForModule writes (an empty wait argument leaves two spaces)."""
    return f"cd {chdir} && python -m debugpy --listen 0.0.0.0:{port} {wait} -m {module}"


CASES = [
    # 1. compressed build output
    dict(id="compressed-gz-runs-from-tmp", wwwroot=BUILT, extracted={"app.py": FLASK, "antenv/pyvenv.cfg": ""},
         expect=dict(source="flask", command=gunicorn("app:app", TMP)),
         decided_by="scriptgenerator.go GenerateEntrypointScript + getAppPath (CompressDestinationDir)"),
    dict(id="compressed-stale-sources-beside-are-not-what-runs",
         wwwroot={**BUILT, "app.py": FLASK, "requirements.txt": "flask\n"},
         extracted={"mysite/wsgi.py": "", "manage.py": "", "antenv/pyvenv.cfg": ""},
         expect=dict(source="django", command=gunicorn("mysite.wsgi", TMP)),
         decided_by="scriptgenerator.go getAppPath -> DetectFramework(getAppPath())"),
    dict(id="compressed-zst-is-preferred", wwwroot={**BUILT, "output.tar.zst": "binary"}, extracted={"app.py": FLASK},
         expect=dict(source="flask", archive="output.tar.zst"),
         decided_by="scriptgenerator.go GenerateEntrypointScript (zstdTarballFile first)"),
    dict(id="compressed-without-archive-panics", wwwroot={"oryx-manifest.toml": MANIFEST},
         expect=dict(failure="zstd/gzip output not found"),
         decided_by="scriptgenerator.go GenerateEntrypointScript (panic)"),
    dict(id="compressed-without-source-dir-panics",
         wwwroot={"oryx-manifest.toml": 'CompressDestinationDir="true"\n', "output.tar.gz": "binary"},
         expect=dict(failure="Destination directory is required"), decided_by="compressionHelper.go ExtractTarball"),
    dict(id="compressed-unread-archive-is-unknown", wwwroot=BUILT, extracted=None,
         expect=dict(source="unknown", command=""), decided_by="(not read: see BuildInputs)"),
    dict(id="compressed-custom-command-on-tmp-path", wwwroot=BUILT, command_line="gunicorn app:app",
         expect=dict(source="custom", command=f'PATH="$PATH:{TMP}" gunicorn app:app'),
         decided_by="fsvalidation.go ExtendPathForCommand(command, getAppPath())"),
    # 2. manifest keys
    dict(id="manifest-python-version-wins-for-fastapi", version="3.12",
         wwwroot={"oryx-manifest.toml": 'PythonVersion="3.14.0"\n', "main.py": FASTAPI},
         expect=dict(source="fastapi", command=gunicorn("-k uvicorn_worker.UvicornWorker main:app")),
         decided_by="scriptgenerator.go GenerateEntrypointScript (Manifest.PythonVersion) + DetectFramework"),
    dict(id="manifest-older-python-version-turns-fastapi-off", version="3.14",
         wwwroot={"oryx-manifest.toml": 'PythonVersion="3.13.2"\n', "main.py": FASTAPI},
         expect=dict(source="default"), decided_by="frameworks.go isPythonVersionAtLeast"),
    dict(id="manifest-keys-match-case-insensitively", version="3.12",
         wwwroot={"oryx-manifest.toml": 'pythonversion="3.14.0"\n', "main.py": FASTAPI},
         expect=dict(source="fastapi"), decided_by="buildManifestHelper.go deserializeBuildManifest (BurntSushi/toml)"),
    dict(id="manifest-bad-venv-archive-extension-exits", wwwroot={"oryx-manifest.toml":
         'virtualEnvName="antenv"\ncompressedVirtualEnvFile="antenv.tar.bz2"\n', "app.py": FLASK},
         expect=dict(failure="Unrecognizable file"), decided_by="scriptgenerator.go getPackageSetupCommand (exit 1)"),
    dict(id="manifest-venv-archive-zst-is-fine", wwwroot={"oryx-manifest.toml":
         'virtualEnvName="antenv"\ncompressedVirtualEnvFile="antenv.tar.zst"\n', "app.py": FLASK},
         expect=dict(source="flask", failure=None), decided_by="scriptgenerator.go getPackageSetupCommand"),
    dict(id="manifest-non-string-value-exits", wwwroot={"oryx-manifest.toml": "CompressDestinationDir = true\n",
                                                        "app.py": FLASK},
         expect=dict(failure="deserialize the manifest"), decided_by="buildManifestHelper.go deserializeBuildManifest"),
    dict(id="manifest-invalid-toml-exits", wwwroot={"oryx-manifest.toml": "PythonVersion=\"3.12\n", "app.py": FLASK},
         expect=dict(failure="deserialize the manifest"), decided_by="buildManifestHelper.go deserializeBuildManifest"),
    dict(id="build-env-malformed-panics", wwwroot={"build.env": "PRE_RUN_COMMAND\n", "app.py": FLASK},
         expect=dict(failure="Error reading configuration file"), decided_by="configuration.go GetViperConfiguration"),
    # 3. empty first line
    dict(id="startup-file-empty-first-line-auto-detects", wwwroot={"startup.txt": "\ngunicorn x:y\n", "app.py": FLASK},
         command_line="startup.txt", expect=dict(source="flask", command=gunicorn("app:app")),
         decided_by="init_container.sh (head -1 -> -userStartupCommand '') + scriptgenerator.go (command == \"\")"),
    dict(id="startup-file-empty-auto-detects", wwwroot={"startup.txt": "", "mysite/wsgi.py": ""},
         command_line="startup.txt", expect=dict(source="django", command=gunicorn("mysite.wsgi")),
         decided_by="init_container.sh + scriptgenerator.go GenerateEntrypointScript"),
    # 4. CRLF
    dict(id="startup-file-crlf-fails", wwwroot={"startup.txt": "python app.py\r\n", "app.py": FLASK},
         command_line="startup.txt", expect=dict(source="custom", command=ON_PATH + "python app.py\r",
                                                 failure="CRLF"),
         decided_by="init_container.sh (fileContents=$(head -1 $1) keeps \\r)"),
    # 5. single quotes
    dict(id="odd-single-quote-breaks-the-eval", wwwroot={}, command_line="echo it's here",
         expect=dict(source="custom", command="", failure="odd number of single quotes"),
         decided_by="init_container.sh (eval \"oryx $oryxArgs\")"),
    dict(id="quoted-words-with-blanks-break", wwwroot={}, command_line="python -c 'import app; app.main()'",
         expect=dict(source="custom", command="", failure="single quotes"), decided_by="init_container.sh (eval)"),
    dict(id="paired-quotes-around-a-word-are-dropped", wwwroot={"startup.txt": "gunicorn --access-logfile '-' app:app\n"},
         command_line="startup.txt", expect=dict(source="custom", failure=None,
                                                 command=ON_PATH + "gunicorn --access-logfile - app:app"),
         decided_by="init_container.sh (eval)"),
    # 6. booleans are strconv.ParseBool
    *[dict(id=f"disable-fastapi-{value}", version="3.14", wwwroot={"main.py": FASTAPI, "app.py": FLASK},
           settings={"DISABLE_FASTAPI_DETECTION": value}, expect=dict(source="flask", failure=None),
           decided_by="frameworks.go DetectFramework + environmentVariablesHelper.go GetBooleanEnvironmentVariable")
      for value in ("1", "t", "T", "TRUE", "true", "True")],
    *[dict(id=f"disable-fastapi-false-{value}", version="3.14", wwwroot={"main.py": FASTAPI},
           settings={"DISABLE_FASTAPI_DETECTION": value}, expect=dict(source="fastapi", failure=None),
           decided_by="environmentVariablesHelper.go GetBooleanEnvironmentVariable")
      for value in ("0", "f", "F", "FALSE", "false", "False")],
    *[dict(id=f"disable-fastapi-panics-{value}", version="3.14", wwwroot={"main.py": FASTAPI},
           settings={"DISABLE_FASTAPI_DETECTION": value}, expect=dict(failure="Invalid value"),
           decided_by="environmentVariablesHelper.go GetBooleanEnvironmentVariable (panic)")
      for value in ("yes", "tRuE")],
    dict(id="disable-fastapi-not-read-for-django", version="3.14", wwwroot={"mysite/wsgi.py": ""},
         settings={"DISABLE_FASTAPI_DETECTION": "yes"}, expect=dict(source="django", failure=None),
         decided_by="frameworks.go DetectFramework (Django is returned first)"),
    dict(id="disable-fastapi-not-read-before-3.14", version="3.12", wwwroot={"app.py": FLASK},
         settings={"DISABLE_FASTAPI_DETECTION": "yes"}, expect=dict(source="flask", failure=None),
         decided_by="frameworks.go DetectFramework (the version test short-circuits)"),
    dict(id="multiworkers-T-is-true", wwwroot={"app.py": FLASK},
         settings={"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "T", "PYTHON_GUNICORN_CUSTOM_WORKER_NUM": "3"},
         expect=dict(command=gunicorn("app:app", args=ARGS + " --workers=3")),
         decided_by="scriptgenerator.go buildGunicornCommandForModule"),
    dict(id="multiworkers-yes-panics", wwwroot={"app.py": FLASK}, settings={"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "yes"},
         expect=dict(failure="Invalid value"), decided_by="environmentVariablesHelper.go GetBooleanEnvironmentVariable"),
    dict(id="multiworkers-not-read-for-custom", wwwroot={}, command_line="gunicorn app:app",
         settings={"PYTHON_ENABLE_GUNICORN_MULTIWORKERS": "yes"}, expect=dict(source="custom", failure=None),
         decided_by="scriptgenerator.go GenerateEntrypointScript (custom command path)"),
    # 7. whole files
    dict(id="fastapi-import-after-64k-counts", version="3.14",
         wwwroot={"main.py": "#" * 70000 + "\nimport fastapi\napp = fastapi.FastAPI()\n"},
         expect=dict(source="fastapi"), decided_by="frameworks.go fastAPIDetector.detect (ioutil.ReadFile)"),
    # 8. -c path
    dict(id="gunicorn-config-from-setting", wwwroot={"app.py": FLASK},
         settings={"PYTHON_USE_GUNICORN_CONFIG_FROM_PATH": "/home/site/wwwroot/gunicorn.conf.py"},
         expect=dict(command=gunicorn("app:app", args=ARGS.replace("/opt/startup/gunicorn.conf.py",
                                                                     "/home/site/wwwroot/gunicorn.conf.py"))),
         decided_by="scriptgenerator.go buildGunicornCommandForModule (PythonGunicornConfigPathEnvVarName)"),
    dict(id="gunicorn-config-empty-drops-c", wwwroot={"app.py": FLASK},
         settings={"PYTHON_USE_GUNICORN_CONFIG_FROM_PATH": ""},
         expect=dict(command=gunicorn("app:app", args=ARGS.replace(" -c /opt/startup/gunicorn.conf.py", ""))),
         decided_by="scriptgenerator.go buildGunicornCommandForModule"),
    # 9. remote debugging
    dict(id="remote-debugging-flask", wwwroot={"app.py": FLASK}, settings={"APPSVC_REMOTE_DEBUGGING": "TRUE"},
         expect=dict(source="flask", command=debugpy("flask run --host $HOST --port $PORT")),
         decided_by="init_container.sh (-debugAdapter ptvsd) + scriptgenerator.go buildDebugPyCommandForModule"),
    dict(id="remote-debugging-django-wait", wwwroot={"mysite/wsgi.py": "", "manage.py": ""},
         settings={"APPSVC_REMOTE_DEBUGGING": "TRUE", "APPSVC_REMOTE_DEBUGGING_BREAK": "TRUE",
                   "APPSVC_TUNNEL_PORT": "5678"},
         expect=dict(command=debugpy("manage runserver --noreload --nothreading $HOST:$PORT", port="5678",
                                     wait="--wait-for-client")),
         decided_by="frameworks.go djangoDetector.GetDebuggableModule + buildDebugPyCommandForModule"),
    dict(id="remote-debugging-lowercase-is-off", wwwroot={"app.py": FLASK}, settings={"APPSVC_REMOTE_DEBUGGING": "true"},
         expect=dict(command=gunicorn("app:app")), decided_by="init_container.sh ([ ... == \"TRUE\" ])"),
    dict(id="remote-debugging-custom-command-unchanged", wwwroot={}, command_line="gunicorn app:app",
         settings={"APPSVC_REMOTE_DEBUGGING": "TRUE"}, expect=dict(command=ON_PATH + "gunicorn app:app"),
         decided_by="scriptgenerator.go GenerateEntrypointScript (debug only for a detected module)"),
    # 10. PATH, appsvc.yaml, PRE_RUN_COMMAND, packages, dynamic install, HOST/PORT
    dict(id="bare-startup-sh-resolves-on-path", wwwroot={"startup.sh": "#!/bin/sh\ngunicorn app:app\n"},
         command_line="startup.sh", expect=dict(command=ON_PATH + "startup.sh", failure=None),
         decided_by="init_container.sh + fsvalidation.go ExtendPathForCommand"),
    dict(id="appsvc-yaml-run-after", wwwroot={"app.py": FLASK, "appsvc.yaml": "version: 1\nrun: python worker.py\n"},
         expect=dict(run_after="python worker.py"), decided_by="parseUserCommands.go ParseUserRunCommand + main.go"),
    dict(id="appsvc-yaml-run-multi-line", wwwroot={"app.py": FLASK,
                                                 "appsvc.yaml": "run: echo one\n  echo two\nbuild: x\n"},
         expect=dict(run_after="echo one\necho two"), decided_by="parseUserCommands.go ParseUserRunCommand"),
    dict(id="pre-run-from-build-env", wwwroot={"app.py": FLASK, "build.env": "PRE_RUN_COMMAND=\"echo hi\"\n"},
         expect=dict(pre_run="echo hi"), decided_by="main.go (viper PRE_RUN_COMMAND) + preRunScriptHelper.go"),
    dict(id="pre-run-app-setting-wins", wwwroot={"app.py": FLASK, "build.env": "pre_run_command=echo file\n"},
         settings={"PRE_RUN_COMMAND": "echo setting"}, expect=dict(pre_run="echo setting"),
         decided_by="configuration.go GetViperConfiguration (AutomaticEnv)"),
    dict(id="oryx-packages-fallback", wwwroot={"app.py": FLASK, "__oryx_packages__/flask/__init__.py": ""},
         expect=dict(reason="__oryx_packages__ instead"), decided_by="scriptgenerator.go getPackageSetupCommand"),
    dict(id="dynamic-install-true", wwwroot={"app.py": FLASK}, settings={"ENABLE_DYNAMIC_INSTALL": "true"},
         expect=dict(reason="oryx setupEnv"), decided_by="main.go (viper GetBool) + GenerateEntrypointScript"),
    dict(id="dynamic-install-yes-is-false-not-a-panic", wwwroot={"app.py": FLASK},
         settings={"ENABLE_DYNAMIC_INSTALL": "yes"}, expect=dict(failure=None, no_reason="oryx setupEnv"),
         decided_by="viper GetBool (spf13/cast: invalid is false)"),
    dict(id="host-port-defaults", wwwroot={"app.py": FLASK}, expect=dict(env={"HOST": "0.0.0.0", "PORT": "8000"}),
         decided_by="configuration.go SetEnvironmentVariableInScript + ImageBuilder Dockerfile ENV PORT 8000"),
]
