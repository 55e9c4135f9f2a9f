# shellcheck shell=bash
# Shared settings and helpers for up.sh and down.sh (sourced, not run).

SERVICES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034 # read by the service files
REPO_ROOT=$(cd "$SERVICES_DIR/../.." && pwd)
CACHE_ROOT=${KOL_SERVICES_CACHE:-$HOME/.cache/kol-gateway}
STATE_ROOT=${KOL_SERVICES_STATE:-/tmp/kol-gateway-services}
HOST=127.0.0.1

REDIS_PORT=${REDIS_PORT:-6379}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
CASSANDRA_PORT=${CASSANDRA_PORT:-9042}
CASSANDRA_STORAGE_PORT=${CASSANDRA_STORAGE_PORT:-7000}
CASSANDRA_JMX_PORT=${CASSANDRA_JMX_PORT:-7199}

ALL_SERVICES=(redis kafka cassandra)

case $STATE_ROOT in
  "" | / | "$HOME" | "$HOME/") echo "services: refusing KOL_SERVICES_STATE='$STATE_ROOT'" >&2 && exit 2 ;;
esac

# Set when a provisioning step had real work to do (install, download).
DID_PROVISION=0
reset_provisioned() { DID_PROVISION=0; }
mark_provisioned() { DID_PROVISION=1; }
did_provision() { ((DID_PROVISION)); }

log() { printf '%s\n' "$*"; }
warn() { printf '%s\n' "$*" >&2; }
die() {
  warn "ERROR: $*"
  exit 1
}

is_service() {
  local svc
  for svc in "${ALL_SERVICES[@]}"; do [[ $1 == "$svc" ]] && return 0; done
  return 1
}

# Sets SERVICES from the names given on the command line (none = all).
select_services() {
  local svc
  (($#)) || set -- "${ALL_SERVICES[@]}"
  SERVICES=()
  for svc in "$@"; do
    is_service "$svc" || die "unknown service '$svc' (expected: ${ALL_SERVICES[*]})"
    SERVICES+=("$svc")
  done
}

now() { printf '%s' "$EPOCHREALTIME"; }
# Seconds since a timestamp taken with now(), one decimal.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

port_open() {
  # shellcheck disable=SC2016 # $0/$1 expand in the inner shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

# Who is listening on a TCP port, for error messages.
port_owner() {
  ss -ltnpH "sport = :$1" 2>/dev/null || true
}

svc_dir() { printf '%s/%s' "$STATE_ROOT" "$1"; }
pidfile() { printf '%s/%s/%s.pid' "$STATE_ROOT" "$1" "$1"; }
logfile() { printf '%s/%s/%s.log' "$STATE_ROOT" "$1" "$1"; }

# Marker put on the command line of the JVMs we start, so a recycled pid is
# never mistaken for one of ours.
jvm_marker() { printf -- '-Dkol.service=%s' "$(svc_dir "$1")"; }

pid_is_ours() {
  local svc=$1 pid=$2 cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  case $svc in
    # redis rewrites its process title to "redis-server 127.0.0.1:PORT".
    redis) [[ $cmdline == redis-server*":$REDIS_PORT"* ]] ;;
    *) [[ $cmdline == *"$(jvm_marker "$svc") "* ]] ;;
  esac
}

# Prints the pid from the service's pidfile if that process is still ours.
service_pid() {
  local svc=$1 file pid
  file=$(pidfile "$svc")
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  pid_is_ours "$svc" "$pid" || return 1
  printf '%s' "$pid"
}

# True while any thread of the process is not a zombie. Checking only the
# main thread is not enough: a JVM's main thread can be a zombie while other
# threads still hold its sockets open.
pid_alive() {
  local task line
  for task in /proc/"$1"/task/*/status; do
    # Threads come and go while we look: a vanished one is simply skipped.
    {
      while IFS= read -r line; do
        [[ $line == State:* ]] || continue
        [[ $line == *"(zombie)"* || $line == *"(dead)"* ]] || return 0
        break
      done <"$task"
    } 2>/dev/null || true
  done
  return 1
}

tail_log() {
  local file=$1 lines=${2:-40}
  if [[ -s $file ]]; then
    warn "----- last $lines lines of $file -----"
    tail -n "$lines" "$file" >&2
    warn "-----"
  else
    warn "(no log at $file)"
  fi
}

wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while pid_alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# Sends TERM, waits up to $2 seconds for a clean exit, then KILL.
stop_pid() {
  local pid=$1 grace=$2
  kill -TERM "$pid" 2>/dev/null || return 0
  wait_gone "$pid" "$grace" && return 0
  warn "pid $pid still running after ${grace}s, sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone "$pid" 10
}

# Starts "$@" detached (own session, so it outlives this shell and the
# terminal) with stdout/stderr in the service log, and records its pid.
launch() {
  local svc=$1 file
  shift
  file=$(pidfile "$svc")
  rm -f "$file"
  # The inner shell writes its own pid and then execs the server, so the
  # pidfile holds the server's pid whether or not setsid had to fork.
  # It runs in the state dir, where JVM crash files (hs_err_pid*) land.
  # shellcheck disable=SC2016
  (cd "$(svc_dir "$svc")" && exec setsid bash -c 'echo $$ >"$0" && exec "$@"' "$file" "$@" \
    >"$(logfile "$svc")" 2>&1 </dev/null) &
  local deadline=$((SECONDS + 5))
  until [[ -s $file ]]; do
    ((SECONDS < deadline)) || die "$svc: process did not start"
    sleep 0.05
  done
}

# Keeps the previous run's log next to the new one.
rotate_log() {
  local file
  file=$(logfile "$1")
  if [[ -f $file ]]; then mv -f "$file" "$file.prev"; fi
}

# Copies a server's runtime jars from Maven Central into
# $CACHE_ROOT/<svc>/lib, once. The marker holds the pom's checksum, so
# editing the pom (e.g. a version bump) triggers a new fetch.
fetch_jars() {
  local svc=$1 pom="$SERVICES_DIR/$1/pom.xml" cache="$CACHE_ROOT/$1"
  local stamp
  stamp=$(sha256sum "$pom" | cut -d' ' -f1)
  if [[ -f $cache/lib.ok && $(<"$cache/lib.ok") == "$stamp" && -d $cache/lib ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "$svc: mvn not found (apt-get install -y maven)"
  command -v java >/dev/null || die "$svc: java not found (apt-get install -y openjdk-17-jre-headless)"
  log "$svc: fetching jars with Maven into $cache/lib (first run only)"
  mark_provisioned
  rm -rf "${cache:?}/lib" "$cache/lib.tmp" "$cache/lib.ok"
  mkdir -p "$cache"
  # Maven runs on a copy of the pom so anything it writes stays in the cache.
  cp "$pom" "$cache/pom.xml"
  local goal=(-B -f "$cache/pom.xml" dependency:copy-dependencies "-DoutputDirectory=$cache/lib.tmp")
  # Offline first: a warm ~/.m2 needs no network at all.
  if ! mvn -o -q "${goal[@]}" >"$cache/mvn.log" 2>&1; then
    rm -rf "$cache/lib.tmp"
    if ! mvn -ntp "${goal[@]}" >"$cache/mvn.log" 2>&1; then
      tail_log "$cache/mvn.log" 30
      die "$svc: mvn could not fetch the jars (see $cache/mvn.log)"
    fi
  fi
  mv "$cache/lib.tmp" "$cache/lib"
  printf '%s\n' "$stamp" >"$cache/lib.ok"
}

lib_dir() { printf '%s/%s/lib' "$CACHE_ROOT" "$1"; }

# Renders a template: each @KEY@ is replaced by the value given as KEY=value.
render() {
  local src=$1 dest=$2 pair args=()
  shift 2
  for pair in "$@"; do
    args+=(-e "s|@${pair%%=*}@|${pair#*=}|g")
  done
  sed "${args[@]}" "$src" >"$dest"
  if grep -q '@[A-Z_]*@' "$dest"; then die "unrendered placeholder in $dest"; fi
}
