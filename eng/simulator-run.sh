# Shared by eng/measure-startup.sh and eng/benchmark.sh: one simulator run in the background, on
# free loopback ports, and what it took to start. Source it; needs eng/lib.sh first.
#   start_simulator LOG ARGS...   starts the AppHost (built already) with its timeline on
#   wait_all_healthy              waits for the line saying where the app is served; sets started_at, healthy_after
#   print_timeline                each resource's moments since the start
#   measure_floor                 Postgres ready + migration + one replica's own lift + nginx's start; sets floor
#   stop_simulator                stops the AppHost (its orchestrator removes the containers)
#   orchestrator_pid, dashboard_pid   the process ids of this run's DCP controllers and dashboard (host processes)
# Container lookups go through the proxy's published https port, so other simulators on the
# machine (other runs, other users) are never measured or touched.

run_log=
runner=
started_at=
healthy_after=
floor=
proxy_https_port=
otlp_port=

# A loopback port nothing listens on, below the system's ephemeral range: the engine gives containers'
# published ports from that range, so a port taken from it could be handed to a replica before the
# proxy binds it ("port is already allocated"; seen once in eng/benchmark.sh).
free_port() {
  local ephemeral_from port
  ephemeral_from=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
  for port in $(shuf -i "$(( ephemeral_from > 13024 ? ephemeral_from - 12000 : 1024 ))-$(( ephemeral_from - 1 ))" -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free loopback port found"
}

# Seconds between two `date +%s.%N` values, one decimal.
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

start_simulator() {
  run_log=$1
  shift
  : >"$run_log"
  proxy_https_port=$(free_port)
  otlp_port=$(free_port)
  started_at=$(date +%s.%N)
  # Its own ports (dashboard, OTLP, resource service, proxy), so a simulator already running elsewhere is no obstacle.
  ASPNETCORE_URLS="http://localhost:$(free_port)" \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://localhost:$otlp_port" \
  ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://localhost:$(free_port)" \
  ASPIRE_ALLOW_UNSECURED_TRANSPORT=true DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development \
    dotnet run --no-build --no-launch-profile --project "$root/AppHost" -- \
    --Logging:LogLevel:Simulator.Timeline=Debug \
    --Simulator:Proxy:Port="$(free_port)" --Simulator:Proxy:HttpsPort="$proxy_https_port" "$@" >"$run_log" 2>&1 &
  runner=$!
}

wait_all_healthy() {
  until grep -q "The Sails app is served at " "$run_log"; do
    kill -0 "$runner" 2>/dev/null || { tail -n 30 "$run_log" >&2; fail "the AppHost exited before all-healthy; log: $run_log"; }
    awk -v s="$started_at" -v n="$(date +%s.%N)" 'BEGIN { exit !(n - s > 900) }' && fail "not all-healthy within 900 s; log: $run_log"
    sleep 0.1
  done
  healthy_after=$(seconds_between "$started_at" "$(date +%s.%N)")
}

stop_simulator() {
  [ -n "$runner" ] || return 0
  local network
  network=$(run_network 2>/dev/null || true)
  pkill -TERM -P "$runner" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  runner=
  # The orchestrator removes the containers a few seconds after the AppHost exits; the next start
  # must not share the CPU with those removals.
  for _ in $(seq 1 60); do
    if [ -n "$network" ]; then
      [ -z "$(docker ps -aq --filter "network=$network")" ] && return
    else
      [ -z "$(docker ps -q --filter "publish=$proxy_https_port")" ] && return
    fi
    sleep 1
  done
}

# The orchestrator's process (DCP's controllers): it listens on this run's OTLP port on loopback, and
# passes the telemetry on to the dashboard (the AppHost's relay listens on that port too, on the
# engine's bridge gateway).
orchestrator_pid() {
  ss -Hltnp "sport = :$otlp_port and src 127.0.0.1" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
}

# The dashboard: the orchestrator's child process.
dashboard_pid() {
  local orchestrator
  orchestrator=$(orchestrator_pid)
  [ -n "$orchestrator" ] && pgrep -P "$orchestrator" -f 'Aspire\.Dashboard$' | head -n 1
}

# moment RESOURCE MILESTONE: seconds from the start to the AppHost's first timeline line of that
# resource and state (or "healthy"), or "-". "created": when its waits were over and its image
# build or container creation began (the first "building" or "starting" after its last "waiting").
moment() {
  awk -v s="$started_at" -v r="$1" -v m="$2" '
    $1 != "timeline:" || $2 != r { next }
    m == "created" && $3 == "waiting" { candidate = ""; next }
    m == "created" && ($3 == "building" || $3 == "starting") && candidate == "" { candidate = $4 }
    m != "created" && $3 == m && !found { found = $4 }
    END {
      t = (m == "created") ? candidate : found
      if (t == "") printf "-"; else printf "%.1f", t / 1000 - s
    }' "$run_log"
}

# The resources that had a container or process created (not parameters, not the readiness report), in
# that order; a job as quick as the migration may go from starting to exited with no running between.
timeline_resources() {
  awk '$1 != "timeline:" { next } $3 == "starting" { created[$2] = 1 } ($3 == "running" || $3 == "exited") && created[$2] && !seen[$2]++ { print $2 }' "$run_log"
}

# This run's containers: on the network of the container that publishes the proxy's https port.
run_network() {
  local proxy
  proxy=$(docker ps -q --filter "publish=$proxy_https_port" | head -n 1)
  [ -n "$proxy" ] || fail "the proxy's container (port $proxy_https_port) is not running"
  docker inspect --format '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}' "$proxy"
}

# container_of RESOURCE: the id of this run's container of that resource (also a stopped one).
container_of() {
  docker ps -aq --no-trunc --filter "network=$(run_network)" --filter "name=^$1-" | head -n 1
}

print_timeline() {
  printf '%-12s %9s %9s %9s %9s   (seconds since the start)\n' resource created running healthy exited
  local resource
  for resource in $(timeline_resources); do
    printf '%-12s %9s %9s %9s %9s\n' "$resource" "$(moment "$resource" created)" "$(moment "$resource" running)" \
      "$(moment "$resource" healthy)" "$(moment "$resource" exited)"
  done
}

# span RESOURCE FROM TO: seconds between two of its moments.
span() { awk -v a="$(moment "$1" "$2")" -v b="$(moment "$1" "$3")" 'BEGIN { printf "%.1f", b - a }'; }

# One replica lifting alone on the running topology: a container of sails-1's image and settings
# (its own name), from `docker run` to its first 200 on /readyz. Its settings pass through a file
# only this user can read, removed at once; nothing of them is printed.
lift_alone() {
  local replica image env_file probe port began
  replica=$(container_of sails-1)
  [ -n "$replica" ] || fail "no sails-1 container in this run"
  image=$(docker inspect --format '{{.Config.Image}}' "$replica")
  env_file=$(umask 077 && mktemp)
  docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$replica" | grep -v '^REPLICA_NAME=' >"$env_file"
  began=$(date +%s.%N)
  probe=$(docker run -d --rm --network "$(run_network)" --env-file "$env_file" -e REPLICA_NAME=lift-alone \
    -p 127.0.0.1::1337 "$image")
  rm -f "$env_file"
  port=$(docker port "$probe" 1337/tcp | head -n 1 | sed 's/.*://')
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
    docker inspect "$probe" >/dev/null 2>&1 || fail "the lone replica stopped before it answered"
    awk -v s="$began" -v n="$(date +%s.%N)" 'BEGIN { exit !(n - s > 300) }' && { docker rm -f "$probe" >/dev/null; fail "the lone replica did not answer within 300 s"; }
    sleep 0.1
  done
  seconds_between "$began" "$(date +%s.%N)"
  docker rm -f "$probe" >/dev/null
}

measure_floor() {
  local postgres migration lift nginx
  postgres=$(span postgres created healthy)
  migration=$(span migrate created exited)
  lift=$(lift_alone)
  nginx=$(span proxy created healthy)
  floor=$(awk -v a="$postgres" -v b="$migration" -v c="$lift" -v d="$nginx" 'BEGIN { printf "%.1f", a + b + c + d }')
  echo "floor: Postgres ready $postgres + migration $migration + one replica's lift alone $lift + nginx's start $nginx = $floor s"
}
