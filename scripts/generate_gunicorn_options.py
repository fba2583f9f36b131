"""Write azext_pyappsvc/startup/gunicorn/options.py from the installed gunicorn.

gunicorn's own option table (gunicorn.config) imports pwd, grp and fcntl, so it
cannot be imported where az runs on Windows. The extension therefore carries a
generated copy of the part it needs: each command-line option's flags, whether
it takes a value, the value's type and whether gunicorn rejects negatives.

Usage:  python scripts/generate_gunicorn_options.py [--check]
tests/unit/startup/gunicorn/test_options.py fails when the committed table differs from
what this script generates with the installed gunicorn.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import Any

TARGET = pathlib.Path(__file__).resolve().parent.parent / "azext_pyappsvc" / "startup" / "gunicorn" / "options.py"

# Options that gunicorn.config.Config.parser() and argparse add on top of the
# settings: both print something and exit before any app is loaded.
PARSER_OPTIONS: dict[str, dict[str, Any]] = {
    "help": {"flags": ("-h", "--help"), "arity": "none", "type": "str", "non_negative": False, "exits": True},
    "version": {"flags": ("-v", "--version"), "arity": "none", "type": "str", "non_negative": False, "exits": True},
}

NO_VALUE_ACTIONS = ("store_true", "store_false", "store_const")
ONE_VALUE_ACTIONS = (None, "store", "append")

HEADER = '''\
# GENERATED FILE - do not edit by hand.
# Written by scripts/generate_gunicorn_options.py from gunicorn {version}'s
# gunicorn.config.KNOWN_SETTINGS. Regenerate with
#     python scripts/generate_gunicorn_options.py
# tests/unit/startup/gunicorn/test_options.py fails when this table drifts from the
# installed gunicorn.
"""gunicorn's command-line options as data (why: see azext_pyappsvc/startup/command.py).

Each entry: setting name -> flags, arity ("none" | "one" | "optional"), value
type ("str" | "int" | "auto_int"), non_negative (gunicorn refuses values < 0),
exits (gunicorn prints something and exits instead of serving).
"""

GUNICORN_VERSION = "{version}"
'''


def describe_setting(setting: Any, auto_int: Any) -> dict[str, Any]:
    """Return the table row for one gunicorn Setting class."""
    if setting.action in NO_VALUE_ACTIONS:
        arity = "none"
    elif setting.action in ONE_VALUE_ACTIONS and setting.nargs is None:
        arity = "one"
    elif setting.action in ONE_VALUE_ACTIONS and setting.nargs == "?":
        arity = "optional"
    else:
        raise SystemExit(f"unsupported action/nargs for {setting.name}: {setting.action}/{setting.nargs}")
    value_type = type_name(setting, auto_int) if arity != "none" else "str"
    return {
        "flags": tuple(setting.cli),
        "arity": arity,
        "type": value_type,
        "non_negative": value_type != "str" and rejects_negative(setting),
        "exits": setting.name in ("check_config", "print_config"),
    }


def type_name(setting: Any, auto_int: Any) -> str:
    """Name the argparse type gunicorn gives the option's value."""
    if setting.type is None:
        return "str"
    if setting.type is int:
        return "int"
    if setting.type is auto_int:
        return "auto_int"
    raise SystemExit(f"unsupported type for {setting.name}: {setting.type!r}")


def rejects_negative(setting: Any) -> bool:
    """Tell whether the setting's validator refuses -1."""
    try:
        setting.validator(-1)
    except (ValueError, TypeError):
        return True
    return False


def build_table() -> tuple[str, dict[str, dict[str, Any]]]:
    """Read the installed gunicorn and return (version, table)."""
    import gunicorn
    from gunicorn import config

    table = dict(PARSER_OPTIONS)
    for setting in config.KNOWN_SETTINGS:
        if setting.cli:
            table[setting.name] = describe_setting(setting, config.auto_int)
    return gunicorn.__version__, dict(sorted(table.items()))


def render(version: str, table: dict[str, dict[str, Any]]) -> str:
    """Render the module text for the table."""
    lines = [HEADER.format(version=version), "GUNICORN_OPTIONS: dict[str, dict] = {"]
    for name, row in table.items():
        flags = ", ".join(json.dumps(flag) for flag in row["flags"]) + ("," if len(row["flags"]) == 1 else "")
        lines.append(f"    {json.dumps(name)}: {{")
        arity, value_type = json.dumps(row["arity"]), json.dumps(row["type"])
        lines.append(f'        "flags": ({flags}), "arity": {arity}, "type": {value_type},')
        lines.append(f'        "non_negative": {row["non_negative"]}, "exits": {row["exits"]},')
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Write the table, or with --check report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed table is stale")
    args = parser.parse_args(argv)
    text = render(*build_table())
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        print("up to date" if current == text else f"{TARGET} is stale; regenerate it")
        return 0 if current == text else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
