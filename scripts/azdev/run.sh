#!/usr/bin/env bash
# make azdev: the Azure CLI extension index's checks, offline: `azdev linter --include-whl-extensions pyappsvc`
# and `azdev style pyappsvc`, with azure-cli-extensions' pylintrc and .flake8 settings (./pylintrc, ./.flake8)
# and the linter exclusions (./linter_exclusions.yml).
#
# azdev normally runs in a clone of azure-cli and azure-cli-extensions set up by `azdev setup`. It needs:
#  - VIRTUAL_ENV set, and its config naming the azure-cli repo ([cli] repo_path) and the extension repos
#    ([ext] repo_paths); knack reads it from $AZDEV_CONFIG_DIR/config when that variable is set;
#  - <azure-cli repo>/scripts/ci/cmdcov.yml, read when the linter is imported (else downloaded from GitHub);
#  - an extension repo holding pylintrc, .flake8, linter_exclusions.yml and the extension's source with its
#    *.egg-info (how azdev style finds extensions), and the wheel installed for `--include-whl-extensions`.
# All of it is built under .azdev/ (git-ignored), with its own AZURE_CONFIG_DIR: ~/.azure is never touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
VENV="$ROOT/${AZDEV_VENV:-.venv-azdev}"
WORK="$ROOT/.azdev"
WHEEL="$(ls -t dist/pyappsvc-*-py3-none-any.whl | head -1)"

rm -rf "$WORK"
mkdir -p "$WORK/azure-cli/scripts/ci" "$WORK/extensions/src/pyappsvc" "$WORK/azure"
cp scripts/azdev/cmdcov.yml "$WORK/azure-cli/scripts/ci/cmdcov.yml"
cp pylintrc .flake8 linter_exclusions.yml "$WORK/extensions/"
cp -r setup.py README.md HISTORY.rst LICENSE docs azext_pyappsvc "$WORK/extensions/src/pyappsvc/"
find "$WORK/extensions" -name __pycache__ -prune -exec rm -rf {} +
(cd "$WORK/extensions/src/pyappsvc" && "$VENV/bin/python" setup.py -q egg_info >/dev/null 2>&1)

export VIRTUAL_ENV="$VENV"
export AZDEV_CONFIG_DIR="$WORK/config" AZURE_CONFIG_DIR="$WORK/azure"
export AZURE_EXTENSION_DIR="$WORK/azure/cliextensions" AZURE_CORE_COLLECT_TELEMETRY=false
mkdir -p "$AZDEV_CONFIG_DIR"
printf '[cli]\nrepo_path = %s\n\n[ext]\nrepo_paths = %s\n' "$WORK/azure-cli" "$WORK/extensions" >"$AZDEV_CONFIG_DIR/config"

"$VENV/bin/az" extension add --source "$WHEEL" -y --only-show-errors
status=0
# Every rule type but command_test_coverage: those rules judge the commands and tests a git diff against the
# azure-cli-extensions repository adds (none here), and azdev 0.2.13's missing_command_example fetches its
# thresholds from Azure blob storage without a fallback when there is no network.
"$VENV/bin/azdev" linter --include-whl-extensions pyappsvc \
    --rule-types params commands command_groups help_entries || status=1
"$VENV/bin/azdev" style pyappsvc || status=1
exit $status
