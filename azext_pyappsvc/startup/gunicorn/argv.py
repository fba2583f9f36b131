"""gunicorn's command line, read the way gunicorn's own argparse parser reads it (pure).

gunicorn builds an argparse.ArgumentParser (allow_abbrev left True) from its
settings and stops at the first error. This module mirrors CPython 3.11's
argparse for that parser over the generated table in gunicorn/options.py:
`--opt value` and `--opt=value`, `-w 4`, `-w4`, `-w=4`, clusters of switches
(`-Rw3`), unambiguous prefixes of long options (`--time 600` IS accepted),
`--` ending the options, one positional group (the app module first), and the
values gunicorn's validators refuse afterwards (negative numbers). Tokens that
still contain `$` or a backtick are left for the shell: we never judge them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Sequence

from .options import GUNICORN_OPTIONS, GUNICORN_VERSION

SHELL_EXPANSION = re.compile(r"[$`]")
NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")
END_OF_OPTIONS = "--"


@dataclass(frozen=True)
class GunicornOption:
    """One command-line option of gunicorn, from the generated table."""

    name: str
    flags: tuple[str, ...]
    arity: str  # "none" | "one" | "optional"
    value_type: str  # "str" | "int" | "auto_int"
    non_negative: bool
    exits: bool


@dataclass(frozen=True)
class ArgvProblem:
    """Something gunicorn would stop on; message and fix are for people."""

    code: str  # unknown-option, ambiguous-option, missing-value, invalid-value, unexpected-value, ...
    token: str
    message: str
    fix: str


@dataclass(frozen=True)
class GunicornArgv:
    """What gunicorn makes of an argument list."""

    given: tuple[tuple[str, str | None], ...]  # (setting name, raw value or None for a switch)
    app: tuple[str, ...]  # positional arguments; gunicorn takes the first as the app module
    problems: tuple[ArgvProblem, ...]

    def values(self, name: str) -> list[str | None]:
        """Return every value given for a setting, in order."""
        return [value for given_name, value in self.given if given_name == name]

    def has(self, name: str) -> bool:
        """Tell whether a setting was given at all."""
        return any(given_name == name for given_name, _ in self.given)


OPTIONS_BY_NAME: dict[str, GunicornOption] = {
    name: GunicornOption(name, tuple(row["flags"]), row["arity"], row["type"], row["non_negative"], row["exits"])
    for name, row in GUNICORN_OPTIONS.items()}
OPTIONS_BY_FLAG: dict[str, GunicornOption] = {
    flag: option for option in OPTIONS_BY_NAME.values() for flag in option.flags}

OptionMatch = tuple["GunicornOption | None", str, "str | None"]


class _Stop(Exception):
    """gunicorn's parser would exit here."""

    def __init__(self, problem: ArgvProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def parse_gunicorn_argv(args: Sequence[str]) -> GunicornArgv:
    """Read gunicorn's arguments (without the program name) like gunicorn would."""
    reader = _ArgvReader(list(args))
    try:
        reader.run()
    except _Stop as stop:
        reader.problems.append(stop.problem)
    return GunicornArgv(tuple(reader.given), tuple(reader.app), tuple(reader.problems))


class _ArgvReader:  # pylint: disable=too-many-instance-attributes  # argparse's parser state
    """argparse's _parse_known_args, reduced to gunicorn's parser."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.given: list[tuple[str, str | None]] = []
        self.app: list[str] = []
        self.problems: list[ArgvProblem] = []
        self.extras: list[str] = []
        self.positional_done = False
        self.pattern = ""
        self.option_at: dict[int, OptionMatch] = {}

    def run(self) -> None:
        """Consume positionals and options alternately, then check what is left."""
        self.pattern, self.option_at = _classify_all(self.tokens)
        index, last_option = 0, max(self.option_at, default=-1)
        while index <= last_option:
            next_option = min(i for i in self.option_at if i >= index)
            if index != next_option:
                end = self.consume_positionals(index)
                if end > index:
                    index = end
                    continue
            if index not in self.option_at:
                self.extras.extend(self.tokens[index:next_option])
                index = next_option
            index = self.consume_optional(index)
        self.extras.extend(self.tokens[self.consume_positionals(index):])
        self.problems.extend(_extra_problem(token) for token in self.extras if not SHELL_EXPANSION.search(token))
        self.problems.extend(_validation_problems(self.given))

    def consume_positionals(self, index: int) -> int:
        """Give the run of arguments at index to the one positional, once."""
        if self.positional_done:
            return index
        end = index
        while end < len(self.pattern) and self.pattern[end] in "A-":
            end += 1
        values = self.tokens[index:end]
        if END_OF_OPTIONS in values:
            values.remove(END_OF_OPTIONS)
        self.app, self.positional_done = values, True
        return end

    def consume_optional(self, index: int) -> int:
        """Take the option at index (and a cluster of short switches) with its value."""
        option, flag, explicit = self.option_at[index]
        while True:
            if option is None:
                self.extras.append(self.tokens[index])
                return index + 1
            if explicit is None:
                return self.take_following(index, option, flag)
            if option.arity != "none":
                self.take(option, flag, explicit)
                return index + 1
            if flag[1] == "-" or explicit == "":
                raise _Stop(_unexpected_value(flag, explicit))
            self.take(option, flag, None)
            flag, rest = "-" + explicit[0], explicit[1:] or None
            if flag not in OPTIONS_BY_FLAG:
                raise _Stop(_unexpected_value(option.flags[0], explicit))
            option, explicit = OPTIONS_BY_FLAG[flag], rest

    def take_following(self, index: int, option: GunicornOption, flag: str) -> int:
        """Take an option whose value, if any, is the next argument."""
        follows = index + 1 < len(self.pattern) and self.pattern[index + 1] == "A"
        if option.arity == "none" or (option.arity == "optional" and not follows):
            self.take(option, flag, None)
            return index + 1
        if not follows:
            raise _Stop(_missing_value(flag, self.tokens[index + 1:index + 2]))
        self.take(option, flag, self.tokens[index + 1])
        return index + 2

    def take(self, option: GunicornOption, flag: str, value: str | None) -> None:
        """Record an option, converting its value like argparse's type= does."""
        if option.exits and option.name in ("help", "version"):
            raise _Stop(_exits(flag))
        if value is not None and option.value_type != "str" and convert_int(option, value) is None:
            raise _Stop(_invalid_int(flag, value))
        self.given.append((option.name, value))


def convert_int(option: GunicornOption, value: str) -> int | None:
    """Convert an int option's value as gunicorn does; None when it cannot.

    A value the shell would still expand ($VAR) is not judged: it converts to 0.
    """
    if SHELL_EXPANSION.search(value):
        return 0
    try:
        if option.value_type == "auto_int":
            octal = re.match(r"0(\d)", value)
            return int(value.replace("0", "0o", 1) if octal else value, 0)
        return int(value)
    except ValueError:
        return None


def _classify_all(tokens: list[str]) -> tuple[str, dict[int, OptionMatch]]:
    pattern: list[str] = []
    option_at: dict[int, OptionMatch] = {}
    options_ended = False
    for index, token in enumerate(tokens):
        if options_ended:
            pattern.append("A")
        elif token == END_OF_OPTIONS:
            pattern.append("-")
            options_ended = True
        elif (match := _classify(token)) is None:
            pattern.append("A")
        else:
            option_at[index] = match
            pattern.append("O")
    return "".join(pattern), option_at


def _classify(token: str) -> OptionMatch | None:
    """argparse's _parse_optional: None for a positional, else (option or None, flag, explicit value)."""
    if not token or token[0] != "-":
        return None
    if token in OPTIONS_BY_FLAG:
        return OPTIONS_BY_FLAG[token], token, None
    if len(token) == 1:
        return None
    if "=" in token:
        flag, explicit = token.split("=", 1)
        if flag in OPTIONS_BY_FLAG:
            return OPTIONS_BY_FLAG[flag], flag, explicit
    matches = _prefix_matches(token)
    if len(matches) > 1:
        raise _Stop(_ambiguous(token, [flag for _, flag, _ in matches]))
    if matches:
        return matches[0]
    return None if NEGATIVE_NUMBER.match(token) or " " in token else (None, token, None)


def _prefix_matches(token: str) -> list[OptionMatch]:
    """argparse's _get_option_tuples for allow_abbrev=True."""
    if token.startswith("--"):
        prefix, explicit = token.split("=", 1) if "=" in token else (token, None)
        return [(OPTIONS_BY_FLAG[flag], flag, explicit) for flag in OPTIONS_BY_FLAG if flag.startswith(prefix)]
    matches: list[OptionMatch] = []
    for flag, option in OPTIONS_BY_FLAG.items():
        if flag == token[:2]:
            matches.append((option, flag, token[2:]))
        elif flag.startswith(token):
            matches.append((option, flag, None))
    return matches


def _validation_problems(given: list[tuple[str, str | None]]) -> list[ArgvProblem]:
    """What gunicorn's settings refuse after parsing (Config.set validators see only the last value given)."""
    problems = []
    for name, value in dict(given).items():
        option = OPTIONS_BY_NAME[name]
        if option.exits:
            problems.append(_exits(option.flags[-1]))
        elif value is not None and option.non_negative and (convert_int(option, value) or 0) < 0:
            problems.append(ArgvProblem(
                "invalid-value", value,
                f"{option.flags[-1]} must not be negative ({value}); gunicorn stops with 'Value must be positive'.",
                f"Use a number of 0 or more, e.g. {option.flags[-1]} 4."))
    return problems


def _extra_problem(token: str) -> ArgvProblem:
    if len(token) > 1 and token.startswith("-"):
        return ArgvProblem(
            "unknown-option", token,
            f"gunicorn {GUNICORN_VERSION} has no option {token}: it stops with "
            "'unrecognized arguments' and the app never starts.",
            _unknown_option_fix(token))
    return ArgvProblem(
        "unexpected-argument", token,
        f"'{token}' comes after the options, where gunicorn takes no more arguments "
        "('unrecognized arguments'); the app never starts.",
        "Give the app module once, e.g. right after 'gunicorn' or after all options; remove stray words.")


def _unknown_option_fix(token: str) -> str:
    flag, separator, value = token.partition(":")
    known = separator and _classify_quietly(flag)
    if known:
        return f"Separate the value with a space or '=': {known} {value} (or {known}={value})."
    close = difflib.get_close_matches(token.split("=", 1)[0], list(OPTIONS_BY_FLAG), n=1)
    hint = f"Did you mean {close[0]}? " if close else ""
    return f"{hint}Remove or correct it; 'gunicorn --help' lists the options."


def _classify_quietly(token: str) -> str | None:
    try:
        match = _classify(token)
    except _Stop:
        return None
    return match[1] if match and match[0] is not None and match[2] is None else None


def _ambiguous(token: str, flags: list[str]) -> ArgvProblem:
    likely = (difflib.get_close_matches(token, flags, n=1) or flags)[0]
    return ArgvProblem(
        "ambiguous-option", token,
        f"{token} is the start of several options ({', '.join(flags)}); gunicorn stops with 'ambiguous option'.",
        f"Write the option out in full, e.g. {likely}.")


def _missing_value(flag: str, following: list[str]) -> ArgvProblem:
    after = f"it is followed by '{following[0]}'" if following else "the command ends there"
    return ArgvProblem(
        "missing-value", flag,
        f"{flag} needs a value, but {after}; gunicorn stops with 'expected one argument'.",
        f"Give it a value: {flag} VALUE or {flag}=VALUE.")


def _invalid_int(flag: str, value: str) -> ArgvProblem:
    return ArgvProblem(
        "invalid-value", value,
        f"{flag} takes a whole number; '{value}' is not one, so gunicorn stops with 'invalid int value'.",
        f"Use a number, e.g. {flag} 4.")


def _unexpected_value(flag: str, value: str) -> ArgvProblem:
    return ArgvProblem(
        "unexpected-value", flag,
        f"{flag} is a switch and takes no value, but it got '{value}'; "
        "gunicorn stops with 'ignored explicit argument'.",
        f"Write just {flag}.")


def _exits(flag: str) -> ArgvProblem:
    return ArgvProblem(
        "exits", flag,
        f"{flag} makes gunicorn print something and exit instead of serving; the container stops.",
        f"Remove {flag} from the startup command.")
