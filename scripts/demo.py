"""make demo: the extension against the built-in emulator, with an isolated az configuration."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tests.emulator import Emulator
from tests.harness import ROOT, AzSession

DEMO_DIR = ROOT / ".demo"
RG = "pyapps-rg"

STEPS: list[tuple[str, list[str]]] = [
    ("Which Python versions does App Service for Linux offer?", ["pyappsvc", "list-versions", "-o", "table"]),
    ("...including deprecated and past end-of-life ones", ["pyappsvc", "list-versions", "--all", "-o", "table"]),
    ("What does a healthy app run?", ["pyappsvc", "show-version", "-g", RG, "-n", "flask-312", "-o", "table"]),
    ("An app still on Python 3.10 (past end of life)", ["pyappsvc", "show-version", "-g", RG, "-n", "old-310"]),
    ("Any spelling works, even the one PowerShell mangles", ["pyappsvc", "set-version", "python:3.13", "-g", RG,
                                                             "-n", "old-310", "-o", "table"]),
    ("Setting it again changes nothing (no write at all)", ["pyappsvc", "set-version", "3.13", "-g", RG,
                                                            "-n", "old-310", "--query", "changed"]),
    ("A patch version is refused with a reason", ["pyappsvc", "set-version", "3.12.4", "-g", RG, "-n", "flask-312"]),
    ("So is a Windows app", ["pyappsvc", "set-version", "3.12", "-g", RG, "-n", "windows-app"]),
    ("And a missing app exits with code 3", ["pyappsvc", "show-version", "-g", RG, "-n", "no-such-app"]),
    ("What will App Service run for this Django app?", ["pyappsvc", "show-startup", "-g", RG, "-n", "django-311",
                                                        "--query", "{source: source, module: module, command: command}"]),
    ("Why does this app show the default page?", ["pyappsvc", "show-startup", "-g", RG, "-n", "deep-django",
                                                  "--query", "reasons"]),
    ("A startup command gunicorn would reject is not saved", ["pyappsvc", "set-startup",
                                                              "gunicorn --bind=localhost --timeout:600 app:app",
                                                              "-g", RG, "-n", "flask-312"]),
    ("The documented gunicorn command, built and saved", ["pyappsvc", "set-startup", "--module", "mysite.wsgi:application",
                                                          "--chdir", "src", "-g", RG, "-n", "deep-django",
                                                          "-o", "table"]),
    ("doctor on a healthy app", ["pyappsvc", "doctor", "-g", RG, "-n", "flask-312", "-o", "table"]),
    ("doctor on a broken ZIP deployment (exit code 1, report in full)",
     ["pyappsvc", "doctor", "-g", RG, "-n", "broken-zip", "-o", "table"]),
    ("Every Python app you can see that is past end of life, through Resource Graph (summary on stderr)",
     ["pyappsvc", "audit", "--eol-within", "0", "-o", "table"]),
    ("audit as a pipeline gate: exit code 1 when an app is past end of life", ["pyappsvc", "audit", "--fail-on",
                                                                                "eol", "-o", "none"]),
    ("The fleet in numbers", ["pyappsvc", "audit", "--summary", "--include-slots", "-o", "table"]),
]
FLEET_APPS = 60   # Resource Graph serves a generated fleet over four more subscriptions (tests/emulator/fleet.py)


def main() -> int:
    """Start the emulator, log in with an isolated AZURE_CONFIG_DIR, install the wheel, run the steps."""
    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir()
    emulator = Emulator("default", str(DEMO_DIR)).start()
    emulator.graph.configure(apps=FLEET_APPS)
    session = AzSession(str(DEMO_DIR / "azure-config"), emulator.arm_url, emulator.ca_bundle,
                        str(DEMO_DIR / "extensions"))
    print(f"Emulated Azure at {emulator.arm_url} (AZURE_CONFIG_DIR={session.config_dir}; ~/.azure untouched)")
    session.login(emulator.tenant_id, *emulator.principal("Contributor"))
    session.install_extension()
    for title, args in STEPS:
        print(f"\n### {title}\n$ az {' '.join(_quote(a) for a in args)}")
        result = session.run(*args)
        sys.stdout.write(result.stdout)
        sys.stdout.write("".join(line + "\n" for line in result.stderr.splitlines() if line.strip()))
        print(f"(exit code {result.returncode})")
    patches = [r for r in emulator.requests("arm") if r["method"] == "PATCH"]
    print(f"\nWrites the emulator saw: {len(patches)} PATCH, carrying {[p['body'] for p in patches]}")
    emulator.stop()
    return 0


def _quote(arg: str) -> str:
    return f'"{arg}"' if any(c in arg for c in " |;") else arg


if __name__ == "__main__":
    sys.exit(main())
