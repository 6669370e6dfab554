#!/usr/bin/env bash
# Brings the whole platform up locally: PostgreSQL and Redis (data under .data/), migrations, the demo
# organization, the mock provider, the gateway and the dashboard. Ctrl-C stops everything it started.
#
# Environment (all optional):
#   SWITCHYARD_GATEWAY_PORT (8080)  SWITCHYARD_DASHBOARD_PORT (5080)  SWITCHYARD_MOCK_PORT (9090)
#   SWITCHYARD_PG_PORT (55432)      SWITCHYARD_REDIS_PORT (56379)
#   SWITCHYARD_DEMO_UPSTREAM        OpenAI-compatible base URL for the demo connections instead of the mock
#   SWITCHYARD_CONFIGURATION        Release (default) or Debug
set -euo pipefail
cd "$(dirname "$0")"
source scripts/stack.sh

gateway_port="${SWITCHYARD_GATEWAY_PORT:-8080}"
dashboard_port="${SWITCHYARD_DASHBOARD_PORT:-5080}"
mock_port="${SWITCHYARD_MOCK_PORT:-9090}"
pg_port="${SWITCHYARD_PG_PORT:-55432}"
redis_port="${SWITCHYARD_REDIS_PORT:-56379}"
configuration="${SWITCHYARD_CONFIGURATION:-Release}"
data="$PWD/.data"

for port in "$gateway_port" "$dashboard_port" "$mock_port" "$pg_port" "$redis_port"; do
  sy_port_free "$port" || sy_die "port $port on 127.0.0.1 is in use (another ./run.sh?). Stop it or choose ports with SWITCHYARD_*_PORT."
done

sy_ensure_packages
mkdir -p "$data/logs"
chmod 755 "$data"

# Secrets generated once and kept: the database password and the master key that seals provider keys.
if [ ! -f "$data/secrets.env" ]; then
  umask 077
  {
    echo "PG_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
    echo "MASTER_KEY=$(head -c 32 /dev/urandom | base64)"
    echo "DEMO_PASSWORD=Demo-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 10)!"
  } > "$data/secrets.env"
  umask 022
fi
# shellcheck disable=SC1091
source "$data/secrets.env"

pids=()
cleanup() {
  trap - INT TERM EXIT
  # A terminal or pipe that went away with the Ctrl-C must not stop the clean-up half way.
  trap '' PIPE
  sy_log "stopping" || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  sy_redis_stop "$data/redis"
  sy_pg_stop "$data/postgres"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sy_log "starting PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port (data in .data/)"
sy_pg_start "$data/postgres" "$pg_port" "$PG_PASSWORD"
sy_redis_start "$data/redis" "$redis_port"
if ! sy_pg_run psql -h "$data/postgres" -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='switchyard'" postgres | grep -q 1; then
  sy_pg_run psql -h "$data/postgres" -p "$pg_port" -U postgres -qc "CREATE DATABASE switchyard" postgres
fi

export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Database=switchyard;Username=postgres;Password=$PG_PASSWORD"
export Redis__Configuration="127.0.0.1:$redis_port"
export Secrets__ActiveKeyId="local1"
export Secrets__Keys__local1="$MASTER_KEY"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"

sy_log "building ($configuration)"
for app in Gateway Web MockProvider; do
  dotnet build "src/$app/$app.csproj" -c "$configuration" -nologo -v quiet
done
bin() { echo "src/$1/bin/$configuration/net10.0/Switchyard.$1.dll"; }

sy_log "applying migrations and seeding the demo organization"
existing_key=""
if [ -f "$data/demo.env" ]; then existing_key="$(sed -n 's/^SWITCHYARD_DEMO_API_KEY=//p' "$data/demo.env")"; fi
seed="$(SWITCHYARD_DEMO_PASSWORD="$DEMO_PASSWORD" SWITCHYARD_DEMO_API_KEY="$existing_key" \
  SWITCHYARD_MOCK_URL="http://127.0.0.1:$mock_port" SWITCHYARD_DEMO_UPSTREAM="${SWITCHYARD_DEMO_UPSTREAM:-}" \
  dotnet "$(bin Gateway)" seed-demo)"
{
  echo "SWITCHYARD_GATEWAY_URL=http://127.0.0.1:$gateway_port"
  echo "SWITCHYARD_DASHBOARD_URL=http://127.0.0.1:$dashboard_port"
  echo "SWITCHYARD_MOCK_URL=http://127.0.0.1:$mock_port"
  echo "$seed"
} > "$data/demo.env"
chmod 600 "$data/demo.env"

sy_log "starting the mock provider, the gateway and the dashboard (logs in .data/logs/)"
dotnet "$(bin MockProvider)" --urls "http://127.0.0.1:$mock_port" > "$data/logs/mock.log" 2>&1 & pids+=($!)
mock_pid=$!
dotnet "$(bin Gateway)" --urls "http://127.0.0.1:$gateway_port" > "$data/logs/gateway.log" 2>&1 & pids+=($!)
gateway_pid=$!
dotnet "$(bin Web)" --urls "http://127.0.0.1:$dashboard_port" > "$data/logs/web.log" 2>&1 & pids+=($!)
web_pid=$!
sy_wait_http "http://127.0.0.1:$mock_port/health" 60 "mock provider" "$mock_pid"
sy_wait_http "http://127.0.0.1:$gateway_port/health/ready" 90 "gateway" "$gateway_pid"
sy_wait_http "http://127.0.0.1:$dashboard_port/health/live" 90 "dashboard" "$web_pid"

# shellcheck disable=SC1091
source "$data/demo.env"
cat <<INFO

  Switchyard is running.

  Dashboard   $SWITCHYARD_DASHBOARD_URL    sign in as $SWITCHYARD_DEMO_EMAIL / $SWITCHYARD_DEMO_PASSWORD
  Gateway     $SWITCHYARD_GATEWAY_URL    demo key $SWITCHYARD_DEMO_API_KEY
  Demo group  $SWITCHYARD_DEMO_GROUP_ID (70/30)   flaky group $SWITCHYARD_DEMO_FLAKY_GROUP_ID
  Mock        $SWITCHYARD_MOCK_URL
  Settings    .data/demo.env (source it in scripts)   logs in .data/logs/

  Try it:
    curl -sS $SWITCHYARD_GATEWAY_URL/v1/chat/completions \\
      -H "Authorization: Bearer $SWITCHYARD_DEMO_API_KEY" -H "Content-Type: application/json" \\
      -d '{"load_balance_group":{"group_id":"$SWITCHYARD_DEMO_GROUP_ID"},"messages":[{"role":"user","content":"hi"}]}'

  Press Ctrl-C to stop.
INFO

wait -n "${pids[@]}" || true
sy_log "a process exited; see .data/logs/"
