# shellcheck shell=bash
# Shared by run.sh, test.sh and bench/: find or install PostgreSQL and Redis, start them on loopback, stop them.
# Source it; every function prints its progress to stderr and fails loudly.

SY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

sy_log() { printf '\033[1;34m[switchyard]\033[0m %s\n' "$*" >&2; }
sy_die() { printf '\033[1;31m[switchyard] error:\033[0m %s\n' "$*" >&2; exit 1; }

sy_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    sy_die "need root (or sudo) to run: $*"; fi
}

sy_pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then echo "$dir"; fi
  done | sort -V | tail -n 1
}

# Installs what a fresh Debian machine lacks. Extra apt packages may be passed as arguments.
sy_ensure_packages() {
  local missing=()
  [ -n "$(sy_pg_bindir)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  local pkg
  for pkg in "$@"; do
    case "$pkg" in
      chromium) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
      *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sy_log "installing ${missing[*]} (apt)"
    sy_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sy_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null 2>&1 || sy_die "the .NET 10 SDK is required (dotnet not on PATH)"
}

sy_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when no TCP socket uses the port in any state. A listener cannot bind a port that a closed client connection
# still holds in TIME-WAIT (the bench leaves thousands behind), which connecting to it does not reveal.
sy_port_unused() {
  local hex
  hex="$(printf ':%04X' "$1")"
  ! awk -v p="$hex" 'FNR > 1 && substr($2, length($2) - 4) == p {found = 1; exit} END {exit !found}' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# A random free port among the (at most 20,000) just below the kernel's ephemeral range, where no outgoing connection
# can be holding it; 40000-59999 when that range starts too low to leave 10,000 below it.
sy_free_port() {
  local port low=32768 base
  if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then read -r low _ </proc/sys/net/ipv4/ip_local_port_range; fi
  base=$(( low > 21024 ? low - 20000 : 1024 ))
  if (( low - base < 10000 )); then base=40000; low=60000; fi
  for _ in $(seq 1 200); do
    port=$(( base + RANDOM % (low - base) ))
    if sy_port_free "$port" && sy_port_unused "$port"; then echo "$port"; return 0; fi
  done
  sy_die "no free loopback port found"
}

# PostgreSQL refuses to run as root: when we are root the cluster belongs to the postgres user.
sy_pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# sy_pg_start DIR PORT PASSWORD [throwaway]
# Creates the cluster on first use (superuser "postgres" with PASSWORD, scram on TCP), then starts it on 127.0.0.1:PORT.
sy_pg_start() {
  local dir="$1" port="$2" password="$3" throwaway="${4:-}"
  local bin; bin="$(sy_pg_bindir)"
  [ -n "$bin" ] || sy_die "PostgreSQL binaries not found under /usr/lib/postgresql"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; chmod 700 "$dir"; fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    local pwfile; pwfile="$(mktemp)"; printf '%s\n' "$password" > "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$pwfile"; fi
    sy_pg_run "$bin/initdb" -D "$dir" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$pwfile"; sy_die "initdb failed in $dir"; }
    rm -f "$pwfile"
  fi
  local opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300"
  if [ -n "$throwaway" ]; then opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
  sy_pg_run "$bin/pg_ctl" -D "$dir" -o "$opts" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2; sy_die "PostgreSQL did not start (log: $dir/server.log)"; }
}

sy_pg_stop() {
  local dir="$1" bin; bin="$(sy_pg_bindir)"
  if [ -f "$dir/postmaster.pid" ]; then sy_pg_run "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true; fi
}

# sy_redis_start DIR PORT [throwaway]
sy_redis_start() {
  local dir="$1" port="$2" throwaway="${3:-}"
  mkdir -p "$dir"
  local persist=(--appendonly yes --save "60 1")
  if [ -n "$throwaway" ]; then persist=(--appendonly no --save ""); fi
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
    --logfile "$dir/redis.log" "${persist[@]}" >/dev/null || sy_die "Redis did not start (log: $dir/redis.log)"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  sy_die "Redis did not answer on 127.0.0.1:$port"
}

sy_redis_stop() {
  local dir="$1"
  if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; rm -f "$dir/redis.pid"; fi
}

# sy_wait_http URL SECONDS NAME [PID]: poll until URL answers 200, or the process dies, or time runs out.
sy_wait_http() {
  local url="$1" seconds="$2" name="$3" pid="${4:-}"
  local deadline=$(( $(date +%s) + seconds ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then sy_die "$name exited during start-up (see its log)"; fi
    sleep 0.2
  done
  sy_die "$name did not answer $url within ${seconds}s"
}
