#!/usr/bin/env bash
# Runs the README's commands as a new user would: the run command (on a throwaway SQLite file), then the curl
# walk-through and the CLI examples against it. The blocks are read from README.md, so the README stays true.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d /tmp/opencsp-readme.XXXXXX)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -- "-$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The fenced block that follows a `<!-- readme-check: NAME -->` line.
block() { awk -v name="$1" '$0 ~ "<!-- readme-check: " name " -->" {f=1; next} f && /^```/ {if (in_block) exit; in_block=1; next} in_block' README.md; }

run=$(block run)
[ -n "$run" ] || { echo "README has no run block"; exit 1; }
if (exec 3<>/dev/tcp/127.0.0.1/5080) 2>/dev/null; then echo "port 5080 is in use; stop the other OpenCsp first"; exit 1; fi

export ConnectionStrings__OpenCsp="Data Source=$tmp/opencsp.db"
echo "\$ $run"
setsid bash -c "$run" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 180); do
  curl -sf http://localhost:5080/healthz >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log"; echo "the server exited"; exit 1; }
  sleep 1
done
curl -sf http://localhost:5080/healthz >/dev/null || { cat "$tmp/server.log"; echo "the server did not come up"; exit 1; }
grep -q "OpenCsp is running at http://localhost:5080" "$tmp/server.log" || { cat "$tmp/server.log"; echo "the server did not print its URL"; exit 1; }
# The dashboard as the README promises it: / leads to the sign-in page, and its stylesheet is served.
curl -sfL http://localhost:5080/ | grep -q 'name="Password"' || { echo "/ did not show the dashboard's sign-in page"; exit 1; }
curl -sf -o /dev/null http://localhost:5080/lib/pico/pico.min.css || { echo "the dashboard's stylesheet is not served"; exit 1; }

echo "\$ (README walk-through)"
# Run in the scratch directory: the software block writes its downloads there.
script="$(block walkthrough)"$'\n'"$(block lifecycle)"$'\n'"$(block software)"
out=$(cd "$tmp" && bash -euo pipefail -c "$script")
head -c 600 <<<"$out"; echo
for expected in '"companyName":"Contoso Ltd"' '"objectType":"Collection"' 'Microsoft 365 A3 for faculty' '"status": "active"' '"currencyCode": "EUR"' '"now":' \
  '"totalQuantity": 5' '"quantity": 20' '"status": "suspended"' '"dataDeletionDate": "20' '"allowed": false' '"kind": "data_deletion"' '"status": "deleted"' \
  '"downloadsLeft": 50' 'OpenCsp demo download' '"daysLeft": 60' '"status": "cancelled"' '"activationKey": null' '"code": 950100'; do
  grep -qF "$expected" <<<"$out" || { tail -c 3000 <<<"$out"; echo "walk-through output lacks $expected"; exit 1; }
done

echo "\$ (README CLI examples)"
cli=$(bash -euo pipefail -c "$(block cli)")
echo "$cli"
grep -q "client_secret:" <<<"$cli" || { echo "the CLI did not print a client secret"; exit 1; }
grep -q "Imported 7 rows" <<<"$cli" || { echo "the CLI did not import the sample price list"; exit 1; }
echo "README commands: ok"
