"""What az users and the extension index expect of every command: --ids, preview, -o tsv/table, help, errors."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.e2e.conftest import assert_clean_failure, writes
from tests.e2e.test_doctor import FLASK_CHECK_IDS  # the checks a Flask app's report lists
from tests.harness import AZ

RG = "pyapps-rg"


def site_id(emulator, name, slot=None):
    """The resource id az webapp list/show reports for an app (or a slot)."""
    base = f"/subscriptions/{emulator.subscription_id}/resourceGroups/{RG}/providers/Microsoft.Web/sites/{name}"
    return f"{base}/slots/{slot}" if slot else base


# --- --ids ------------------------------------------------------------------------------------------------------

def test_show_version_takes_several_ids_apps_and_slots(az, emulator):
    result = az("pyappsvc", "show-version", "--ids", site_id(emulator, "flask-312"),
                site_id(emulator, "flask-312", "staging"), site_id(emulator, "django-311"))
    assert result.returncode == 0, result
    # az runs the ids of a show command concurrently, so the results come in any order
    assert sorted((r["name"], r["slot"] or "", r["pythonVersion"]) for r in result.json) == [
        ("django-311", "", "3.11"), ("flask-312", "", "3.12"), ("flask-312", "staging", "3.11")]


def test_one_id_gives_the_same_answer_as_g_and_n(az, emulator):
    by_id = az("pyappsvc", "show-startup", "--ids", site_id(emulator, "flask-312"))
    by_name = az("pyappsvc", "show-startup", "-g", RG, "-n", "flask-312")
    assert by_id.returncode == 0 and by_id.json == by_name.json, by_id


def test_set_version_by_id_patches_that_slot_only(az, emulator):
    result = az("pyappsvc", "set-version", "3.12", "--ids", site_id(emulator, "flask-312", "staging"))
    assert result.returncode == 0, result
    [write] = writes(emulator)
    assert write["path"].endswith("/sites/flask-312/slots/staging/config/web") and write["method"] == "PATCH"
    assert write["body"] == {"properties": {"linuxFxVersion": "PYTHON|3.12"}}


@pytest.mark.parametrize("command", ["show-version", "show-startup", "doctor", "set-version", "set-startup"])
def test_every_command_about_one_app_takes_ids(az, command):
    result = az("pyappsvc", command, "-h")
    assert result.returncode == 0 and "--ids" in result.stdout, result


def test_list_versions_has_no_ids(az):
    assert "--ids" not in az("pyappsvc", "list-versions", "-h").stdout


# --- preview ----------------------------------------------------------------------------------------------------

def test_the_group_says_it_is_in_preview_in_help_and_runs(az):
    assert "This command group is in preview" in az("pyappsvc", "-h").stdout
    assert "Command group 'pyappsvc' is in preview" in az("pyappsvc", "doctor", "-h").stdout
    run = az("pyappsvc", "list-versions")
    assert run.returncode == 0 and "Command group 'pyappsvc' is in preview" in run.stderr, run


# --- doctor for people (-o table) and for scripts (-o tsv) ------------------------------------------------------

def test_doctor_table_is_a_checklist_that_fits_the_terminal(az):
    result = az("pyappsvc", "doctor", "-g", RG, "-n", "broken-zip", "-o", "table", extra_env={"COLUMNS": "70"})
    assert result.returncode == 1, result
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[0] == f"pyappsvc doctor: broken-zip ({RG})"
    checks = [line for line in lines if line[:2] in ("✓ ", "! ", "✗ ", "- ", "? ")]
    assert len(checks) == len(FLASK_CHECK_IDS) and checks[0].split()[:2] == ["✓", "app.linux"], lines
    indent = len(checks[0]) - len(checks[0].split(None, 2)[2])  # where the findings start (the widest id sets it)
    assert any(line.startswith(" " * indent + "Fix: ") for line in lines)
    too_wide = [line for line in lines if len(line) > 70 and " " in line.strip()[:70]]
    assert not too_wide, too_wide
    summary = " ".join(lines[len(lines) - lines[::-1].index(""):])
    statuses = [c["status"] for c in az("pyappsvc", "doctor", "-g", RG, "-n", "broken-zip").json["checks"]]
    problems, warnings = sum(s in ("fail", "error") for s in statuses), statuses.count("warn")
    assert problems >= 5 and warnings >= 1
    assert summary.startswith(f"{problems} problems, {warnings} warning") and \
        summary.endswith("run with --check ID for one."), summary
    assert "\x1b[" not in result.stdout, "no colour when the output is not a terminal"


def test_doctor_table_on_a_console_that_cannot_write_the_marks_uses_ascii(az):
    result = az("pyappsvc", "doctor", "-g", RG, "-n", "broken-zip", "-o", "table",
                extra_env={"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 1, result
    assert "[XX] build.requirements" in result.stdout and "[ok] app.linux" in result.stdout, result
    assert "✗" not in result.stdout and "Unable to encode" not in result.stderr


def test_doctor_tsv_is_one_line_per_check(az):
    result = az("pyappsvc", "doctor", "-g", RG, "-n", "broken-zip", "-o", "tsv")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == len(FLASK_CHECK_IDS) and all(len(row) == 3 for row in rows), result.stdout
    assert rows[0][:2] == ["pass", "app.linux"] and ["fail", "build.requirements"] in [r[:2] for r in rows]


def test_doctor_tsv_with_a_query_is_still_the_data(az):
    result = az("pyappsvc", "doctor", "-g", RG, "-n", "flask-312", "-o", "tsv", "--query", "app.name")
    assert result.stdout.strip() == "flask-312", result


def test_doctor_json_is_unchanged_by_the_checklist(az):
    data = az("pyappsvc", "doctor", "-g", RG, "-n", "flask-312").json
    assert set(data) == {"app", "startup", "checks", "summary"} and len(data["checks"]) == len(FLASK_CHECK_IDS)


# --- help and errors --------------------------------------------------------------------------------------------

def test_probe_timeout_help_names_its_default_once(az):
    text = " ".join(az("pyappsvc", "doctor", "-h").stdout.split())
    assert text.count("Default: 20") == 1 and "Default: 20.0." in text, text


def test_a_missing_src_folder_gives_its_advice_once(az_session, tmp_path):
    result = az_session.run("pyappsvc", "show-startup", "--src", str(tmp_path / "nowhere"))
    assert_clean_failure(result)
    assert "does not exist" in result.stderr and result.stderr.count("e.g. --src .") == 1, result.stderr


def test_an_unknown_check_in_src_mode_gets_a_src_example(az_session, tmp_path):
    result = az_session.run("pyappsvc", "doctor", "--src", str(tmp_path), "--check", "no.such")
    assert_clean_failure(result)
    assert "az pyappsvc doctor --src . --check" in result.stderr and "-g MyGroup" not in result.stderr, result


def test_set_startup_takes_the_option_form_too(az, emulator):
    result = az("pyappsvc", "set-startup", "--startup-file", "gunicorn --bind=0.0.0.0 --timeout 600 app:app",
                "-g", RG, "-n", "flask-312")
    assert result.returncode == 0, result
    assert [w["body"] for w in writes(emulator)] == [
        {"properties": {"appCommandLine": "gunicorn --bind=0.0.0.0 --timeout 600 app:app"}}]
    both = az("pyappsvc", "set-startup", "startup.txt", "--startup-file", "other.txt", "-g", RG, "-n", "flask-312")
    assert_clean_failure(both)


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux script(1) for a terminal")
def test_doctor_table_is_coloured_in_a_terminal_as_az_colours(az_session, emulator):
    emulator.reset()
    command = " ".join([AZ, "pyappsvc", "doctor", "-g", RG, "-n", "broken-zip", "-o", "table"])
    env = {**az_session.env, "AZURE_CORE_NO_COLOR": "false", "COLUMNS": "80"}
    tty = subprocess.run(["script", "-qec", command, "/dev/null"], env=env, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=120)
    assert "\x1b[92m✓\x1b[0m app.linux" in tty.stdout, tty.stdout[:500]     # az's SUCCESS style, dark theme
    assert "\x1b[91m✗\x1b[0m build.requirements" in tty.stdout             # az's ERROR style


def test_az_runs_the_installed_wheel_not_the_sources_beside_the_tests(az_session):
    import subprocess
    from pathlib import Path
    from tests.harness import AZ, ROOT
    assert (ROOT / "azext_pyappsvc").is_dir()
    probe = "import azext_pyappsvc, sys; print(azext_pyappsvc.__file__)"
    found = subprocess.run([str(Path(AZ).parent / "python"), "-c", probe], env=az_session.env, cwd=ROOT,
                           capture_output=True, text=True)
    assert found.returncode != 0 and "No module named 'azext_pyappsvc'" in found.stderr, found
    listed = az_session.run("extension", "list", "--query", "[?name=='pyappsvc'].path", "-o", "tsv")
    assert listed.stdout.strip().startswith(az_session.env["AZURE_EXTENSION_DIR"]), listed
