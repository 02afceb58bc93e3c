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

wait_port=""
if [ "${UPSTREAM:-local}" != "azure" ]; then
  echo "==> local workspace service on http://127.0.0.1:$LOCAL_WORKSPACE_PORT (state in $DATA_DIR/local-workspace)"
  npx --no-install tsx local-workspace/main.ts &
  pids+=($!)
  wait_port="$LOCAL_WORKSPACE_PORT"
fi

WAIT_FOR_LOCAL_WORKSPACE_PORT="$wait_port" bash scripts/start-studio.sh "$@" &
pids+=($!)
wait -n "${pids[@]}"
