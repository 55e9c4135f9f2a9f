# shellcheck shell=bash
# Kafka 3.9.1, one KRaft node (broker + controller), run from Maven jars.

kafka_ports() { echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT"; }
kafka_timeout() { echo "${KAFKA_START_TIMEOUT:-120}"; }
kafka_stop_grace() { echo 60; }

kafka_provision() { fetch_jars kafka; }

# KRaft cluster ids are 16 random bytes in URL-safe base64 without padding.
# One starting with '-' would be read as an option by the storage tool.
kafka_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)
    [[ $id != -* ]] && break
  done
  printf '%s' "$id"
}

kafka_start() {
  local dir config
  dir=$(svc_dir kafka)
  config="$dir/server.properties"
  rm -rf "$dir/data"
  mkdir -p "$dir/data"
  rotate_log kafka
  render "$SERVICES_DIR/kafka/server.properties" "$config" \
    "KAFKA_PORT=$KAFKA_PORT" "CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT" "DATA_DIR=$dir/data"

  local java_cmd=(
    java @"$SERVICES_DIR/kafka/jvm.options" "$(jvm_marker kafka)"
    "-Dlog4j.configuration=file:$SERVICES_DIR/kafka/log4j.properties"
    -cp "$(lib_dir kafka)/*"
  )
  if ! "${java_cmd[@]}" kafka.tools.StorageTool format -t "$(kafka_cluster_id)" -c "$config" \
    --ignore-formatted >"$dir/format.log" 2>&1; then
    tail_log "$dir/format.log" 30
    die "kafka: formatting the storage in $dir/data failed"
  fi
  launch kafka "${java_cmd[@]}" kafka.Kafka "$config"
}

# Returns 0 when the broker answers metadata requests (and with
# --warm-groups, group coordinator lookups) through kafkajs.
kafka_metadata_ok() {
  local rc=0
  if command -v node >/dev/null; then
    node "$SERVICES_DIR/kafka/check-metadata.mjs" "$HOST:$KAFKA_PORT" "$REPO_ROOT" "$@" 2>/dev/null || rc=$?
  else
    rc=3
  fi
  if ((rc == 3)); then
    # Without node and kafkajs (npm ci) the port check is all we have.
    [[ -n ${KAFKA_WARNED:-} ]] || warn "kafka: node/kafkajs not available, metadata check skipped"
    KAFKA_WARNED=1
    return 0
  fi
  return "$rc"
}

kafka_healthy() {
  port_open "$KAFKA_PORT" && kafka_metadata_ok
}

kafka_ready() {
  port_open "$KAFKA_PORT" &&
    grep -q 'Kafka Server started' "$(logfile kafka)" 2>/dev/null &&
    kafka_metadata_ok --warm-groups
}
