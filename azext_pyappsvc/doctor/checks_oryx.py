"""Checks of what Oryx does with the deployed build: a compressed output, and what the latest start ran."""
from __future__ import annotations

import re

from ..startup.detection import StartupPrediction
from ..startup.observed import ObservedStart, brief, describe, observed_differences
from .constants import DEPENDENCY_FILES, MAX_COMMAND_CHARS
from .derived import Derived
from .findings import Finding, Status, finding
from .gates import app_args, part_gate, python_gate
from .redact import quote
from .snapshot import Snapshot


def compressed_build_requirements(snapshot: Snapshot, derived: Derived) -> Finding | None:
    """build.requirements for a manifest-described compressed build: it was built, so the sources are in the archive."""
    prediction = derived.prediction.value if derived.prediction.ok else None
    build = prediction.build if prediction else None
    if not build or not build.get("compressed"):
        return None
    archive = build.get("archive") or "the compressed output"
    facts = derived.app_facts.value if derived.build.extracted is not None and derived.app_facts.ok else None
    if facts is None:
        return finding("build.requirements", Status.PASS, f"oryx-manifest.toml in {snapshot.tree_label} describes an "
                       f"Oryx build whose output is {archive}: the dependencies were installed when it was built.")
    present = [name for name in DEPENDENCY_FILES if facts.has_file(name)]
    if present:
        return finding("build.requirements", Status.PASS, f"Built by Oryx into {archive}, which holds {present[0]}.")
    return finding("build.requirements", Status.WARN, f"Built by Oryx into {archive}, but it holds none of "
                   f"{', '.join(DEPENDENCY_FILES)}: the build installed nothing.",
                   "Add requirements.txt at the root of what you deploy and redeploy.")


SENTENCE_END = re.compile(r"(?<!\.)\. (?=[A-Z])")  # "Invalid value ... for" is not a sentence end


def split_failure(text: str) -> tuple[str, str]:
    """(the first sentence: the finding, the rest: its fix or "")."""
    sentence, rest = (SENTENCE_END.split(text, maxsplit=1) + [""])[:2]
    return sentence, rest


def failure_finding(check_id: str, derived: Derived) -> Finding | None:
    """A FAIL when the prediction says the start-up script itself fails (a panic, an exit, a broken command)."""
    prediction = derived.prediction.value if derived.prediction.ok else None
    if prediction is None or not prediction.failure:
        return None
    sentence, rest = split_failure(prediction.failure)
    return finding(check_id, Status.FAIL, f"The container does not start: {sentence.rstrip('.')}.", rest or None)


def unread_build_finding(check_id: str, snapshot: Snapshot, derived: Derived) -> Finding | None:
    """A SKIP when a compressed output decides what runs but was not read and the log does not say."""
    prediction = derived.prediction.value if derived.prediction.ok else None
    if prediction is None or prediction.source != "unknown" or not (prediction.build or {}).get("compressed"):
        return None
    note = derived.build.extracted_note or "it was not read"
    return finding(check_id, Status.SKIP, f"Not predicted: the app runs from {prediction.build.get('archive')} "
                   f"extracted to {prediction.app_path}, and {note}.",
                   f"az pyappsvc doctor {app_args(snapshot)} --read-archive")


def check_startup_observed(snapshot: Snapshot, derived: Derived) -> Finding:
    """startup.observed: the latest start's log (Oryx's own lines) ran what the prediction says."""
    gate = python_gate("startup.observed", derived) or part_gate("startup.observed", snapshot.docker_log,
                                                                 "the docker log")
    if gate:
        return gate
    observed = derived.observed
    if observed is None:
        return finding("startup.observed", Status.SKIP, "The latest docker log holds no start of the container.")
    shown = quote(observed.command or "", derived.secrets, MAX_COMMAND_CHARS)
    if observed.failure:
        return finding("startup.observed", Status.FAIL, f"The latest start failed in Oryx: "
                       f"{quote(observed.failure, derived.secrets, MAX_COMMAND_CHARS)}",
                       "Fix the cause named in the line, then restart the app (az webapp restart).")
    if observed.source is None:
        return finding("startup.observed", Status.SKIP, "The latest start's log does not say what Oryx ran (no "
                       "\"Detected an app based on\" or \"Launching oryx with\" line).")
    if not derived.prediction.ok or derived.prediction.value.source == "unknown":
        return finding("startup.observed", Status.PASS if shown else Status.SKIP,
                       f"{describe(observed)[:1].upper()}{describe(observed)[1:]}." if shown else
                       "The latest start's log does not say what ran.")
    prediction = derived.prediction.value
    differences = _differences(prediction, observed)
    predicted = quote(brief(prediction), derived.secrets, MAX_COMMAND_CHARS)
    if differences:
        return finding("startup.observed", Status.WARN, f"The latest start differs from the prediction: "
                       f"{'; '.join(differences)}. Observed: {shown or 'nothing'}; predicted: {predicted}.",
                       f"If the app changed since that start, restart it (az webapp restart {app_args(snapshot)}); "
                       "otherwise the start-up ran what the log says, not what doctor predicts.")
    return finding("startup.observed", Status.PASS, f"The latest start ran what is predicted: {shown or predicted}.")


def _differences(prediction: StartupPrediction, observed: ObservedStart) -> list[str]:
    differences = observed_differences(prediction.source, prediction.module, prediction.app_path, observed,
                                       prediction.app_command_line)
    if prediction.source == "custom" and observed.user_startup_command is not None:
        received = prediction.command.split('" ', 1)[-1] if prediction.command.startswith('PATH="') else ""
        if received and observed.user_startup_command != received:
            differences.append("it ran another custom command")
    return differences
