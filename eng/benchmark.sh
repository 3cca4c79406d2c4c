#!/usr/bin/env bash
# The simulator's own overhead, in one run (a benchmark, not a test: it prints figures, it asserts nothing):
#   - the warm start of 3 replicas: to all-healthy, each resource's timeline, the critical path's
#     floor and the ratio of the start to it (as eng/measure-startup.sh);
#   - requests/s and p50/p99 latency (wrk) straight to one replica (its container's address) and
#     through nginx (https, TLS ends there) to that one replica, both with telemetry off so that nginx
#     is the only difference, and their ratio; through nginx to 3 replicas;
#   - the same load through nginx to one replica with the replicas' telemetry export on (every trace, and
#     one in ten: Simulator:App:TraceSampleRatio=0.1) and off, and the ratios;
#   - CPU seconds per 1,000 requests of each container (its cgroup's CPU time before and after), of
#     the dashboard (a host process, which stores the telemetry), of DCP's controllers (which pass it
#     on to the dashboard) and of the engine (the containers' logs pass through it) during each load,
#     a container's and the engine's net of what they use idle over as long (probes, telemetry
#     export, timers). Each load follows a short unmeasured one (warm replicas), and ends once the
#     dashboard has stored what the load sent it.
# Each figure is the median of --runs runs. Usage:
#   eng/benchmark.sh [--runs 3] [--duration 10] [--connections 8] [-- AppHost settings...]
# Settings after -- apply to every start, e.g. -- --Simulator:Images:Node=IMAGE (the app on another Node).
# It provisions what is missing first (eng/provision.sh), installs wrk (Debian) if missing, and uses
# free loopback ports and data volumes of its own (Simulator:Instance=benchmark).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib.sh"
source "$root/eng/simulator-run.sh"

runs=3
duration=10
connections=8
settings=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; settings=("$@"); break ;;
    --runs) runs=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "eng/benchmark.sh: unknown argument '$1' (expected --runs N, --duration SECONDS, --connections N, then -- and AppHost settings)" >&2; exit 2 ;;
  esac
done
for value in "$runs" "$duration" "$connections"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "eng/benchmark.sh: '$value' is not a whole number above 0" >&2; exit 2; }
done

"$root/eng/provision.sh"
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || fail "wrk is missing and installing it needs root (apt-get install wrk)"
  step "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; } \
    || fail "could not install wrk"
fi
dotnet build "$root/AppHost" -nologo -v quiet >/dev/null

work=$(mktemp -d)
trap 'stop_simulator; rm -rf "$work"' EXIT
instance=--Simulator:Instance=benchmark
paths=(/healthz /api/messages)

# The file of one figure's values (a name may hold a request path).
figure_file() { echo "$work/${1//\//_}"; }

# record NAME VALUE: one figure of one run, for the medians.
record() { echo "$2" >>"$(figure_file "$1")"; }

median() {
  [ -s "$(figure_file "$1")" ] || { printf '%s' -; return; }
  sort -g "$(figure_file "$1")" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m }'
}

# each NAME: its values in the order of the runs.
each() { paste -sd' ' "$(figure_file "$1")"; }

# wrk_run NAME URL: requests/s, p50 and p99 (ms) of one load, recorded under NAME.
wrk_run() {
  local out
  out=$(wrk --latency -t 2 -c "$connections" -d "${duration}s" "$2")
  echo "$out" | grep -q '^Requests/sec' || { echo "$out" >&2; fail "wrk against $2 gave no figures"; }
  if echo "$out" | grep -q 'Non-2xx or 3xx responses'; then
    echo "$out" >&2
    fail "wrk against $2: some answers were not 2xx/3xx"
  fi
  record "$1.rps" "$(echo "$out" | awk '/^Requests\/sec/ { print $2 }')"
  # wrk prints latencies as 850.00us, 12.34ms or 1.02s.
  local percentile
  for percentile in 50 99; do
    record "$1.p$percentile" "$(echo "$out" | awk -v p="$percentile%" '$1 == p {
      v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
      print (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v }')"
  done
}

# cpu_ns CONTAINER: CPU time its cgroup used so far, in ns (cgroup v1 or v2).
cpu_ns() {
  local id=$1 file
  for file in /sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage /sys/fs/cgroup/cpu,cpuacct/docker/$id/cpuacct.usage; do
    [ -r "$file" ] && { cat "$file"; return; }
  done
  for file in /sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat /sys/fs/cgroup/docker/$id/cpu.stat; do
    [ -r "$file" ] && { awk '$1 == "usage_usec" { printf "%.0f", $2 * 1000 }' "$file"; return; }
  done
  fail "no cgroup CPU counter found for container $id"
}

# replica_url RESOURCE PATH: the replica's container itself, on the container network.
replica_url() {
  local address
  address=$(docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(container_of "$1")")
  echo "http://$address:1337$2"
}

proxy_url() { echo "https://127.0.0.1:$proxy_https_port$1"; }

# This topology's measured parts, found once after its start: each container (not the finished
# migration) by its id, the dashboard and its orchestrator (DCP, which passes the telemetry on to the
# dashboard) by their process ids, and the engine (dockerd, containerd and the containers' shims,
# through which every line the containers log passes) by theirs. parts: their names in a stable
# order (the containers as the timeline has them, then the host processes); part_of[PART] is
# "container ID", "process PID" or "engine PID...".
declare -a parts
declare -A part_of
find_parts() {
  local resource id
  parts=()
  part_of=()
  for resource in $(timeline_resources); do
    [ "$resource" != migrate ] || continue
    id=$(container_of "$resource")
    [ -n "$id" ] && parts+=("$resource") && part_of[$resource]="container $id"
  done
  id=$(dashboard_pid) && [ -n "$id" ] && parts+=(dashboard) && part_of[dashboard]="process $id"
  id=$(orchestrator_pid) && [ -n "$id" ] && parts+=(dcp) && part_of[dcp]="process $id"
  parts+=(engine)
  part_of[engine]="engine $(pgrep -d ' ' -x dockerd) $(pgrep -d ' ' -x containerd) $(pgrep -d ' ' -f containerd-shim)"
}

# part_cpu_ns PART: CPU time a container or host processes used so far, in ns.
part_cpu_ns() {
  local kind ids
  read -r kind ids <<<"${part_of[$1]}"
  case "$kind" in
    container) cpu_ns "$ids" ;;
    *) process_cpu_ns $ids ;;
  esac
}

# process_cpu_ns PID...: their CPU time added up. (%.0f: Debian's awk, mawk, prints %d no higher
# than 2^31 - 1, about 2 s in ns.)
process_cpu_ns() {
  local pid
  for pid in "$@"; do cat "/proc/$pid/stat"; done | awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 } END { printf "%.0f", t * 1e9 / hz }'
}

# What each container and the engine use idle (probes, telemetry export, timers, the orchestrator's
# polling) over one load's duration, in ns. Not the dashboard's or DCP's: just after the start, theirs
# is still their own start (the dashboard's first requests), not a steady use, and would hide what a
# load costs them.
declare -A idle_ns
measure_idle() {
  local part
  declare -A before
  for part in "${parts[@]}"; do before[$part]=$(part_cpu_ns "$part"); done
  sleep "$duration"
  for part in "${parts[@]}"; do
    case "${part_of[$part]}" in
      process*) idle_ns[$part]=0 ;;
      *) idle_ns[$part]=$(( $(part_cpu_ns "$part") - before[$part] )) ;;
    esac
  done
}

# wait_dashboard_quiet: returns once the dashboard has used under 5% of a core over a second: it has
# stored the spans a load left queued (it lags under a heavy load), so they count to that load, not
# the next. Bounded at 120 s, only to catch a hang; the benchmark says when it was reached.
wait_dashboard_quiet() {
  [ -n "${part_of[dashboard]:-}" ] || return 0
  local deadline=$((SECONDS + 120)) before
  while [ "$SECONDS" -lt "$deadline" ]; do
    before=$(part_cpu_ns dashboard)
    sleep 1
    [ $(( $(part_cpu_ns dashboard) - before )) -lt 50000000 ] && return 0
  done
  echo "eng/benchmark.sh: the dashboard was still busy 120 s after a load; its figure for that load is cut there" >&2
}

# load NAME URL: wrk_run, and each part's CPU seconds per 1,000 requests: a container's over the
# load, net of its idle use; host processes' until the dashboard is quiet again (the engine's net of
# its idle use).
load() {
  local label=$1 part requests
  declare -A before after
  for part in "${parts[@]}"; do before[$part]=$(part_cpu_ns "$part"); done
  wrk_run "$label" "$2"
  for part in "${parts[@]}"; do
    [[ "${part_of[$part]}" == container* ]] && after[$part]=$(part_cpu_ns "$part")
  done
  wait_dashboard_quiet
  for part in "${parts[@]}"; do
    [[ "${part_of[$part]}" != container* ]] && after[$part]=$(part_cpu_ns "$part")
  done
  requests=$(tail -n 1 "$(figure_file "$label.rps")" | awk -v d="$duration" '{ print $1 * d }')
  for part in "${parts[@]}"; do
    record "$label.cpu.$part" "$(awk -v a="${before[$part]}" -v b="${after[$part]}" \
      -v idle="${idle_ns[$part]}" -v n="$requests" 'BEGIN { v = (b - a - idle) / 1e9 / n * 1000; printf "%.3f", v < 0 ? 0 : v }')"
  done
  echo "${parts[@]}" >"$(figure_file "$label.resources")"
}

# warm_up: a short load of each path through nginx, not measured, so the first measured load does not
# pay for the replicas' first requests (lazy requires, V8 compiling the hot paths); then quiet again.
warm_up() {
  local path
  for path in "${paths[@]}"; do
    wrk -t 2 -c "$connections" -d 3s "$(proxy_url "$path")" >/dev/null
  done
  wait_dashboard_quiet
}

start_and_wait() {
  start_simulator "$work/run.log" "$instance" "${settings[@]}" "$@"
  wait_all_healthy
  find_parts
}

# A first start makes the benchmark's data volumes; the measured starts are then warm.
if ! docker volume inspect sails-simulator-benchmark-postgres-data >/dev/null 2>&1; then
  step "first start: making the benchmark's data volumes (not measured)"
  # Made here: DCP 0.26.6 was seen leaving new named volumes 'Pending' until the start failed (a shared engine, in swarm mode then).
  for resource in postgres redis storage; do docker volume create "sails-simulator-benchmark-$resource-data" >/dev/null; done
  start_and_wait
  stop_simulator
fi

for run in $(seq 1 "$runs"); do
  step "run $run of $runs: 3 replicas, telemetry on: the start, then loads through nginx"
  start_and_wait --Simulator:Replicas=3
  record start "$healthy_after"
  print_timeline >"$work/timeline.$run"
  measure_floor >"$work/floor.$run"
  record floor "$floor"
  record ratio "$(awk -v s="$healthy_after" -v f="$floor" 'BEGIN { printf "%.2f", s / f }')"
  measure_idle
  warm_up
  for path in "${paths[@]}"; do
    load "proxy3$path" "$(proxy_url "$path")"
  done
  stop_simulator

  for telemetry in true sampled false; do
    step "run $run of $runs: 1 replica, telemetry $telemetry: through nginx$([ "$telemetry" = false ] && echo ", and straight to it")"
    case "$telemetry" in
      sampled) start_and_wait --Simulator:Replicas=1 --Simulator:App:TraceSampleRatio=0.1 ;;
      *) start_and_wait --Simulator:Replicas=1 --Simulator:App:Telemetry=$telemetry ;;
    esac
    record "start1.telemetry-$telemetry" "$healthy_after"
    measure_idle
    warm_up
    for path in "${paths[@]}"; do
      [ "$telemetry" = false ] && load "direct1$path" "$(replica_url sails-1 "$path")"
      load "proxy1.telemetry-$telemetry$path" "$(proxy_url "$path")"
    done
    stop_simulator
  done
done

ratio_of() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { if (a == "-" || b == "-" || b == 0) printf "-"; else printf "%.2f", a / b }'; }

echo
echo "== eng/benchmark.sh --runs $runs --duration $duration --connections $connections${settings[*]:+ -- ${settings[*]}}: medians of $runs run(s); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "warm start, 3 replicas, to all-healthy: $(median start) s; critical path's floor: $(median floor) s; start / floor: $(median ratio)"
echo "  each run: start $(each start) s; floor $(each floor) s"
echo "timeline of the last run (seconds since the start):"
cat "$work/timeline.$runs"
cat "$work/floor.$runs"
echo "warm start, 1 replica, to all-healthy: telemetry on $(median start1.telemetry-true) s, off $(median start1.telemetry-false) s (off: no OTLP endpoint is set, so the sample app loads no OpenTelemetry SDK)"
echo
printf '%-56s %10s %9s %9s\n' load requests/s "p50 ms" "p99 ms"
for path in "${paths[@]}"; do
  for label in "direct1$path" "proxy1.telemetry-false$path" "proxy1.telemetry-true$path" "proxy1.telemetry-sampled$path" "proxy3$path"; do
    case "$label" in
      direct1*) name="straight to sails-1 (http), telemetry off, $path" ;;
      proxy1.telemetry-false*) name="nginx (https) → 1 replica, telemetry off, $path" ;;
      proxy1.telemetry-true*) name="nginx → 1 replica, every trace, $path" ;;
      proxy1.telemetry-sampled*) name="nginx → 1 replica, 1 trace in 10, $path" ;;
      proxy3*) name="nginx → 3 replicas, $path" ;;
    esac
    printf '%-56s %10s %9s %9s\n' "$name" "$(median "$label.rps")" "$(median "$label.p50")" "$(median "$label.p99")"
  done
  echo "  $path: through nginx / straight, 1 replica: $(ratio_of "proxy1.telemetry-false$path.rps" "direct1$path.rps");" \
    "telemetry on / off: $(ratio_of "proxy1.telemetry-true$path.rps" "proxy1.telemetry-false$path.rps")," \
    "1 trace in 10 / off: $(ratio_of "proxy1.telemetry-sampled$path.rps" "proxy1.telemetry-false$path.rps");" \
    "3 replicas / 1 replica through nginx: $(ratio_of "proxy3$path.rps" "proxy1.telemetry-true$path.rps")"
done
echo
# total_cpu LABEL [PART]: the CPU seconds per 1,000 requests of one load of all containers, the
# dashboard, DCP and the engine (medians added up), or without PART.
total_cpu() {
  local resource total=0
  for resource in $(cat "$(figure_file "$1.resources")" 2>/dev/null); do
    [ "$resource" = "${2:-}" ] && continue
    total=$(awk -v t="$total" -v v="$(median "$1.cpu.$resource")" 'BEGIN { printf "%.3f", t + (v == "-" ? 0 : v) }')
  done
  echo "$total"
}

echo "CPU per request decides requests/s where the CPU is the limit (a busy machine's wall-clock figures above are not):"
for path in "${paths[@]}"; do
  direct=$(total_cpu "direct1$path") on=$(total_cpu "proxy1.telemetry-true$path") off=$(total_cpu "proxy1.telemetry-false$path")
  sampled=$(total_cpu "proxy1.telemetry-sampled$path")
  on_app=$(total_cpu "proxy1.telemetry-true$path" dashboard) sampled_app=$(total_cpu "proxy1.telemetry-sampled$path" dashboard)
  awk -v p="$path" -v d="$direct" -v on="$on" -v s="$sampled" -v off="$off" -v on_app="$on_app" -v s_app="$sampled_app" 'BEGIN {
    printf "  %s: ms of CPU per request, all containers, the dashboard, DCP and the engine: telemetry off straight %.2f, through nginx %.2f; every trace %.2f, 1 trace in 10 %.2f;\n", p, d, off, on, s
    printf "    as requests/s ratios: nginx / straight %.2f, telemetry on / off %.2f, 1 trace in 10 / off %.2f\n",
      (off > 0 ? d / off : 0), (on > 0 ? off / on : 0), (s > 0 ? off / s : 0)
    printf "    without the dashboard (in production the collector runs elsewhere): telemetry on / off %.2f, 1 trace in 10 / off %.2f\n",
      (on_app > 0 ? off / on_app : 0), (s_app > 0 ? off / s_app : 0) }'
done
echo
echo "CPU seconds per 1,000 requests, each container, the dashboard (it stores the telemetry), DCP (it passes the telemetry on to the dashboard) and the engine (dockerd, containerd, the shims: the containers' logs pass through them); a container's and the engine's net of their idle use over as long:"
for path in "${paths[@]}"; do
  for label in "direct1$path" "proxy1.telemetry-false$path" "proxy1.telemetry-true$path" "proxy1.telemetry-sampled$path" "proxy3$path"; do
    [ -s "$(figure_file "$label.resources")" ] || continue
    printf '  %-38s' "$label"
    for resource in $(cat "$(figure_file "$label.resources")"); do
      printf ' %s %s' "$resource" "$(median "$label.cpu.$resource")"
    done
    echo
  done
done
