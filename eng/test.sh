#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the solution, runs all test projects, and ends with one line
# "N passed, N failed, N skipped" summed over every test assembly.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash eng/setup.sh
echo "[test] building"
if ! dotnet build DatasetForge.sln -c Release -nologo -clp:ErrorsOnly -v:quiet; then
  echo "[test] the build failed; no test ran" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
set +e
dotnet test DatasetForge.sln -c Release --no-build -nologo --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
rc=$?
set -e
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "[test] dotnet test exited with $rc without a failed test: a test host crashed or a project did not run" >&2
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
