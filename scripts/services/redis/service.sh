# shellcheck shell=bash
# Redis from Debian's redis-server package; no persistence (test data only).

redis_ports() { echo "$REDIS_PORT"; }
redis_timeout() { echo "${REDIS_START_TIMEOUT:-20}"; }
redis_stop_grace() { echo 10; }

redis_provision() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  [[ $(id -u) == 0 ]] || die "redis: redis-server is missing; run as root or: sudo apt-get install -y redis-server"
  log "redis: installing redis-server with apt-get (first run only)"
  mark_provisioned
  local apt_log="$CACHE_ROOT/redis-apt.log"
  mkdir -p "$CACHE_ROOT"
  # policy-rc.d exit 101 stops the package from starting its own system-wide
  # redis on 6379, which would then be mistaken for ours.
  local policy=/usr/sbin/policy-rc.d had_policy=0
  [[ -e $policy ]] && had_policy=1
  if ((!had_policy)); then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"; fi
  local rc=0
  {
    apt-get update &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server
  } >"$apt_log" 2>&1 || rc=$?
  if ((!had_policy)); then rm -f "$policy"; fi
  if ((rc != 0)); then
    tail_log "$apt_log" 30
    die "redis: apt-get install redis-server failed (see $apt_log)"
  fi
}

redis_start() {
  local dir
  dir=$(svc_dir redis)
  rm -rf "$dir/data"
  mkdir -p "$dir/data"
  rotate_log redis
  rm -f "$(pidfile redis)"
  # --daemonize makes redis write the pidfile itself once it is up.
  redis-server --bind "$HOST" --port "$REDIS_PORT" --save "" --appendonly no \
    --daemonize yes --pidfile "$(pidfile redis)" --logfile "$(logfile redis)" \
    --dir "$dir/data" --protected-mode yes >/dev/null
  local deadline=$((SECONDS + 5))
  until [[ -s $(pidfile redis) ]]; do
    ((SECONDS < deadline)) || return 0 # the wait loop reports the failure
    sleep 0.05
  done
}

redis_healthy() {
  [[ $(timeout 3 redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_ready() { redis_healthy; }
