#!/usr/bin/env bash
# Starts the whole studio: the local workspace service (unless UPSTREAM=azure) and Next.js on port 3000.
#   npm start          production build, then `next start`
#   npm start -- --dev `next dev` (hot reload)
# The studio listens on 127.0.0.1 only, unless HOST says otherwise (e.g. HOST=0.0.0.0 opens it to the network;
# then the local accounts need the sign-in token or a password for every sign-in).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh

export DATA_DIR="${DATA_DIR:-$PWD/data}"
export PORT="${PORT:-3000}"
export HOST="${HOST:-127.0.0.1}"
export NEXT_TELEMETRY_DISABLED=1
export LOCAL_WORKSPACE_PORT="${LOCAL_WORKSPACE_PORT:-7070}"
mkdir -p "$DATA_DIR"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ "${UPSTREAM:-local}" != "azure" ]; then
  echo "==> local workspace service on http://127.0.0.1:$LOCAL_WORKSPACE_PORT (state in $DATA_DIR/local-workspace)"
  npx --no-install tsx local-workspace/main.ts &
  pids+=($!)
fi

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

if [ "${1:-}" = "--dev" ]; then
  print_sign_in
  npx --no-install next dev -H "$HOST" -p "$PORT" &
else
  if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components features lib instrumentation.ts -newer .next/BUILD_ID -type f -print -quit 2>/dev/null)" ]; then
    echo "==> building the studio"
    npx --no-install next build
  fi
  echo "==> studio on http://$HOST:$PORT"
  print_sign_in
  npx --no-install next start -H "$HOST" -p "$PORT" &
fi
pids+=($!)
wait -n "${pids[@]}"
