#!/usr/bin/env bash
# Runs every test against a throwaway PostgreSQL and Redis on free loopback ports, then tears them down.
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~Domain").
set -euo pipefail
cd "$(dirname "$0")"
source scripts/stack.sh

sy_ensure_packages chromium

work="$(mktemp -d /tmp/switchyard-test.XXXXXX)"
chmod 755 "$work"
pg_port="$(sy_free_port)"
redis_port="$(sy_free_port)"
while [ "$redis_port" = "$pg_port" ]; do redis_port="$(sy_free_port)"; done
pg_password="test-$(date +%s)-$RANDOM"

cleanup() {
  sy_pg_stop "$work/pg"
  sy_redis_stop "$work/redis"
  rm -rf "$work"
}
trap cleanup EXIT

sy_log "starting throwaway PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port"
sy_pg_start "$work/pg" "$pg_port" "$pg_password" throwaway
sy_redis_start "$work/redis" "$redis_port" throwaway

# Tests create a fresh database per test class from this admin connection.
export SWITCHYARD_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=postgres"
export SWITCHYARD_TEST_REDIS="127.0.0.1:$redis_port"
export SWITCHYARD_TEST_REDIS_DIR="$work/redis"
export SWITCHYARD_REPO_ROOT="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

sy_log "building"
dotnet build Platform.sln -c Debug -nologo -v quiet
sy_log "testing"
status=0
# One assembly at a time: run side by side on two cores, the gateways, browsers and databases of different
# assemblies starve each other, and the tests that measure propagation or fail-fast times measure the neighbours.
for project in tests/*.Tests/*.Tests.csproj; do
  # The gateway runs with inline socket completions (src/Gateway/SocketCompletions.cs), so its tests do too. Not the
  # others: the dashboard does synchronous database reads (ASP.NET Core Data Protection) that must not run inline.
  inline=""
  [[ "$project" == */Gateway.Tests/* ]] && inline="DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-1}"
  env $inline dotnet test "$project" -c Debug --no-build -nologo --logger "console;verbosity=normal" \
    --logger trx --results-directory "$work/results" "$@" || status=$?
done

# One closing line over every test assembly, from the TRX files.
passed=0; failed=0; skipped=0
for trx in "$work"/results/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
  # CI shows only the end of the log: name what failed right above the summary.
  awk -f scripts/trx-failures.awk "$trx"
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then sy_die "no test ran"; fi
exit "$status"
