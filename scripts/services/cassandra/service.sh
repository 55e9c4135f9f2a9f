# shellcheck shell=bash
# Cassandra 5.0, one node, run from Maven jars on Java 17.

cassandra_ports() { echo "$CASSANDRA_PORT $CASSANDRA_STORAGE_PORT $CASSANDRA_JMX_PORT"; }
cassandra_timeout() { echo "${CASSANDRA_START_TIMEOUT:-240}"; }
cassandra_stop_grace() { echo 60; }

cassandra_provision() { fetch_jars cassandra; }

cassandra_start() {
  # 512m held 200k writes and 100 tables with no long GC pauses; raise it
  # (CASSANDRA_HEAP=1g) for heavier suites.
  local dir lib heap=${CASSANDRA_HEAP:-512m}
  dir=$(svc_dir cassandra)
  lib=$(lib_dir cassandra)
  rm -rf "$dir/data"
  mkdir -p "$dir/data" "$dir/triggers"
  rotate_log cassandra
  render "$SERVICES_DIR/cassandra/cassandra.yaml.in" "$dir/cassandra.yaml" \
    "DATA_DIR=$dir/data" "CQL_PORT=$CASSANDRA_PORT" "STORAGE_PORT=$CASSANDRA_STORAGE_PORT"

  local jamm
  jamm=$(find "$lib" -maxdepth 1 -name 'jamm-*.jar' -print -quit)
  [[ -n $jamm ]] || die "cassandra: no jamm jar in $lib (delete $CACHE_ROOT/cassandra to refetch)"

  launch cassandra java @"$SERVICES_DIR/cassandra/jvm.options" "$(jvm_marker cassandra)" \
    "-Xms$heap" "-Xmx$heap" "-javaagent:$jamm" \
    "-Dcassandra.config=file://$dir/cassandra.yaml" \
    "-Dcassandra.storagedir=$dir/data" "-Dcassandra.logdir=$dir" \
    "-Dcassandra.triggers_dir=$dir/triggers" \
    "-Dlogback.configurationFile=$SERVICES_DIR/cassandra/logback.xml" \
    "-Dcassandra.jmx.local.port=$CASSANDRA_JMX_PORT" \
    -cp "$lib/*" org.apache.cassandra.service.CassandraDaemon
}

# Sends a CQL OPTIONS request (protocol v4, stream 1) and expects a SUPPORTED
# reply: proves the native transport speaks CQL, not just that the port is open.
cql_options_ok() {
  local reply
  # shellcheck disable=SC2016
  reply=$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x04\x00\x00\x01\x05\x00\x00\x00\x00" >&3
    head -c 5 <&3 | od -An -tx1' "$HOST" "$1" 2>/dev/null) || return 1
  local bytes
  read -r -a bytes <<<"$reply"
  # Header: response v4 (0x84), flags, stream 0x0001, opcode SUPPORTED (0x06).
  [[ ${bytes[*]} == "84 00 00 01 06" ]]
}

cassandra_healthy() { cql_options_ok "$CASSANDRA_PORT"; }
cassandra_ready() { cassandra_healthy; }
