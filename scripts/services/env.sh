#!/usr/bin/env bash
# The environment the gateway uses to reach the local servers of up.sh.
#   bash scripts/services/env.sh        prints export lines
#   source scripts/services/env.sh      exports them into the current shell
#   eval "$(bash scripts/services/env.sh)"
# Honours REDIS_PORT, KAFKA_PORT and CASSANDRA_PORT like up.sh does.
# No `set -e` here: when sourced it would leak into the caller's shell.

kol_services_env() {
  printf 'CASSANDRA_CONTACT_POINTS=127.0.0.1:%s\n' "${CASSANDRA_PORT:-9042}"
  printf 'CASSANDRA_LOCAL_DC=datacenter1\n'
  printf 'REDIS_URL=redis://127.0.0.1:%s\n' "${REDIS_PORT:-6379}"
  printf 'KAFKA_BROKERS=127.0.0.1:%s\n' "${KAFKA_PORT:-9092}"
}

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
  while IFS= read -r kol_services_line; do
    export "${kol_services_line?}"
  done < <(kol_services_env)
  unset kol_services_line
  unset -f kol_services_env
else
  kol_services_env | sed 's/^/export /'
fi
