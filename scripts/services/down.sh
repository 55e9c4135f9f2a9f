#!/usr/bin/env bash
# Stops the servers that up.sh started (found by their pidfiles) and waits
# for them to exit. Servers it did not start are left alone. Idempotent.
#   bash scripts/services/down.sh [redis] [kafka] [cassandra]   (none = all)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

grace() {
  case $1 in
    redis) echo 10 ;;
    *) echo 60 ;;
  esac
}

main_port() {
  case $1 in
    redis) echo "$REDIS_PORT" ;;
    kafka) echo "$KAFKA_PORT" ;;
    cassandra) echo "$CASSANDRA_PORT" ;;
  esac
}

stop_service() {
  local svc=$1 pid t0 port
  port=$(main_port "$svc")
  if ! pid=$(service_pid "$svc"); then
    rm -f "$(pidfile "$svc")"
    if port_open "$port"; then
      log "$svc: not started by up.sh, left running on $HOST:$port"
    else
      log "$svc: not running"
    fi
    return 0
  fi
  t0=$(now)
  if ! stop_pid "$pid" "$(grace "$svc")"; then
    die "$svc: pid $pid would not exit"
  fi
  rm -f "$(pidfile "$svc")"
  log "$svc: stopped pid $pid in $(since "$t0")s"
}

main() {
  local i
  select_services "$@"
  # Reverse order: the heavy JVMs first.
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    stop_service "${SERVICES[i]}"
  done
}

main "$@"
