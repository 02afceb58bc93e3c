#!/usr/bin/env bash
# Starts the studio alone (scripts/start.sh runs it after the local workspace service): prints the sign-in URL,
# builds if the sources are newer than the build, then `next start` (or `next dev` with --dev) on $HOST:$PORT.
# HOST defaults to 127.0.0.1: nothing but this machine can connect. HOST=0.0.0.0 opens it to the network, and then
# every local sign-in needs the sign-in token or a password.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATA_DIR="${DATA_DIR:-$PWD/data}"
export PORT="${PORT:-3000}"
export HOST="${HOST:-127.0.0.1}"
export NEXT_TELEMETRY_DISABLED=1
mkdir -p "$DATA_DIR"

# The local accounts' sign-in token (like Jupyter's): created once, 64 hex characters, mode 0600, exclusive create
# (the studio's lib/server/auth/secrets.ts reads and, if missing, creates the same file the same way).
sign_in_url=""
if [ "${LOCAL_ACCOUNTS:-on}" != "off" ]; then
  token="${LOCAL_SIGN_IN_TOKEN:-}"
  if [ -z "$token" ]; then
    token_file="$DATA_DIR/secrets/sign-in.token"
    node -e '
      const fs = require("node:fs"), path = require("node:path"), crypto = require("node:crypto");
      const file = process.argv[1];
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      try { fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 }); }
      catch (e) { if (e.code !== "EEXIST") throw e; }' "$token_file"
    token="$(tr -d '[:space:]' <"$token_file")"
  fi
  case "$HOST" in
    0.0.0.0 | :: | "[::]") url_host="$(hostname)" ;;
    *:*) url_host="[$HOST]" ;;
    *) url_host="$HOST" ;;
  esac
  sign_in_url="http://$url_host:$PORT/sign-in?token=$token"
fi
print_sign_in() {
  [ -n "$sign_in_url" ] || return 0
  echo "==> sign in (the token is needed from other machines; keep it private):"
  echo "    $sign_in_url"
}

# Started by scripts/start.sh beside the local workspace service (WAIT_FOR_LOCAL_WORKSPACE_PORT): the studio opens
# once the service listens (within seconds; it seeds after), so a first page never meets a refused connection (502).
wait_for_local_service() {
  [ -n "${WAIT_FOR_LOCAL_WORKSPACE_PORT:-}" ] || return 0
  for _ in $(seq 1 1200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$WAIT_FOR_LOCAL_WORKSPACE_PORT") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "==> the local workspace service is not listening on $WAIT_FOR_LOCAL_WORKSPACE_PORT after 2 minutes; starting anyway" >&2
}

if [ "${1:-}" = "--dev" ]; then
  wait_for_local_service
  print_sign_in
  exec npx --no-install next dev -H "$HOST" -p "$PORT"
else
  if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components features lib instrumentation.ts -newer .next/BUILD_ID -type f -print -quit 2>/dev/null)" ]; then
    echo "==> building the studio"
    npx --no-install next build
  fi
  wait_for_local_service
  echo "==> studio on http://$HOST:$PORT"
  print_sign_in
  exec npx --no-install next start -H "$HOST" -p "$PORT"
fi
