"""Help texts, with examples, for the group and every command."""
from knack.help_files import helps

helps["pyappsvc"] = """
type: group
short-summary: Python web apps on Azure App Service for Linux - runtime version, startup command, diagnosis, fleet audit.
long-summary: >
    Replaces az webapp config show/set, az webapp list-runtimes and the portal's Startup File field with
    commands that check what they change against the platform's own rules.
examples:
  - name: Find why an app does not start, as a checklist with a fix for each problem.
    text: az pyappsvc doctor -g MyResourceGroup -n MyApp -o table
  - name: Show the Python version of an app and whether it is still supported.
    text: az pyappsvc show-version -g MyResourceGroup -n MyApp
  - name: Show it for every app at once.
    text: az pyappsvc show-version --ids $(az webapp list --query "[].id" -o tsv)
  - name: List the Python versions App Service for Linux offers.
    text: az pyappsvc list-versions -o table
  - name: Find every Python app you can see that is past or near its end of life.
    text: az pyappsvc audit --support eol near-eol deprecated -o table
"""

helps["pyappsvc show-version"] = """
type: command
short-summary: Show an app's Python runtime (linuxFxVersion), its support status and end of life.
long-summary: >
    support is one of active, near-eol (end of life within 365 days), eol (past), deprecated or unknown
    (not built-in Python, or not in the platform's stacks list). Exit code 3 when the app does not exist.
examples:
  - name: Show the Python version of an app.
    text: az pyappsvc show-version -g MyResourceGroup -n MyApp
  - name: Show it for a deployment slot, as a table.
    text: az pyappsvc show-version -g MyResourceGroup -n MyApp --slot staging -o table
  - name: Print only the end-of-life date.
    text: az pyappsvc show-version -g MyResourceGroup -n MyApp --query endOfLife -o tsv
"""

helps["pyappsvc list-versions"] = """
type: command
short-summary: List the Python versions App Service for Linux offers, newest first, with support status.
long-summary: >
    Read from the platform's live stacks list. linuxFxVersion is the exact value set-version writes.
    Deprecated and past end-of-life versions appear only with --all; hidden ones never.
examples:
  - name: List the supported Python versions.
    text: az pyappsvc list-versions -o table
  - name: Include deprecated and past end-of-life versions.
    text: az pyappsvc list-versions --all -o table
  - name: Print the newest version only.
    text: az pyappsvc list-versions --query "[0].version" -o tsv
"""

helps["pyappsvc set-version"] = """
type: command
short-summary: Set an app's Python version, checked against the platform's supported versions.
long-summary: >
    Accepts 3.12, PYTHON|3.12 or python:3.12 in any case (quote the pipe in shells: "PYTHON|3.12").
    Refuses, without changing anything, versions the platform does not offer, deprecated versions,
    past end-of-life versions (unless --allow-eol), and Windows, function and custom-container apps.
    Writes exactly one PATCH of siteConfig.linuxFxVersion, and nothing when the version is already set.
    With --verify it then waits for the restart (bounded by --verify-timeout, progress on stderr), probes the
    site and reads the new start's docker log lines, and reports "running on Python X.Y" or the failure and its
    cause (exit code 1); --rollback-on-failure then sets linuxFxVersion back with one more PATCH. On a timeout
    or Ctrl-C it says what was written and what was seen, and does not roll back. Run upgrade-check first.
examples:
  - name: Move an app to Python 3.12.
    text: az pyappsvc set-version 3.12 -g MyResourceGroup -n MyApp
  - name: The same with the option form, on a slot.
    text: az pyappsvc set-version --version 3.12 -g MyResourceGroup -n MyApp --slot staging
  - name: Keep an app on a version past its end of life, knowingly.
    text: az pyappsvc set-version 3.10 -g MyResourceGroup -n MyApp --allow-eol
  - name: Move to 3.13, prove the app starts, and go back automatically if it does not.
    text: az pyappsvc set-version 3.13 -g MyResourceGroup -n MyApp --verify --rollback-on-failure
"""

helps["pyappsvc show-startup"] = """
type: command
short-summary: Predict the command App Service will run for an app, by the platform's own rules, and explain why.
long-summary: >
    Follows Oryx: a startup command (appCommandLine) wins and skips detection; a one-word command naming a
    file in wwwroot runs that file (.sh) or only its first line; otherwise Django (first immediate subfolder with
    wsgi.py), FastAPI (Python 3.14+), Flask (application.py, app.py, run.py, index.py, server.py, wsgi.py), else
    the default "waiting for your content" app. Around the command it models the start-up script: custom commands
    run with wwwroot on PATH; a startup file's empty first line means auto-detection, CRLF or single quotes make it
    fail; PRE_RUN_COMMAND runs first and appsvc.yaml's run: command after; APPSVC_REMOTE_DEBUGGING=TRUE starts
    debugpy. A compressed Oryx build (oryx-manifest.toml with output.tar.gz/.tar.zst) is predicted from the
    archive, read once and bounded, or from the latest start's log when that ran the same build; an archive over
    16 MiB is downloaded only with --read-archive. For an app, "observed" shows what the latest start's docker log
    says Oryx ran, beside the prediction. Reads the deployed site/wwwroot through Kudu, or a local folder with
    --src (which works offline, without logging in; an archive there is read locally).
    With --src alone it also reads what the project declares, and says which source it used: azure.yaml's
    services.*.project (the folder azd deploys), infra/*.bicep (appCommandLine, linuxFxVersion; a value built
    from a parameter is said to be unresolvable) and a GitHub workflow's azure/webapps-deploy step
    (startup-command, package); --startup-command overrides them.
examples:
  - name: What will my deployed app run?
    text: az pyappsvc show-startup -g MyResourceGroup -n MyApp
  - name: What would App Service run for this folder on Python 3.14, before deploying it?
    text: az pyappsvc show-startup --src . --python-version 3.14
  - name: Print only the command.
    text: az pyappsvc show-startup -g MyResourceGroup -n MyApp --query command -o tsv
  - name: Compare the prediction with what the latest start ran.
    text: az pyappsvc show-startup -g MyResourceGroup -n MyApp --query "{predicted:command, observed:observed.command}"
  - name: Read a large compressed build output (output.tar.gz) of a deployment slot.
    text: az pyappsvc show-startup -g MyResourceGroup -n MyApp --slot staging --read-archive
  - name: What would run for this folder with the startup file the app will be given?
    text: az pyappsvc show-startup --src . --startup-command startup.sh
"""

helps["pyappsvc set-startup"] = """
type: command
short-summary: Set an app's startup command (the portal's Startup File), linted before it is saved.
long-summary: >
    STARTUP is a file in wwwroot (startup.txt, startup.sh) or a whole command. --module builds the documented
    gunicorn command; --clear goes back to auto-detection. Refused without any write: several lines, a gunicorn
    flag gunicorn would reject, binding localhost or any host but 0.0.0.0. Saved with a warning: no --timeout
    (gunicorn's 30 s instead of the platform's 600), a port other than 8000, an ASGI app on the sync worker, a
    missing startup file, a .txt file whose later lines would be ignored. Also refused: a command with a single
    quote, and a startup file (when it can be read) with CRLF line endings or a single quote in its first line,
    both of which the start-up script breaks on. Writes one PATCH of appCommandLine
    only, and nothing when it is unchanged.
examples:
  - name: Use a startup file deployed with the app.
    text: az pyappsvc set-startup startup.txt -g MyResourceGroup -n MyApp
  - name: Run the Flask object myapp in website/hello.py with 4 workers.
    text: az pyappsvc set-startup --module hello:myapp --chdir website --workers 4 -g MyResourceGroup -n MyApp
  - name: The same with the option form.
    text: az pyappsvc set-startup --startup-file startup.txt -g MyResourceGroup -n MyApp
  - name: Set a whole command, checked against a local copy of the code.
    text: az pyappsvc set-startup "gunicorn --bind=0.0.0.0 --timeout 600 -k uvicorn_worker.UvicornWorker main:app" -g MyResourceGroup -n MyApp --src .
  - name: Go back to auto-detection.
    text: az pyappsvc set-startup --clear -g MyResourceGroup -n MyApp
"""

helps["pyappsvc doctor"] = """
type: command
short-summary: Find why a Python app on App Service does not start, with a fix for each finding.
long-summary: >
    Gathers, concurrently and once, the site, its configuration, app settings (values are never shown), the
    supported runtimes, the deployed files and the latest logs (through Kudu: the startup log where the platform
    offers it, else the newest machine's platform and app docker logs, merged) and one request to the site,
    then runs every check: app.linux, app.state, runtime.python, runtime.support, runtime.local,
    runtime.removed-modules, startup.command, startup.file, startup.detection, startup.observed (what the latest
    start ran, from Oryx's own log lines, against the prediction), startup.scripts,
    build.requirements, build.scm-build, build.venv, build.ci-venv, build.run-from-package, settings.values,
    settings.key-vault (names and statuses only), settings.slot-sticky, network.port, network.https,
    django.allowed-hosts, django.csrf-origins, django.static (Django apps only), data.sqlite, probe.http,
    probe.health-check, logs.errors, logs.out-of-memory, startup.warmup. Status is pass, warn, fail, skip or
    error. -o table prints a checklist sized to the terminal: a mark per check, the finding and fix under
    each result that is not a pass, and a summary line; -o json, yaml and tsv (one line per check) and --query
    give the data. The report is always printed in full; the exit code is 1 when any check fails or errors.
    With --src alone it checks a local folder offline, without logging in: the checks that need the app are
    named on one line, and the startup command is --startup-command or what the project declares (bicep,
    workflow), the folder the one azure.yaml deploys. A compressed Oryx build is judged from its manifest and
    the latest start's log first; its archive is read only when they do not settle what runs and it is at
    most 16 MiB, or with --read-archive (progress is shown on stderr when it takes long).
examples:
  - name: Diagnose an app, as a checklist.
    text: az pyappsvc doctor -g MyResourceGroup -n MyApp -o table
  - name: Check a local folder before deploying it.
    text: az pyappsvc doctor --src . --python-version 3.12 -o table
  - name: Check a local folder as it will be started by a startup script.
    text: az pyappsvc doctor --src . --startup-command startup.sh -o table
  - name: Run only the startup checks, without requesting the site.
    text: az pyappsvc doctor -g MyResourceGroup -n MyApp --check startup.command startup.file startup.detection --no-probe
  - name: List the failing checks only.
    text: az pyappsvc doctor -g MyResourceGroup -n MyApp --query "checks[?status=='fail']"
  - name: Read the whole compressed build output, however large.
    text: az pyappsvc doctor -g MyResourceGroup -n MyApp --read-archive -o table
"""

helps["pyappsvc upgrade-check"] = """
type: command
short-summary: Check whether an app's dependencies install and import on another Python version, before moving.
long-summary: >
    Reads requirements.txt (with its -r includes), else pyproject.toml, and, for a deployed app, the packages
    installed in antenv (through Kudu); asks the package index's JSON API about each package once (concurrently)
    and looks for imports of standard-library modules the target removed (distutils in 3.12, PEP 632; the
    PEP 594 modules). Each package gets a verdict: ok, upgrade to X.Y (the first release that installs), blocked
    (no release installs: compiled wheels but none for the target and no source distribution, or Requires-Python
    excludes it) or unknown. The exit code is 1 when anything is blocked. The index is chosen as pip chooses it:
    --index-url, else PIP_INDEX_URL, else pip.conf's index-url, else PyPI; pyappsvc never prints the credentials
    in its URL, but azure-cli's own --debug log repeats the command line, so put a feed's token in PIP_INDEX_URL
    or pip.conf, not in --index-url. Nothing is written.
examples:
  - name: Check a deployed app for Python 3.13.
    text: az pyappsvc upgrade-check --to 3.13 -g MyResourceGroup -n MyApp -o table
  - name: Check a local project before deploying, offline from Azure.
    text: az pyappsvc upgrade-check --to 3.13 --src .
  - name: Use a private feed - export PIP_INDEX_URL=https://USER:TOKEN@pkgs.example.com/pypi first (or set pip.conf's index-url), never put the token on the command line.
    text: az pyappsvc upgrade-check --to 3.13 --src .
  - name: List only the packages that need attention.
    text: az pyappsvc upgrade-check --to 3.13 -g MyResourceGroup -n MyApp --query "packages[?status!='ok']"
"""

helps["pyappsvc audit"] = """
type: command
short-summary: List every Python web app you can see, most urgent first, through Azure Resource Graph.
long-summary: >
    An inventory of the Linux web apps (and, with --include-slots, slots) on built-in Python across
    subscriptions or management groups, with each app's support status and end of life from the platform's
    live stacks list (the rules of show-version). Windows apps, custom containers, function apps and Linux apps
    on other runtimes are left out and counted in the summary, which is printed on stderr (so -o json and
    --query stay clean) or returned by --summary. Resource Graph is an inventory: it can lag ARM by minutes;
    az pyappsvc show-version reads an app live. Scopes that could not be read, and answers Resource Graph
    truncated, are reported as warnings; with --fail-on they also fail the gate. Throttled queries (429) are
    retried after the quota resets.
examples:
  - name: Every Python app in the subscriptions you see, as a table.
    text: az pyappsvc audit -o table
  - name: The apps past or within 180 days of their end of life, in two subscriptions.
    text: az pyappsvc audit --subscriptions 00000000-0000-0000-0000-000000000001 00000000-0000-0000-0000-000000000002 --eol-within 180
  - name: A pipeline gate over a management group - exit code 1 when an app is past end of life.
    text: az pyappsvc audit --management-groups Platform --fail-on eol -o none
  - name: Names of the apps on Python 3.9, slots included.
    text: az pyappsvc audit --include-slots --query "[?pythonVersion=='3.9'].name" -o tsv
  - name: The summary only - apps per support status and version, and what was left out.
    text: az pyappsvc audit --summary
"""
