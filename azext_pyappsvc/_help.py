"""Help texts, with examples, for the group and every command."""
from knack.help_files import helps

helps["pyappsvc"] = """
type: group
short-summary: Python web apps on Azure App Service for Linux - runtime version, startup command, diagnosis.
long-summary: >
    Replaces az webapp config show/set, az webapp list-runtimes and the portal's Startup File field with
    commands that check what they change against the platform's own rules.
examples:
  - name: Show the Python version of an app and whether it is still supported.
    text: az pyappsvc show-version -g MyResourceGroup -n MyApp
  - name: List the Python versions App Service for Linux offers.
    text: az pyappsvc list-versions -o table
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
