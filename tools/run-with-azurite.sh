#!/usr/bin/env bash
# One command for the standalone app on real Azure Storage APIs: starts Azurite's blob and queue services (from this
# folder's npm install) and runs the app with its queues and file store on them. Stopping the app stops Azurite.
#   tools/run-with-azurite.sh [app arguments, e.g. --urls http://127.0.0.1:7072]
# AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT (10000 / 10001) and AZURITE_LOCATION (.azurite) change where Azurite runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
azurite="$root/tools/node_modules/azurite/dist/src"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
location="${AZURITE_LOCATION:-$root/.azurite}"

if [ ! -f "$azurite/blob/main.js" ]; then
  (cd "$root/tools" && npm ci --no-audit --no-fund)
fi
mkdir -p "$location"

node "$azurite/blob/main.js" --blobHost 127.0.0.1 --blobPort "$blob_port" --location "$location" --silent --disableTelemetry &
blob_pid=$!
node "$azurite/queue/main.js" --queueHost 127.0.0.1 --queuePort "$queue_port" --location "$location" --silent --disableTelemetry &
queue_pid=$!
trap 'kill "$blob_pid" "$queue_pid" 2>/dev/null || true; wait "$blob_pid" "$queue_pid" 2>/dev/null || true' EXIT

for port in "$blob_port" "$queue_port"; do
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "Azurite did not listen on port $port" >&2; exit 1; }
done

# Azurite's account and the fixed key Microsoft publishes for it (the same as UseDevelopmentStorage=true), with the
# endpoints spelled out so that other ports work too.
account="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export Queues__Provider=azure
export Queues__ConnectionString="$account;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1"
export Files__Provider=blob
export Files__ConnectionString="$account;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1"
dotnet run --project "$root/src/InterviewFunctions.App" -- "$@"
