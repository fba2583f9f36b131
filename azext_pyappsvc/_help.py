"""Help texts, with examples, for the group and every command."""
from knack.help_files import helps

helps["pyappsvc"] = """
type: group
short-summary: Python web apps on Azure App Service for Linux - runtime version, startup command, diagnosis, fleet audit.
long-summary: >
    Replaces az webapp config show/set, az webapp list-runtimes and the portal's Startup File field with
    commands that check what they change against the platform's own rules.
examples:
  - name: Show the Python version of an app and whether it is still supported.
    text: az pyappsvc show-version -g MyResourceGroup -n MyApp
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
examples:
  - name: Move an app to Python 3.12.
    text: az pyappsvc set-version 3.12 -g MyResourceGroup -n MyApp
  - name: The same with the option form, on a slot.
    text: az pyappsvc set-version --version 3.12 -g MyResourceGroup -n MyApp --slot staging
  - name: Keep an app on a version past its end of life, knowingly.
    text: az pyappsvc set-version 3.10 -g MyResourceGroup -n MyApp --allow-eol
"""

helps["pyappsvc show-startup"] = """
type: command
short-summary: Predict the command App Service will run for an app, by the platform's own rules, and explain why.
long-summary: >
    Follows Oryx: a startup command (appCommandLine) wins and skips detection; a one-word command naming a
    file in wwwroot runs that file (.sh) or only its first line; otherwise Django (first immediate subfolder with
    wsgi.py), FastAPI (Python 3.14+), Flask (application.py, app.py, run.py, index.py, server.py, wsgi.py), else
    the default "waiting for your content" app. Reads the deployed site/wwwroot through Kudu, or a local folder
    with --src (which works offline, without logging in).
examples:
  - name: What will my deployed app run?
    text: az pyappsvc show-startup -g MyResourceGroup -n MyApp
  - name: What would App Service run for this folder on Python 3.14, before deploying it?
    text: az pyappsvc show-startup --src . --python-version 3.14
  - name: Print only the command.
    text: az pyappsvc show-startup -g MyResourceGroup -n MyApp --query command -o tsv
"""

helps["pyappsvc set-startup"] = """
type: command
short-summary: Set an app's startup command (the portal's Startup File), linted before it is saved.
long-summary: >
    STARTUP is a file in wwwroot (startup.txt, startup.sh) or a whole command. --module builds the documented
    gunicorn command; --clear goes back to auto-detection. Refused without any write: several lines, a gunicorn
    flag gunicorn would reject, binding localhost or any host but 0.0.0.0. Saved with a warning: no --timeout
    (gunicorn's 30 s instead of the platform's 600), a port other than 8000, an ASGI app on the sync worker, a
    missing startup file, a .txt file whose later lines would be ignored. Writes one PATCH of appCommandLine
    only, and nothing when it is unchanged.
examples:
  - name: Use a startup file deployed with the app.
    text: az pyappsvc set-startup startup.txt -g MyResourceGroup -n MyApp
  - name: Run the Flask object myapp in website/hello.py with 4 workers.
    text: az pyappsvc set-startup --module hello:myapp --chdir website --workers 4 -g MyResourceGroup -n MyApp
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
    supported runtimes, the deployed files and latest docker log (through Kudu) and one request to the site,
    then runs every check: app.linux, app.state, runtime.python, runtime.support, runtime.local,
    startup.command, startup.file, startup.detection, build.requirements, build.scm-build, build.venv,
    settings.values, network.port, network.https, probe.http, logs.errors. Status is pass, warn, fail, skip or
    error. The report is always printed in full; the exit code is 1 when any check fails or errors.
    With --src alone it checks a local folder offline, without logging in.
examples:
  - name: Diagnose an app.
    text: az pyappsvc doctor -g MyResourceGroup -n MyApp -o table
  - name: Check a local folder before deploying it.
    text: az pyappsvc doctor --src . --python-version 3.12 -o table
  - name: Run only the startup checks, without requesting the site.
    text: az pyappsvc doctor -g MyResourceGroup -n MyApp --check startup.command startup.file startup.detection --no-probe
  - name: List the failing checks only.
    text: az pyappsvc doctor -g MyResourceGroup -n MyApp --query "checks[?status=='fail']"
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
