#!/usr/bin/env bash
# The whole suite with the process clock moved by libfaketime (Debian package `faketime`) to the dates
# of the school year where a real-date dependency would show. One line per date; exit 1 if any failed.
# Usage: bash test/on-dates.sh ['2027-02-14 19:30:00 +0300' ...]   (default: the five dates below)
set -uo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "faketime is not installed: apt-get install faketime" >&2; exit 2; }

dates=("$@")
if [ ${#dates[@]} -eq 0 ]; then
  dates=(
    '2026-09-01 07:55:00 +0300' # the first school day, before the first lesson
    '2027-01-17 20:30:00 +0300' # a Sunday evening in winter
    '2026-12-31 23:59:00 +0300' # New Year's Eve, a minute to midnight
    '2027-05-31 21:15:00 +0300' # the last day of the school year, after 21:00
    '2027-07-15 12:00:00 +0300' # the summer holidays
  )
fi

rc=0
for d in "${dates[@]}"; do
  report=$(mktemp --suffix=.json)
  start=$(date +%s)
  # Monotonic time is left alone: timers and timeouts keep their real length.
  faketime -m --exclude-monotonic "$d" npm test -- --reporter=dot --reporter=json --outputFile.json="$report" \
    >"$report.log" 2>&1
  took=$(( $(date +%s) - start ))
  line=$(node -e '
    const r = require(process.argv[1]);
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
    process.exit(r.numFailedTests > 0 || r.numPassedTests === 0 ? 1 : 0);
  ' "$report" 2>/dev/null) || { rc=1; line="${line:-no report} (log: $report.log)"; }
  echo "$d: $line in ${took} s"
done
exit $rc
