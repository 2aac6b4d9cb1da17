#!/usr/bin/env bash
# Scale-out under load and faults (issue 16): N `auscult serve` instances on one PostgreSQL and one mosquitto (MQTT 5
# shared subscription), `auscult loadgen` publishing synthetic clips over MQTT and an `auscult agent` replaying clips
# through a spool on a tiny disk; during the run the faults in FAULTS, one after another:
#   kill      kill -9 of instance 2 (1 if alone), restarted 3 s later on its data folder
#   broker    mosquitto stopped (SIGTERM: it saves its sessions and queued clips) and started again 3 s later
#   postgres  PostgreSQL stopped (fast: sessions cut) and started again 3 s later
#   spool     the agent's spool is a 1-MiB tmpfs (a mount namespace of its own, no root needed where user namespaces
#             are allowed; else a 1-MiB spool limit): the broker restart fills it, so it drops its oldest clips
# Afterwards loadgen's check (every clip id it published stored once with one score) and bench/Auscult.ScaleOut's
# (every stored clip scored once, each machine's judgement order 1..n, alert states equal to one alert engine
# replaying each machine's scores in that order, the agent's acknowledged clips stored once) print ONE JSON summary;
# exit 0 when it passed.
#
#   bench/scale-faults.sh [AUSCULT]      AUSCULT defaults to the Release build of src/Auscult.Cli
#
# Settings (environment), defaults = the small version .ci/run runs (~1 min):
#   INSTANCES (2)  COUNT (240: loadgen clips)  RATE (20 clips/s; empty = as fast as the broker acknowledges)
#   DEVICES (4)  MACHINES_PER_DEVICE (4)  DURATION (1s: loadgen clip length; 10s = a MIMII clip, 320 KB)
#   ANOMALOUS (0.3: loadgen's share of anomalous rounds, so alerts open, escalate and clear during the faults)
#   FAULTS (broker,spool; the full set: kill,broker,postgres,spool)  FIRST_FAULT (5: seconds after loadgen starts)
#   FAULT_GAP (8: seconds between faults)  AGENT_COUNT (24 clips of 10 s; 0 = no agent)  AGENT_RATE (2 clips/s)
#   EPOCHS (3)  CHECK_WAIT (180s: how long loadgen waits after its last publish for every clip to be scored)
#   KEEP=1 keeps the work folder  SUMMARY=FILE also writes the JSON there.
# Needs: mosquitto, PostgreSQL's server binaries (initdb, pg_ctl; Debian's postgresql), curl, dotnet; as root it runs
# PostgreSQL as the postgres user. The big run (issue 16's target), e.g.:
#   INSTANCES=2 COUNT=20000 RATE= DEVICES=16 MACHINES_PER_DEVICE=4 FAULTS=kill,broker,postgres,spool FIRST_FAULT=30 \
#     FAULT_GAP=30 CHECK_WAIT=1500s bench/scale-faults.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
auscult=${1:-$root/src/Auscult.Cli/bin/Release/net10.0/linux-x64/auscult}
checker=$root/bench/Auscult.ScaleOut/bin/Release/net10.0/linux-x64/Auscult.ScaleOut.dll
instances=${INSTANCES:-2}
count=${COUNT:-240}
rate=${RATE-20}
devices=${DEVICES:-4}
machines_per_device=${MACHINES_PER_DEVICE:-4}
duration=${DURATION:-1s}
anomalous=${ANOMALOUS:-0.3}
faults=${FAULTS-broker,spool}
first_fault=${FIRST_FAULT:-5}
fault_gap=${FAULT_GAP:-8}
agent_count=${AGENT_COUNT:-24}
agent_rate=${AGENT_RATE:-2}
epochs=${EPOCHS:-3}
check_wait=${CHECK_WAIT:-180s}

say() { echo "scale-faults: $*" >&2; }
fail() { say "$*"; exit 2; }
for tool in mosquitto curl dotnet; do command -v $tool >/dev/null || fail "$tool is needed"; done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n $pg_bin && -x $pg_bin/initdb ]] || fail "PostgreSQL's server binaries are needed (Debian: apt-get install postgresql)"
[[ -x $auscult ]] || fail "no auscult at $auscult (dotnet build src/Auscult.Cli -c Release)"
[[ -f $checker ]] || fail "no checker at $checker (dotnet build bench/Auscult.ScaleOut -c Release)"
((instances >= 1)) || fail "INSTANCES must be at least 1"

work=$(mktemp -d -t auscult-scale-faults.XXXXXX)
chmod 755 "$work"
events=$work/events.txt
: >"$events"
start_ns=$(date +%s%N)
event() { printf '%6.1f s  %s\n' "$(awk -v n="$(date +%s%N)" -v s="$start_ns" 'BEGIN { print (n - s) / 1e9 }')" "$*" >>"$events"; say "$*"; }

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# --- PostgreSQL: a throwaway cluster of its own, so the harness may stop and start it --------------------------------
as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_port=$(free_port)
pg_dir=$work/pg
mkdir -p "$pg_dir"
[[ $(id -u) == 0 ]] && chown postgres:postgres "$pg_dir"
pg_start() {
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=200" start >/dev/null
}
pg_stop() { as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true; }
as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync >"$pg_dir/initdb.log" 2>&1
pg_start
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE auscult LOGIN PASSWORD 'auscult'" -c "CREATE DATABASE auscult OWNER auscult" >/dev/null
database="Host=127.0.0.1;Port=$pg_port;Username=auscult;Password=auscult;Database=auscult"

# --- mosquitto: persistent (sessions and queued clips survive its restart) -------------------------------------------
mqtt_port=$(free_port)
mkdir -p "$work/mosquitto"
cat >"$work/mosquitto/mosquitto.conf" <<EOF
listener $mqtt_port 127.0.0.1
allow_anonymous true
$([[ $(id -u) == 0 ]] && echo "user root")
persistence true
persistence_location $work/mosquitto/
autosave_interval 30
max_queued_messages 1000000
max_queued_bytes 0
max_inflight_messages 64
log_dest file $work/mosquitto/mosquitto.log
log_type error
log_type warning
log_type notice
EOF
mosquitto_pid=
broker_start() {
  mosquitto -c "$work/mosquitto/mosquitto.conf" >/dev/null 2>&1 &
  mosquitto_pid=$!
  # Up to 2 min: a broker restarted with a large queue reloads it from its persistence file first.
  for _ in $(seq 1 1200); do (echo >"/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null && return; sleep 0.1; done
  fail "mosquitto did not start: $(tail -5 "$work/mosquitto/mosquitto.log")"
}
broker_stop() { kill -TERM "$mosquitto_pid" 2>/dev/null || true; wait "$mosquitto_pid" 2>/dev/null || true; }
broker_start
broker=mqtt://127.0.0.1:$mqtt_port

# --- the instances -------------------------------------------------------------------------------------------------
declare -a serve_pids http_ports
for i in $(seq 1 "$instances"); do http_ports[$i]=$(free_port); done
serve_start() {
  local i=$1
  "$auscult" serve --data "$work/instance-$i" --database "$database" --broker "$broker" --urls "http://127.0.0.1:${http_ports[$i]}" \
    --instance-id "scorer-$i" --mqtt-client-id "auscult-scorer-$i" >>"$work/instance-$i.log" 2>&1 &
  serve_pids[$i]=$!
}
serve_ready() {
  local i=$1
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:${http_ports[$i]}/healthz" >/dev/null && return; sleep 0.25; done
  fail "instance $i did not start: $(tail -20 "$work/instance-$i.log")"
}

agent_pid=
loadgen_pid=
cleanup() {
  [[ -n $loadgen_pid ]] && kill "$loadgen_pid" 2>/dev/null || true
  [[ -n $agent_pid ]] && kill "$agent_pid" 2>/dev/null || true
  for pid in "${serve_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${serve_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  broker_stop
  pg_stop
  if [[ ${KEEP:-0} == 1 ]]; then say "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

say "model: synth + train ($epochs epochs), while the instances start ..."
( "$auscult" synth --out "$work/synth" --machine fan --ids 0 --normal 12 --abnormal 2 --seed 3 >/dev/null &&
  "$auscult" train --data "$work/synth" --out "$work/fan.auscult" --epochs "$epochs" >/dev/null ) >"$work/model.log" 2>&1 &
model_pid=$!
# All at once on the new database: the migrations run under a lock, and the one instance that makes the first admin key prints it.
for i in $(seq 1 "$instances"); do serve_start "$i"; done
for i in $(seq 1 "$instances"); do serve_ready "$i"; done
key=$(cat "$work"/instance-*.log | grep -o 'ak_[A-Za-z0-9_-]\{43\}' | head -1)
[[ -n $key ]] || fail "no instance printed an admin key: $(tail -20 "$work/instance-1.log")"

wait "$model_pid" || fail "synth or train failed: $(tail -5 "$work/model.log")"
api=http://127.0.0.1:${http_ports[1]}/api/v1
model=$(curl -sf "$api/models" -H "Authorization: Bearer $key" --data-binary @"$work/fan.auscult" | grep -o '"id":"[0-9a-f]\{64\}"' | head -1 | cut -d'"' -f4)
[[ -n $model ]] || fail "the model upload failed"
curl -sf -X POST "$api/models/$model/activate" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"machineType":"fan"}' >/dev/null || fail "the model activation failed"
event "$instances instances (scorer-1..$instances) on PostgreSQL :$pg_port and mosquitto :$mqtt_port; model ${model:0:12} active for fan (uploaded to scorer-1 only)"

# --- the agent: replays the synthetic fan clips (10 s, 320 KB) through a spool on a tiny disk -----------------------
spool_mode=none
if ((agent_count > 0)); then
  agent_args=(agent --replay "$work/synth" --count "$agent_count" --rate "$agent_rate" --broker "$broker" --device-id edge-fault
    --spool "$work/spool" --spool-limit 1GiB)
  mkdir -p "$work/spool"
  if [[ ,$faults, == *,spool,* ]]; then
    # A 1-MiB tmpfs over the spool folder in a mount namespace of the agent's own (unprivileged where user namespaces
    # are allowed); where mounting is not allowed, a 1-MiB spool limit stands in for the full disk.
    ns=(unshare --mount --propagation private)
    [[ $(id -u) == 0 ]] || ns=(unshare --user --map-root-user --mount --propagation private)
    if "${ns[@]}" sh -c "mount -t tmpfs -o size=1m tmpfs '$work/spool'" 2>/dev/null; then
      spool_mode=tmpfs-1MiB
      "${ns[@]}" sh -c "mount -t tmpfs -o size=1m tmpfs '$work/spool' && exec \"\$0\" \"\$@\"" "$auscult" "${agent_args[@]}" >"$work/agent.log" 2>&1 &
    else
      spool_mode=limit-1MiB
      agent_args=("${agent_args[@]:0:${#agent_args[@]}-1}" 1MiB)
      "$auscult" "${agent_args[@]}" >"$work/agent.log" 2>&1 &
    fi
  else
    spool_mode=unbounded
    "$auscult" "${agent_args[@]}" >"$work/agent.log" 2>&1 &
  fi
  agent_pid=$!
  event "agent edge-fault: $agent_count clips at $agent_rate/s, spool $spool_mode"
fi

# --- loadgen, and the faults while it runs --------------------------------------------------------------------------
event "loadgen: $count clips of $duration from $devices devices x $machines_per_device machines${rate:+ at $rate clips/s}"
timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f '%e %U %S' -o "$work/loadgen.time")
"${timer[@]}" "$auscult" loadgen --broker "$broker" --devices "$devices" \
  --machines-per-device "$machines_per_device" --count "$count" ${rate:+--rate "$rate"} --duration "$duration" --prefix load \
  --anomalous "$anomalous" --retries 40 --check "$database" --check-wait "$check_wait" >"$work/loadgen.json" 2>"$work/loadgen.err" &
loadgen_pid=$!

running() { kill -0 "$loadgen_pid" 2>/dev/null || { [[ -n $agent_pid ]] && kill -0 "$agent_pid" 2>/dev/null; }; }
sleep "$first_fault"
IFS=, read -r -a fault_list <<<"$faults"
gap=0
for fault in "${fault_list[@]}"; do
  [[ $fault == spool ]] && continue
  sleep "$gap"
  gap=$fault_gap
  case $fault in
    kill)
      victim=$((instances >= 2 ? 2 : 1))
      kill -9 "${serve_pids[$victim]}"; wait "${serve_pids[$victim]}" 2>/dev/null || true
      event "kill -9 scorer-$victim"; sleep 3
      serve_start "$victim"; serve_ready "$victim"; event "scorer-$victim restarted" ;;
    broker)
      broker_stop; event "mosquitto stopped"; sleep 3
      broker_start; event "mosquitto started" ;;
    postgres)
      pg_stop; event "PostgreSQL stopped"; sleep 3
      pg_start; event "PostgreSQL started" ;;
    *) fail "unknown fault '$fault' (kill, broker, postgres, spool)" ;;
  esac
  running || event "note: the load had ended before this fault"
done

loadgen_status=0
wait "$loadgen_pid" || loadgen_status=$?
loadgen_pid=
event "loadgen done (exit $loadgen_status)"
if [[ -n $agent_pid ]]; then
  agent_status=0
  for _ in $(seq 1 600); do kill -0 "$agent_pid" 2>/dev/null || break; sleep 0.5; done
  kill "$agent_pid" 2>/dev/null || true
  wait "$agent_pid" || agent_status=$?
  agent_pid=
  event "agent done (exit $agent_status: 3 = some clips dropped): $(grep -o 'done: .*' "$work/agent.log" | tail -1)"
  # The agent's last acknowledged clips may still be on their way from the broker to an instance.
  sleep 3
fi
if [[ -f $work/loadgen.time ]]; then
  read -r wall user sys < <(tail -1 "$work/loadgen.time") || true
  event "loadgen process: ${wall:-?} s wall, ${user:-?} s user, ${sys:-?} s sys"
fi
seconds_of() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'; }
event "mosquitto CPU (user+sys since its last start): $(seconds_of "$(awk '{print $14 + $15}' "/proc/$mosquitto_pid/stat" 2>/dev/null || echo 0)") s"
postmaster=$(head -1 "$pg_dir/data/postmaster.pid" 2>/dev/null || echo)
if [[ -n $postmaster && -r /proc/$postmaster/stat ]]; then
  # The postmaster's own time, its ended children's (cutime, cstime) and its live children's.
  pg_ticks=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
  for child in $(cat "/proc/$postmaster/task/$postmaster/children" 2>/dev/null); do
    pg_ticks=$((pg_ticks + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  event "PostgreSQL CPU (user+sys since its last start): $(seconds_of "$pg_ticks") s"
fi
for i in $(seq 1 "$instances"); do
  ticks=$(awk '{print $14 + $15}' "/proc/${serve_pids[$i]}/stat" 2>/dev/null || echo 0)
  event "scorer-$i CPU (user+sys since its last start): $(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }') s"
done

check_args=(--database "$database" --loadgen "$work/loadgen.json" --events "$events" --instances "$instances")
((agent_count > 0)) && check_args+=(--agent-log "$work/agent.log" --agent-machines fan-)
summary=$(dotnet "$checker" "${check_args[@]}") && status=0 || status=$?
echo "$summary"
[[ -n ${SUMMARY:-} ]] && echo "$summary" >"$SUMMARY"
if ((status != 0)); then
  say "FAILED; logs: $work (kept)"
  KEEP=1
fi
exit "$status"
