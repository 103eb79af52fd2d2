#!/usr/bin/env bash
# Time from `make run` on a fresh clone to the first served page.
#
#   bench/startup.sh [PORT]
#
# Clones the committed HEAD into a temporary directory, runs `make run` there
# (creating .venv, installing from uv.lock, migrating, importing the course,
# starting Redis, the worker and the web server) and polls the login page until
# it answers 200. Prints the seconds, then stops the run with Ctrl-C (SIGINT)
# and checks that nothing it started is left.
set -euo pipefail
port=${1:-8765}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/proctor"
cd "$work/proctor"
start=$(date +%s.%N)
PORT=$port setsid make run >"$work/run.log" 2>&1 &
runner=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$port/accounts/login/" 2>/dev/null; do
    if ! kill -0 "$runner" 2>/dev/null; then cat "$work/run.log"; exit 1; fi
    sleep 0.1
done
end=$(date +%s.%N)
python3 -c "print(f'make run on a fresh clone -> first page served: {$end - $start:.1f} s')"
kill -INT -- "-$runner"
wait "$runner" || true
sleep 1
if pgrep -f "$work/proctor" >/dev/null; then
    echo "LEFT BEHIND:"; pgrep -af "$work/proctor"; exit 1
fi
echo "Ctrl-C stopped everything it started."
