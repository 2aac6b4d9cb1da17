#!/usr/bin/env bash
# The scoring service under load (issue 12's figures): a real `auscult serve` on a fresh data folder (SQLite) with a
# trained default autoencoder (the mimii preset) active for fans, loaded by `auscult loadgen` over HTTP at 10 clips/s,
# 100 clips/s and as fast as it answers. Prints one table: clips/s, latency (post to stored score) p50/p99/max, lost
# and duplicated clips (loadgen's --data check), the server's CPU per clip (user+sys from /proc) and its RSS.
#
#   bench/serve-load.sh [AUSCULT]          AUSCULT defaults to the Release build of src/Auscult.Cli
#
# LOADGEN=path runs loadgen from another build (e.g. to measure an older service that has no loadgen command).
# Settings (environment): PORT (5090), DEVICES (8, the simulated devices of every phase), SECONDS_PER_RATE (30: the
# fixed-rate phases send rate x this many clips), MAX_COUNT (3000, clips of the max-rate phase), WARMUP (400 clips),
# EPOCHS (10: the model's size, hence its forward pass, does not depend on them), KEEP=1 keeps the work folder.
# loadgen runs on the same machine as the service: on 2 cores it takes CPU from it (its own CPU is printed too).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
auscult=${1:-$here/../src/Auscult.Cli/bin/Release/net10.0/linux-x64/auscult}
port=${PORT:-5090}
devices=${DEVICES:-8}
seconds=${SECONDS_PER_RATE:-30}
max_count=${MAX_COUNT:-3000}
warmup=${WARMUP:-400}
epochs=${EPOCHS:-10}
url=http://127.0.0.1:$port
loadgen=${LOADGEN:-$auscult}

for tool in curl jq column /usr/bin/time; do
  command -v $tool >/dev/null || { echo "serve-load: $tool is needed" >&2; exit 2; }
done
[[ -x $auscult ]] || { echo "serve-load: no auscult at $auscult (dotnet build src/Auscult.Cli -c Release)" >&2; exit 2; }

work=$(mktemp -d -t auscult-serve-load.XXXXXX)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "model: synth + train (mimii preset, $epochs epochs) ..." >&2
"$auscult" synth --out "$work/synth" --machine fan --ids 0 --normal 24 --abnormal 4 --seed 3 >/dev/null
"$auscult" train --data "$work/synth" --out "$work/fan.auscult" --epochs "$epochs" >/dev/null

"$auscult" serve --data "$work/data" --urls "$url" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 200); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.25; done
key=$(grep -o 'ak_[A-Za-z0-9_-]\{43\}' "$work/serve.log" | head -1)
[[ -n $key ]] || { echo "serve-load: the service printed no admin key:" >&2; cat "$work/serve.log" >&2; exit 2; }
model=$(curl -sf "$url/api/v1/models" -H "Authorization: Bearer $key" --data-binary @"$work/fan.auscult" | jq -r .id)
curl -sf -X POST "$url/api/v1/models/$model/activate" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"machineType":"fan"}' >/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
ticks_per_second=$(getconf CLK_TCK)

# run NAME COUNT [RATE]: one loadgen phase; appends a table row.
rows=()
run() {
  local name=$1 count=$2 rate=${3:-}
  local before after report client
  before=$(cpu_ticks "$server_pid")
  report=$(/usr/bin/time -f '%U %S' -o "$work/loadgen-$name.time" "$loadgen" loadgen --server "$url" --key "$key" --devices "$devices" --count "$count" ${rate:+--rate "$rate"} \
    --prefix "$name" --data "$work/data" 2>"$work/loadgen-$name.err" || true)
  after=$(cpu_ticks "$server_pid")
  echo "$report" >"$work/loadgen-$name.json"
  if ! jq -e . >/dev/null 2>&1 <<<"$report"; then
    echo "serve-load: loadgen ($name) failed:" >&2; cat "$work/loadgen-$name.err" >&2; exit 1
  fi
  local cpu_ms client_ms
  client_ms=$(awk -v n="$(jq .sent <<<"$report")" 'END { printf "%.1f", (n > 0 ? ($1 + $2) * 1000 / n : 0) }' "$work/loadgen-$name.time")
  cpu_ms=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$(jq .acknowledged <<<"$report")" \
    'BEGIN { printf "%.1f", (n > 0 ? t * 1000 / hz / n : 0) }')
  rows+=("$(jq -r --arg name "$name" --arg rate "${rate:-max}" --arg cpu "$cpu_ms" --arg client "$client_ms" --arg rss "$(rss_mb "$server_pid")" \
    '[$name, $rate, .sent, .clipsPerSecond, .p50Ms, .p99Ms, .maxMs, .lost, .duplicated, .errors, $cpu, $rss, $client] | @tsv' <<<"$report")")
}

echo "warm-up: $warmup clips ..." >&2
run warmup "$warmup"
rows=()
echo "10 clips/s for ${seconds} s ..." >&2
run rate10 $((10 * seconds)) 10
echo "100 clips/s for ${seconds} s ..." >&2
run rate100 $((100 * seconds)) 100
echo "as fast as answered: $max_count clips ..." >&2
run max "$max_count"

echo
echo "auscult serve (SQLite, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)); loadgen: $devices devices, 10-s 16 kHz clips (320 KB)"
{
  printf 'phase\trate\tclips\tclips/s\tp50 ms\tp99 ms\tmax ms\tlost\tdup\terrors\tserver CPU ms/clip\tRSS MB\tloadgen CPU ms/clip\n'
  printf '%s\n' "${rows[@]}"
} | column -t -s $'\t'
echo "server peak RSS: $(hwm_mb "$server_pid") MB"
