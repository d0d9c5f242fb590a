# bench/run --scale N (sourced by bench/run once the schema exists and the seed generator is checked against a key
# made by the server). Seeds N keys by COPY, restarts Keycloak on kc.sh's default heap and measures what grows with
# the number of keys; see docs/benchmark.md "Scale". Writes target/bench/scale.json and scale.md.
N="$SCALE"
EXTRA=$(( N / 1000 > 1000 ? N / 1000 : 1000 ))
LOAD_SECONDS="${SCALE_LOAD_SECONDS:-$(( N >= 1000000 ? 90 : 40 ))}"
WARMUP_SECONDS="${SCALE_WARMUP_SECONDS:-15}"
CLEAR_AT=$(( WARMUP_SECONDS + LOAD_SECONDS / 2 ))
SCALE_CONNECTIONS="${SCALE_CONNECTIONS:-8}"
CHECK_URL="$BASE/realms/$REALM/api-keys/check"
COLUMNS_COPIED="id, version, realm_id, client_id, name, key_hash, key_start, enabled, created_timestamp"
seed() { # seed COUNT NAME [--created-now]: rows straight from the generator into COPY, nothing on disk
  local count="$1" name="$2"; shift 2
  python3 "$BENCH_DIR/lib/keys.py" seed "$count" --realm-id "$REALM_ID" --client-uuid "$CLIENT_UUID" --name "$name" \
    --sample "$WORK/keys-$name.txt" --sample-size 300000 "$@" \
    | psql -d "$DB" -qc "\\copy api_key ($COLUMNS_COPIED) from stdin"
}
now_ms() { date +%s%3N; }
rchar() { awk '/^rchar/ {print $2}' "/proc/$KC_PID/io"; }
rss_mb() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$KC_PID/status"; }
log_lines() { grep -c "$1" "$OUT/keycloak.log" || true; }
await_log_line() { # await_log_line PATTERN COUNT_BEFORE TIMEOUT_S: until PATTERN has more than COUNT_BEFORE lines
  local deadline=$(( $(date +%s) + $3 ))
  until [ "$(log_lines "$1")" -gt "$2" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "error: no '$1' in the Keycloak log within $3 s" >&2; exit 1; }
    sleep 0.1
  done
}
machine_busy() { # percent of all CPUs busy since the given "busy total" ticks
  awk -v b0="$1" -v t0="$2" '/^cpu / {busy=$2+$3+$4+$7+$8+$9; total=busy+$5+$6; printf "%.0f", 100 * (busy - b0) / (total - t0)}' /proc/stat
}

LOAD_AVERAGE_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "Scale: $N keys (load average before: $LOAD_AVERAGE_BEFORE). Stopping Keycloak; seeding by COPY with the indexes dropped and built again afterwards"
stop_keycloak
seed_started=$(date +%s)
psql -d "$DB" -qc "alter table api_key drop constraint uk_api_key_hash; alter table api_key drop constraint pk_api_key;
  drop index idx_api_key_realm_client; drop index idx_api_key_created"
seed "$N" scale
psql -d "$DB" -qc "set maintenance_work_mem = '256MB';
  alter table api_key add constraint pk_api_key primary key (id);
  alter table api_key add constraint uk_api_key_hash unique (key_hash);
  create index idx_api_key_realm_client on api_key (realm_id, client_id);
  create index idx_api_key_created on api_key (created_timestamp)"
psql -d "$DB" -qc "vacuum analyze api_key"
SEED_SECONDS=$(( $(date +%s) - seed_started ))
STORED="$(sql "select count(*) from api_key")"
TABLE_MB="$(sql "select pg_total_relation_size('api_key') / 1048576")"
log "  $STORED rows in $SEED_SECONDS s ($TABLE_MB MB with indexes)"
python3 "$BENCH_DIR/lib/keys.py" gen 200000 "$WORK/keys-unknown.txt"
probe_key="$(tail -1 "$WORK/keys-scale.txt")"
head -n -1 "$WORK/keys-scale.txt" > "$WORK/keys-miss.txt"

log "Starting Keycloak with $STORED keys on kc.sh's default heap"
full_reads_before="$(log_lines 'read in full')"
start_keycloak ""
log "  ready after $KC_READY_SECONDS s (pid $KC_PID)"
check 200 "a seeded key on the check endpoint" "$CHECK_URL" -H "X-API-Key: $probe_key"
check 401 "an unknown key on the check endpoint" "$CHECK_URL" -H "X-API-Key: $(head -1 "$WORK/keys-unknown.txt")"
"$JAVA_HOME/bin/jcmd" "$KC_PID" GC.run > /dev/null
"$JAVA_HOME/bin/jcmd" "$KC_PID" GC.heap_info > "$WORK/heap-after-start.txt"
RSS_START="$(rss_mb)"
curl -fsS "$BASE/admin/serverinfo" -H "Authorization: Bearer $(admin_token)" > "$WORK/serverinfo-start.json"

log "Copying $EXTRA new keys (created now) for the refreshes to find, without telling Keycloak"
seed "$EXTRA" extra --created-now
: > "$WORK/events.tsv"
log "Load: $SCALE_CONNECTIONS connections for $WARMUP_SECONDS s of JIT warm-up (not counted) and $LOAD_SECONDS s, unknown keys and cache misses alternating;"
log "  refreshes every $SCALE_REFRESH_SECONDS s, \"Clear realm cache\" after $CLEAR_AT s"
PG_LOAD_START=$(log_size)
read -r m_busy m_total < <(machine_ticks)
"$JAVA_HOME/bin/java" "$BENCH_DIR/lib/ScaleLoad.java" "$CHECK_URL" "$WORK/keys-unknown.txt" "$WORK/keys-miss.txt" \
  "$SCALE_CONNECTIONS" "$(( WARMUP_SECONDS + LOAD_SECONDS ))" "$WORK/requests.tsv" &
LOAD_PID=$!
MEASURED_FROM=$(( $(now_ms) + 1000 * WARMUP_SECONDS ))
sleep "$CLEAR_AT"
full_reads_before="$(log_lines 'read in full')"
printf 'clear_start\t%s\n' "$(now_ms)" >> "$WORK/events.tsv"
curl -fsS -X POST "$BASE/admin/realms/$REALM/clear-realm-cache" -H "Authorization: Bearer $(admin_token)"
await_log_line 'read in full' "$full_reads_before" 300
printf 'clear_end\t%s\n' "$(now_ms)" >> "$WORK/events.tsv"
wait "$LOAD_PID"
sleep 1
PG_LOAD_END=$(log_size)
LOAD_BUSY="$(machine_busy "$m_busy" "$m_total")"

log "Quiet: bytes of a refresh and of a full read (Keycloak's bytes read, /proc/PID/io rchar)"
refreshes="$(log_lines 'refreshed:')"
await_log_line 'refreshed:' "$refreshes" $(( SCALE_REFRESH_SECONDS + 30 ))
# What Keycloak reads while idle (a few KB/s) is measured for 5 s after one refresh and taken off the next one.
r0=$(rchar) refreshes=$((refreshes + 1))
sleep 5
r1=$(rchar) t1=$(now_ms)
await_log_line 'refreshed:' "$refreshes" $(( SCALE_REFRESH_SECONDS + 30 ))
REFRESH_BYTES=$(( $(rchar) - r1 - (r1 - r0) * ($(now_ms) - t1) / 5000 ))
full_reads_before="$(log_lines 'read in full')"
r0=$(rchar)
curl -fsS -X POST "$BASE/admin/realms/$REALM/clear-realm-cache" -H "Authorization: Bearer $(admin_token)"
await_log_line 'read in full' "$full_reads_before" 300
FULL_READ_BYTES=$(( $(rchar) - r0 ))
RSS_END="$(rss_mb)"
"$JAVA_HOME/bin/jcmd" "$KC_PID" GC.run > /dev/null
"$JAVA_HOME/bin/jcmd" "$KC_PID" GC.heap_info > "$WORK/heap-after-load.txt"
curl -fsS "$BASE/admin/serverinfo" -H "Authorization: Bearer $(admin_token)" > "$WORK/serverinfo-end.json"
stop_keycloak

python3 "$BENCH_DIR/lib/scale_report.py" --work "$WORK" --kc-log "$OUT/keycloak.log" --pg-log "${PG_LOG:-}" \
  --pg-from "$PG_LOAD_START" --pg-to "$PG_LOAD_END" --db "$DB" --keys "$STORED" --extra "$EXTRA" \
  --seed-seconds "$SEED_SECONDS" --table-mb "$TABLE_MB" --ready-seconds "$KC_READY_SECONDS" \
  --rss-start "$RSS_START" --rss-end "$RSS_END" --refresh-bytes "$REFRESH_BYTES" --full-read-bytes "$FULL_READ_BYTES" \
  --refresh-seconds "$SCALE_REFRESH_SECONDS" --load-seconds "$LOAD_SECONDS" --measured-from "$MEASURED_FROM" --connections "$SCALE_CONNECTIONS" \
  --machine-busy "$LOAD_BUSY" --load-average-before "$LOAD_AVERAGE_BEFORE" --version "$VERSION" --out "$OUT/scale.json" | tee "$OUT/scale.md"
mkdir -p "$REPO_ROOT/target/bench-scale-$N" && cp "$OUT/scale.json" "$OUT/scale.md" "$OUT/keycloak.log" \
  "$WORK/requests.tsv" "$WORK/events.tsv" "$REPO_ROOT/target/bench-scale-$N/"
log "Done in $(( $(date +%s) - started_at )) s; results in target/bench/scale.json (kept in target/bench-scale-$N)"
# Exit 3, like the scenarios, when an answer was wrong or an unknown key reached the database.
python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
sys.exit(3 if sum(r["wrong_answers"].values()) or sum(r["unknown_key_sql"].values()) else 0)' "$OUT/scale.json"
