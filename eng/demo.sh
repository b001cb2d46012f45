#!/usr/bin/env bash
# The demo, end to end: installs what is missing, builds forge, serves the demo university site on 127.0.0.1 and runs
# scrape → curate → export → train → evaluate → report on it. Extra arguments go to `forge demo` (e.g. --port 5190).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash eng/setup.sh
echo "[demo] building forge"
dotnet build src/DatasetForge.Cli -c Release -nologo -clp:ErrorsOnly -v:quiet
exec dotnet artifacts/bin/DatasetForge.Cli/release/forge.dll demo "$@"
