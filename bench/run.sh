#!/usr/bin/env bash
# Benchmarks Switchyard beside a plain nginx proxy_pass and the Portkey open-source gateway, all in front of the same
# nginx mock upstream, on loopback only. Installs what it lacks (apt: nginx, its Lua module, wrk, PostgreSQL, Redis;
# npm: @portkey-ai/gateway into a temporary folder), starts everything, runs interleaved rounds, prints one table,
# and stops everything it started. See bench/README.md for the method.
#
# Environment (all optional):
#   BENCH_ROUNDS (3)            rounds; each runs every phase against every target, in a rotated order
#   BENCH_DURATION (8)          seconds of each wrk run
#   BENCH_CONNECTIONS (64)      connections of the throughput run
#   BENCH_LATENCY_CONNECTIONS (4) and BENCH_THINK_MS (10)   the moderate fixed load of the latency run:
#                               each connection waits this long between its requests (≈ 400 req/s offered)
#   BENCH_STREAM_REQUESTS (200) sequential streamed requests per target and round (first-chunk latency)
#   BENCH_TARGETS ("direct nginx portkey floor switchyard")   a subset, e.g. while working on the gateway; "floor" is
#                               Kestrel + HttpClient forwarding with nothing else (bench/Floor), what .NET itself costs; add
#                               "sockets" for the floor below it: plain .NET sockets relaying HTTP/1.1 on the socket
#                               threads, no Kestrel, HttpClient or thread pool (bench/SocketsFloor, an experiment); add
#                               "floor-rawclient" (Kestrel with a plain-sockets upstream client) and "sockets-httpclient"
#                               (the sockets server with HttpClient upstream) to split the floor between server and client; add
#                               "switchyard-b" for an A/B comparison inside one run: a second gateway on the same
#                               database and upstream, started with BENCH_B_ENV ("VAR=value ...") in its environment
#                               and BENCH_B_DLL (another build's Switchyard.Gateway.dll) if given
#                               With switchyard-b, each round also runs both gateways at once ("side by side": half
#                               the connections each, one wrk per gateway), so both see the same moment of the machine
#   BENCH_CPU_IDLE (halt)       "poll" keeps the CPUs out of their halt state for the whole run (holds
#                               /dev/cpu_dma_latency at 0 µs, the PM QoS request tuned's latency profiles make; needs root),
#                               to see what waking an idle CPU costs each target at the moderate load
#   BENCH_WARMUP (25)           seconds of load (throughput run settings) for each .NET target (gateways, floors)
#                               before the rounds, so tiered compilation has settled; nginx gets 3, Portkey 10
#   BENCH_NO_BUILD=1            use the existing Release build of the gateway
#   BENCH_KEEP=1                keep the working folder (logs of every process, the raw wrk lines) instead of removing it
#   BENCH_OUT (bench/results/latest.md)  where the table is written as well
# Anything else in the environment (e.g. DOTNET_TieredPGO=0) reaches the gateway process.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh

rounds="${BENCH_ROUNDS:-3}"
duration="${BENCH_DURATION:-8}"
connections="${BENCH_CONNECTIONS:-64}"
latency_connections="${BENCH_LATENCY_CONNECTIONS:-4}"
think_ms="${BENCH_THINK_MS:-10}"
stream_requests="${BENCH_STREAM_REQUESTS:-200}"
targets=(${BENCH_TARGETS:-direct nginx portkey floor switchyard})
out="${BENCH_OUT:-$PWD/bench/results/latest.md}"
cpu_idle="${BENCH_CPU_IDLE:-halt}"
[[ "$cpu_idle" == halt || "$cpu_idle" == poll ]] || sy_die "BENCH_CPU_IDLE must be halt or poll, not '$cpu_idle'"
[[ "$cpu_idle" == halt || -e /dev/cpu_dma_latency ]] || sy_die "BENCH_CPU_IDLE=poll needs /dev/cpu_dma_latency, which this machine lacks"
portkey_version="1.15.2"
started_at=$(date +%s)

log() { printf '\033[1;35m[bench]\033[0m %s\n' "$*" >&2; }
has_target() { [[ " ${targets[*]} " == *" $1 "* ]]; }

# --- what it needs -----------------------------------------------------------------------------------------------
sy_ensure_packages nginx libnginx-mod-http-lua wrk
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if has_target portkey; then
    log "installing nodejs and npm (apt)"
    sy_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
fi

work="$(mktemp -d /tmp/switchyard-bench.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  trap - INT TERM EXIT
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  sy_redis_stop "$work/redis"
  sy_pg_stop "$work/pg"
  if [ -n "${BENCH_KEEP:-}" ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port() {
  local p
  p="$(sy_free_port)"
  while [[ " ${used_ports:-} " == *" $p "* ]]; do p="$(sy_free_port)"; done
  used_ports="${used_ports:-} $p"
  echo "$p"
}
mock_port="$(port)"; nginx_port="$(port)"; portkey_port="$(port)"; gateway_port="$(port)"; gateway_b_port="$(port)"
floor_port="$(port)"; sockets_port="$(port)"; floor_raw_port="$(port)"; sockets_hc_port="$(port)"
pg_port="$(port)"; redis_port="$(port)"

# --- builds (in parallel with the installs that follow) ----------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  log "building the gateway (Release) and the stream probe"
  dotnet build src/Gateway -c Release -nologo -v quiet >"$work/build.log" 2>&1 \
    || { tail -n 30 "$work/build.log" >&2; sy_die "gateway build failed"; }
fi
dotnet build bench/StreamProbe -c Release -nologo -v quiet >"$work/probe-build.log" 2>&1 \
  || { tail -n 30 "$work/probe-build.log" >&2; sy_die "stream probe build failed"; }
if has_target floor || has_target floor-rawclient; then
  dotnet build bench/Floor -c Release -nologo -v quiet >"$work/floor-build.log" 2>&1 \
    || { tail -n 30 "$work/floor-build.log" >&2; sy_die "floor build failed"; }
fi
if has_target sockets || has_target sockets-httpclient; then
  dotnet build bench/SocketsFloor -c Release -nologo -v quiet >"$work/sockets-build.log" 2>&1 \
    || { tail -n 30 "$work/sockets-build.log" >&2; sy_die "sockets floor build failed"; }
fi
floor_dll="$PWD/bench/Floor/bin/Release/net10.0/Switchyard.Floor.dll"
sockets_dll="$PWD/bench/SocketsFloor/bin/Release/net10.0/Switchyard.SocketsFloor.dll"
gateway_dll="$PWD/src/Gateway/bin/Release/net10.0/Switchyard.Gateway.dll"
probe_dll="$PWD/bench/StreamProbe/bin/Release/net10.0/Switchyard.StreamProbe.dll"

# --- the mock upstream and the nginx baseline --------------------------------------------------------------------
fill() { sed -e "s#@DIR@#$work#g" -e "s#@PORT@#$2#g" -e "s#@MOCK_PORT@#$mock_port#g" -e "s#@WORKERS@#auto#g" "$1"; }
fill bench/nginx/mock.conf "$mock_port" >"$work/mock.conf"
nginx -p "$work" -c "$work/mock.conf" -g 'daemon off;' >"$work/mock.log" 2>&1 & pids+=($!); mock_pid=$!
if has_target nginx; then
  fill bench/nginx/proxy.conf "$nginx_port" >"$work/proxy.conf"
  nginx -p "$work" -c "$work/proxy.conf" -g 'daemon off;' >"$work/proxy.log" 2>&1 & pids+=($!); nginx_pid=$!
fi

if has_target floor; then
  dotnet "$floor_dll" "http://127.0.0.1:$mock_port/v1/chat/completions" --urls "http://127.0.0.1:$floor_port" >"$work/floor.log" 2>&1 &
  pids+=($!); floor_pid=$!
fi
if has_target sockets; then
  dotnet "$sockets_dll" "$mock_port" "$sockets_port" >"$work/sockets.log" 2>&1 & pids+=($!); sockets_pid=$!
fi
if has_target floor-rawclient; then
  dotnet "$floor_dll" "http://127.0.0.1:$mock_port/v1/chat/completions" --client sockets --urls "http://127.0.0.1:$floor_raw_port" \
    >"$work/floor-rawclient.log" 2>&1 & pids+=($!); floor_raw_pid=$!
fi
if has_target sockets-httpclient; then
  dotnet "$sockets_dll" "$mock_port" "$sockets_hc_port" --client httpclient >"$work/sockets-httpclient.log" 2>&1 & pids+=($!)
  sockets_hc_pid=$!
fi

# --- Portkey -----------------------------------------------------------------------------------------------------
if has_target portkey; then
  log "installing @portkey-ai/gateway@$portkey_version (npm, into $work/portkey)"
  mkdir -p "$work/portkey"
  (cd "$work/portkey" && npm install --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$portkey_version" >"$work/npm.log" 2>&1) \
    || { tail -n 20 "$work/npm.log" >&2; sy_die "npm install failed"; }
  server_js="$work/portkey/node_modules/@portkey-ai/gateway/build/start-server.js"
  # It listens on every interface; we keep it on loopback.
  sed -i 's/port:Ku})/port:Ku,hostname:"127.0.0.1"})/' "$server_js"
  grep -q 'hostname:"127.0.0.1"' "$server_js" || log "warning: could not pin Portkey to 127.0.0.1 (it still only gets loopback traffic)"
  # Its streamed answers fail with 500 ("TypeError: immutable") under @hono/node-server 1.19: a lazily built Response
  # hands out the upstream fetch's immutable headers, which Portkey then appends to. Reading any other property first
  # builds the real Response; done for streams only, so the JSON path is untouched.
  sed -i 's/updateHeaders(e,t,a){return e.headers.append(/updateHeaders(e,t,a){this.context.isStreaming\&\&e.type;return e.headers.append(/' "$server_js"
  grep -q 'isStreaming&&e.type' "$server_js" || log "warning: Portkey's stream fix did not apply; its stream runs may fail"
  NODE_ENV=production node "$server_js" --port="$portkey_port" --headless >"$work/portkey.log" 2>&1 & pids+=($!); portkey_pid=$!
fi

# --- Switchyard: throwaway PostgreSQL and Redis, the demo organization pointed at the mock -------------------------
if has_target switchyard; then
  pg_password="bench-$RANDOM$RANDOM"
  log "starting throwaway PostgreSQL (127.0.0.1:$pg_port) and Redis (127.0.0.1:$redis_port)"
  sy_pg_start "$work/pg" "$pg_port" "$pg_password" throwaway
  sy_redis_start "$work/redis" "$redis_port" throwaway
  sy_pg_run psql -h "$work/pg" -p "$pg_port" -U postgres -qc "CREATE DATABASE switchyard" postgres
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Database=switchyard;Username=postgres;Password=$pg_password"
  export Redis__Configuration="127.0.0.1:$redis_port"
  export Secrets__ActiveKeyId="bench"
  Secrets__Keys__bench="$(head -c 32 /dev/urandom | base64)"
  export Secrets__Keys__bench
  export ASPNETCORE_ENVIRONMENT=Production
  seed="$(SWITCHYARD_DEMO_PASSWORD="Bench-$RANDOM!x" SWITCHYARD_DEMO_UPSTREAM="http://127.0.0.1:$mock_port" \
    dotnet "$gateway_dll" seed-demo 2>"$work/seed.log")" || { cat "$work/seed.log" >&2; sy_die "seed-demo failed"; }
  group_id="$(sed -n 's/^SWITCHYARD_DEMO_GROUP_ID=//p' <<<"$seed")"
  api_key="$(sed -n 's/^SWITCHYARD_DEMO_API_KEY=//p' <<<"$seed")"
  dotnet "$gateway_dll" --urls "http://127.0.0.1:$gateway_port" >"$work/gateway.log" 2>&1 & pids+=($!); gateway_pid=$!
  if has_target switchyard-b; then
    # shellcheck disable=SC2086 # BENCH_B_ENV is a list of VAR=value words
    env ${BENCH_B_ENV:-} dotnet "${BENCH_B_DLL:-$gateway_dll}" --urls "http://127.0.0.1:$gateway_b_port" >"$work/gateway-b.log" 2>&1 &
    pids+=($!); gateway_b_pid=$!
  fi
elif has_target switchyard-b; then
  sy_die "switchyard-b is compared with switchyard: list both in BENCH_TARGETS"
fi

# The mock answers any path (GET included) with its fixed completion; so does nginx through it.
sy_wait_http "http://127.0.0.1:$mock_port/health" 20 "mock upstream" "$mock_pid"
has_target nginx && sy_wait_http "http://127.0.0.1:$nginx_port/health" 20 "nginx" "$nginx_pid"
has_target portkey && sy_wait_http "http://127.0.0.1:$portkey_port/" 60 "Portkey" "$portkey_pid"
has_target floor && sy_wait_http "http://127.0.0.1:$floor_port/health" 60 "floor" "$floor_pid"
has_target sockets && sy_wait_http "http://127.0.0.1:$sockets_port/health" 60 "sockets floor" "$sockets_pid"
has_target floor-rawclient && sy_wait_http "http://127.0.0.1:$floor_raw_port/health" 60 "floor-rawclient" "$floor_raw_pid"
has_target sockets-httpclient && sy_wait_http "http://127.0.0.1:$sockets_hc_port/health" 60 "sockets-httpclient" "$sockets_hc_pid"
has_target switchyard && sy_wait_http "http://127.0.0.1:$gateway_port/health/ready" 90 "gateway" "$gateway_pid"
has_target switchyard-b && sy_wait_http "http://127.0.0.1:$gateway_b_port/health/ready" 90 "gateway B" "$gateway_b_pid"

# --- request bodies (~1 KB chat body) and headers per target -------------------------------------------------------
messages='"messages":[{"role":"system","content":"You are a concise assistant for a travel company. Answer in two short sentences, mention prices in euros, and never invent train times that you were not given."},{"role":"user","content":"I want to go from Lyon to Turin next Tuesday morning with my bicycle. Which connections are there, how long do they take, and do I need to reserve a place for the bike? Also, is there a discount for travellers under 26, and can I change the ticket later if my plans move by a day or two? Please keep the answer short, I am reading it on my phone while walking."}],"temperature":0.7,"max_tokens":256,"top_p":1,"user":"bench-user-42"'
for kind in plain stream; do
  extra=""; [ "$kind" = stream ] && extra=',"stream":true'
  printf '{"model":"gpt-4o-mini",%s%s}' "$messages" "$extra" >"$work/body-model-$kind.json"
  printf '{"load_balance_group":{"group_id":"%s"},%s%s}' "${group_id:-none}" "$messages" "$extra" >"$work/body-group-$kind.json"
done
echo "Authorization: Bearer sk-bench-direct" >"$work/headers-direct.txt"
for plain in nginx floor sockets floor-rawclient sockets-httpclient; do cp "$work/headers-direct.txt" "$work/headers-$plain.txt"; done
printf 'x-portkey-config: {"strategy":{"mode":"loadbalance"},"targets":[{"provider":"openai","api_key":"sk-bench-a","custom_host":"http://127.0.0.1:%s/v1","weight":0.7},{"provider":"openai","api_key":"sk-bench-b","custom_host":"http://127.0.0.1:%s/v1","weight":0.3}]}\n' \
  "$mock_port" "$mock_port" >"$work/headers-portkey.txt"
echo "Authorization: Bearer ${api_key:-none}" >"$work/headers-switchyard.txt"
cp "$work/headers-switchyard.txt" "$work/headers-switchyard-b.txt"

url_of() {
  case "$1" in
    direct) echo "http://127.0.0.1:$mock_port/v1/chat/completions" ;;
    nginx) echo "http://127.0.0.1:$nginx_port/v1/chat/completions" ;;
    portkey) echo "http://127.0.0.1:$portkey_port/v1/chat/completions" ;;
    floor) echo "http://127.0.0.1:$floor_port/v1/chat/completions" ;;
    sockets) echo "http://127.0.0.1:$sockets_port/v1/chat/completions" ;;
    floor-rawclient) echo "http://127.0.0.1:$floor_raw_port/v1/chat/completions" ;;
    sockets-httpclient) echo "http://127.0.0.1:$sockets_hc_port/v1/chat/completions" ;;
    switchyard) echo "http://127.0.0.1:$gateway_port/v1/chat/completions" ;;
    switchyard-b) echo "http://127.0.0.1:$gateway_b_port/v1/chat/completions" ;;
  esac
}
body_of() { if [[ "$1" == switchyard* ]]; then echo "$work/body-group-$2.json"; else echo "$work/body-model-$2.json"; fi; }
# The processes whose CPU and memory count for a target: nginx's master and workers, node, the gateway.
pids_of() {
  case "$1" in
    nginx) echo "$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')" ;;
    portkey) echo "$portkey_pid $(pgrep -P "$portkey_pid" | tr '\n' ' ')" ;;
    floor) echo "$floor_pid" ;;
    sockets) echo "$sockets_pid" ;;
    floor-rawclient) echo "$floor_raw_pid" ;;
    sockets-httpclient) echo "$sockets_hc_pid" ;;
    switchyard) echo "$gateway_pid" ;;
    switchyard-b) echo "$gateway_b_pid" ;;
    stores)
      local postmaster=""
      [ -f "$work/pg/postmaster.pid" ] && postmaster="$(head -n 1 "$work/pg/postmaster.pid")"
      [ -n "$postmaster" ] && echo "$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ') $(cat "$work/redis/redis.pid" 2>/dev/null)"  || true
      ;;
    *) echo "" ;;
  esac
}
clk_tck="$(getconf CLK_TCK)"
# CPU ticks (user + system) of a target's processes so far; PostgreSQL's reaped backends count through cutime/cstime.
cpu_ticks() {
  local total=0 pid fields
  for pid in $(pids_of "$1"); do
    fields="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null)" || continue
    total=$((total + $(awk '{print $12 + $13 + $14 + $15}' <<<"$fields")))
  done
  echo "$total"
}
peak_rss_kb() {
  local total=0 pid kb
  for pid in $(pids_of "$1"); do
    kb="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null)" || continue
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

# --- sanity: every target answers both bodies correctly ------------------------------------------------------------
for target in "${targets[@]}"; do
  headers=()
  while IFS= read -r line; do headers+=(-H "$line"); done <"$work/headers-$target.txt"
  code="$(curl -sS -o "$work/check-$target.json" -D "$work/check-$target.headers" -w '%{http_code}' "${headers[@]}" \
    -H 'Content-Type: application/json' --data-binary @"$(body_of "$target" plain)" "$(url_of "$target")")"
  grep -q '"chat.completion"' "$work/check-$target.json" && [ "$code" = 200 ] \
    || { cat "$work/check-$target.json" >&2; sy_die "$target did not answer the chat body (HTTP $code)"; }
  curl -sS -N -o "$work/check-$target-stream.txt" "${headers[@]}" -H 'Content-Type: application/json' \
    --data-binary @"$(body_of "$target" stream)" "$(url_of "$target")"
  grep -q 'data: \[DONE\]' "$work/check-$target-stream.txt" \
    || { cat "$work/check-$target-stream.txt" >&2; sy_die "$target did not stream"; }
done
if has_target switchyard; then
  log "Switchyard answered with: $(grep -i '^x-switchyard-\(target\|route\|group\)' "$work/check-switchyard.headers" | tr -d '\r' | tr '\n' ' ')"
fi

# --- the phases --------------------------------------------------------------------------------------------------
results="$work/results.txt"
: >"$results"
run_wrk() { # target connections threads think_ms seconds
  BENCH_BODY="$(body_of "$1" plain)" BENCH_HEADERS="$work/headers-$1.txt" BENCH_THINK_MS="$4" \
    wrk -t"$3" -c"$2" -d"$5"s --timeout 5s -s bench/wrk/post.lua "$(url_of "$1")" 2>&1 | grep '^BENCH ' | sed 's/^BENCH //'
}
throughput() { # round target
  local before stores_before line after stores_after
  before="$(cpu_ticks "$2")"; stores_before="$(cpu_ticks stores)"
  line="$(run_wrk "$2" "$connections" 2 0 "$duration")"
  after="$(cpu_ticks "$2")"; stores_after="$(cpu_ticks stores)"
  echo "round=$1 target=$2 phase=throughput $line cpu_ticks=$((after - before)) store_ticks=$((stores_after - stores_before))" >>"$results"
}
latency() {
  echo "round=$1 target=$2 phase=latency $(run_wrk "$2" "$latency_connections" 1 "$think_ms" "$duration")" >>"$results"
}
stream() {
  local line
  line="$(dotnet "$probe_dll" "$(url_of "$2")" "$(body_of "$2" stream)" "$work/headers-$2.txt" \
    --requests "$stream_requests" --warmup 10 | grep '^PROBE ' | sed 's/^PROBE //')"
  echo "round=$1 target=$2 phase=stream $line" >>"$results"
}

# Both gateways under load at the same time, each with its own wrk and half the connections: drift of the shared
# machine then hits A and B at the same moment, which sequential runs cannot promise (bench/README.md, A/B).
side_by_side() { # round
  local a0 b0 a1 b1 half=$((connections / 2))
  a0="$(cpu_ticks switchyard)"; b0="$(cpu_ticks switchyard-b)"
  run_wrk switchyard "$half" 1 0 "$duration" >"$work/side-a.txt" &
  local wrk_a=$!
  run_wrk switchyard-b "$half" 1 0 "$duration" >"$work/side-b.txt"
  wait "$wrk_a"
  a1="$(cpu_ticks switchyard)"; b1="$(cpu_ticks switchyard-b)"
  echo "round=$1 target=switchyard phase=side $(cat "$work/side-a.txt") cpu_ticks=$((a1 - a0))" >>"$results"
  echo "round=$1 target=switchyard-b phase=side $(cat "$work/side-b.txt") cpu_ticks=$((b1 - b0))" >>"$results"
}

# How busy the machine is without us (other tenants of a shared machine): 3 s of /proc/stat (steal included) with the
# bench idle, before the warm-up and after the last round.
background_busy() {
  local a b
  a=($(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)); sleep 3
  b=($(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat))
  awk -v busy=$((b[0] - a[0])) -v total=$((b[1] - a[1])) 'BEGIN {printf "%.0f", (total > 0 ? 100 * busy / total : 0)}'
}
if [ "$cpu_idle" = poll ]; then
  # The request lasts as long as the file stays open, so a process holds it open until cleanup kills it: started
  # directly (not through a shell function, whose subshell would be killed instead, leaving the holder behind).
  holder=(sh -c 'exec 3>/dev/cpu_dma_latency && printf 0x00000000 >&3 && exec sleep 86400')
  if [ "$(id -u)" -ne 0 ]; then holder=(sudo "${holder[@]}"); fi
  "${holder[@]}" & pids+=($!); idle_pid=$!
  log "CPU idle: polling (BENCH_CPU_IDLE=poll)"
fi
sleep 2  # let start-up work (JIT, migrations, the first route load) settle
if [ "$cpu_idle" = poll ] && ! kill -0 "$idle_pid" 2>/dev/null; then sy_die "could not hold /dev/cpu_dma_latency at 0"; fi
busy_before="$(background_busy)"; load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# Warm-up at full load: .NET needs ~20 s of traffic before tiered PGO has re-compiled the hot path (measured:
# 350 µs per request in the first 5 s, 85 µs from 20 s on); V8 warms faster; nginx needs none.
warmup_of() { case "$1" in switchyard* | floor* | sockets*) echo "${BENCH_WARMUP:-25}" ;; portkey) echo 10 ;; *) echo 3 ;; esac; }
log "warming up: $(for t in "${targets[@]}"; do printf '%s %ss ' "$t" "$(warmup_of "$t")"; done)"
for target in "${targets[@]}"; do run_wrk "$target" "$connections" 2 0 "$(warmup_of "$target")" >/dev/null; done


for round in $(seq 1 "$rounds"); do
  # Rotate the order every round so that drift of the shared machine does not always favour the same target.
  order=("${targets[@]:$(( (round - 1) % ${#targets[@]} ))}" "${targets[@]:0:$(( (round - 1) % ${#targets[@]} ))}")
  log "round $round/$rounds: ${order[*]}"
  for target in "${order[@]}"; do throughput "$round" "$target"; done
  for target in "${order[@]}"; do latency "$round" "$target"; done
  for target in "${order[@]}"; do stream "$round" "$target"; done
  if has_target switchyard-b; then side_by_side "$round"; fi
done

for target in "${targets[@]}"; do
  echo "target=$target phase=memory rss_kb=$(peak_rss_kb "$target")" >>"$results"
done
busy_after="$(background_busy)"; load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the table ---------------------------------------------------------------------------------------------------
machine="$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
mkdir -p "$(dirname "$out")"
awk -v clk="$clk_tck" -v cores="$(nproc)" -v machine="$machine" -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v rounds="$rounds" \
  -v duration="$duration" -v conns="$connections" -v lconns="$latency_connections" -v think="$think_ms" \
  -v streams="$stream_requests" -v order="${targets[*]}" -v busy="$busy_before % before, $busy_after % after" \
  -v load="$load_before before, $load_after after" -v b_env="${BENCH_B_ENV:-}" -v b_dll="${BENCH_B_DLL:-}" -v cpu_idle="$cpu_idle" -f bench/report.awk "$results" | tee "$out"
cp "$results" "${out%.md}.raw.txt"
log "table in $out, raw results in ${out%.md}.raw.txt; finished in $(( $(date +%s) - started_at )) s"
