#!/usr/bin/env bash
# Starts real Redis, Kafka and Cassandra on 127.0.0.1 for tests and manual use.
#   bash scripts/services/up.sh [redis] [kafka] [cassandra]   (none = all)
# A service already answering on its port is reused. Otherwise its binaries
# are provisioned (apt / Maven, cached), it starts in the background with a
# fresh data dir under $KOL_SERVICES_STATE and this waits until it is healthy.
# Stop with scripts/services/down.sh.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for svc in "${ALL_SERVICES[@]}"; do
  # shellcheck source=/dev/null
  source "$SERVICES_DIR/$svc/service.sh"
done

main_port() {
  local ports
  read -r -a ports <<<"$("${1}_ports")"
  printf '%s' "${ports[0]}"
}

# Fails if a port the service binds is held by something that is not it.
# Waits a little first: a server that just exited can take a moment to let go.
check_ports_free() {
  local svc=$1 port deadline=$((SECONDS + 5))
  for port in $("${svc}_ports"); do
    while port_open "$port" && ((SECONDS < deadline)); do sleep 0.2; done
    if port_open "$port"; then
      warn "ERROR: $svc: port $HOST:$port is in use by another process, and it is not a healthy $svc:"
      warn "$(port_owner "$port")"
      exit 1
    fi
  done
}

# Stops whatever up.sh left half-started for this service.
stop_leftover() {
  local svc=$1 pid
  if pid=$(service_pid "$svc"); then
    log "$svc: stopping a previous instance (pid $pid) that is not healthy"
    stop_pid "$pid" "$("${svc}_stop_grace")"
  fi
  rm -f "$(pidfile "$svc")"
}

fail_start() {
  local svc=$1 reason=$2 pid
  warn "ERROR: $svc did not become healthy: $reason"
  tail_log "$(logfile "$svc")" "${TAIL_LINES:-60}"
  if pid=$(service_pid "$svc"); then stop_pid "$pid" 10; fi
  rm -f "$(pidfile "$svc")"
}

# A server that holds its port but answers slowly (a loaded machine, a GC pause) is still the
# server: it gets a while to answer before it is taken for a dead one and replaced, which would
# throw away its data and fail everything that is using it.
healthy_soon() {
  local svc=$1 deadline=$((SECONDS + ${SERVICES_BUSY_GRACE_SECONDS:-30}))
  "${svc}_healthy" && return 0
  while port_open "$(main_port "$svc")" && ((SECONDS < deadline)); do
    sleep 1
    "${svc}_healthy" && return 0
  done
  return 1
}

declare -A started_at=() deadline=()

provision_service() {
  local svc=$1 t0
  t0=$(now)
  reset_provisioned
  "${svc}_provision"
  if did_provision; then log "$svc: provisioned in $(since "$t0")s"; fi
}

start_service() {
  local svc=$1
  stop_leftover "$svc"
  check_ports_free "$svc"
  mkdir -p "$(svc_dir "$svc")"
  started_at[$svc]=$(now)
  deadline[$svc]=$((SECONDS + $("${svc}_timeout")))
  "${svc}_start"
}

# Polls every starting service until each is healthy, has died or timed out.
# Returns the number of failures.
wait_for() {
  local pending=("$@") failures=0 svc
  while ((${#pending[@]})); do
    local still=()
    for svc in "${pending[@]}"; do
      if "${svc}_ready"; then
        log "$svc: started on $HOST:$(main_port "$svc") in $(since "${started_at[$svc]}")s" \
          "(pid $(service_pid "$svc" || echo '?'), log $(logfile "$svc"))"
      elif ! service_pid "$svc" >/dev/null; then
        fail_start "$svc" "the process exited"
        failures=$((failures + 1))
      elif ((SECONDS >= deadline[$svc])); then
        fail_start "$svc" "not healthy after $("${svc}_timeout")s"
        failures=$((failures + 1))
      else
        still+=("$svc")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]} == 0)) || sleep 0.5
  done
  return "$failures"
}

main() {
  local svc to_start=()
  select_services "$@"
  mkdir -p "$STATE_ROOT"

  for svc in "${SERVICES[@]}"; do
    if healthy_soon "$svc"; then
      local owner="not started by up.sh"
      if service_pid "$svc" >/dev/null; then owner="pid $(service_pid "$svc")"; fi
      log "$svc: already running on $HOST:$(main_port "$svc"), reused ($owner)"
    else
      to_start+=("$svc")
    fi
  done
  ((${#to_start[@]})) || return 0

  # Downloads first, so the start times below measure only the servers.
  for svc in "${to_start[@]}"; do provision_service "$svc"; done
  # Slowest first: the poll below starts after the last launch, so this keeps
  # the measured start times close to the real ones.
  local i
  for ((i = ${#to_start[@]} - 1; i >= 0; i--)); do start_service "${to_start[i]}"; done

  local failures=0
  wait_for "${to_start[@]}" || failures=$?
  if ((failures)); then
    die "$failures service(s) failed to start; logs are under $STATE_ROOT"
  fi
}

main "$@"
