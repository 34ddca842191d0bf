#!/usr/bin/env bash
# The map server's LISP control plane under load, side by side with the sockperf echo ceiling, in one run:
#   Map-Register -> Map-Notify (authenticated) rate; Map-Request -> Map-Reply rate and latency with 1k and then 1M
#   mappings loaded; the same generator against `sockperf server` (a C UDP echo) as the ceiling.
# Usage (from the repository root, after `./mvnw -B clean install -DskipTests`):
#   flock /tmp/wgcp-karaf.lock benchmarks/src/test/bench/lisp-server-benchmark.sh [MAPPINGS_LARGE]
# Writes benchmarks/target/bench-report/lisp-server.md. Needs curl, python3, sockperf; about 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/../../.."                      # benchmarks
large=${1:-1000000}
work=target/lisp-bench-karaf
report=target/bench-report/lisp-server.md
rest=http://127.0.0.1:8181/rests
auth=admin:admin
mkdir -p target/bench-report

java_home=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
../mvnw -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/lisp-bench.classpath
classpath="target/test-classes:$(cat target/lisp-bench.classpath)"
generator() {
    "$java_home/bin/java" -Xms1g -Xmx1g -cp "$classpath" io.wgcp.bench.lisp.LispBenchmark "$@"
}

rm -rf "$work" && cp -r ../karaf-distribution/target/assembly "$work"
karaf_pid=""
cleanup() { if [ -n "$karaf_pid" ]; then "$work/bin/stop" >/dev/null 2>&1 || true; sleep 5; kill -9 "$karaf_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
JAVA_HOME=$java_home JAVA_MAX_MEM=2048m "$work/bin/karaf" server >"$work/console.log" 2>&1 &
karaf_pid=$!
for i in $(seq 1 180); do
    if curl -s -u $auth -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -d '{"input":{"instance-id":0,"address":"192.0.2.1"}}' $rest/operations/wgcp:resolve | grep -q 200; then
        break
    fi
    sleep 1
done
server_pid=$(pgrep -f "karaf.home=$(cd "$work" && pwd)" | head -1 || true)
[ -n "$server_pid" ] || server_pid=$karaf_pid

# The benchmark edge: control address 127.0.0.1 (where the generator's sockets are bound), EIDs 192.0.2.0/24,
# the generator's default Map-Register key.
key=$(head -c 32 /dev/urandom | base64)
curl -sf -u $auth -X PUT -H 'Content-Type: application/json' $rest/data/wgcp:edges/edge=bench -d \
    "{\"wgcp:edge\":[{\"edge-id\":\"bench\",\"control-public-key\":\"$key\",\"control-address\":\"127.0.0.1\",
      \"authorized-eid\":[{\"instance-id\":0,\"eid-prefix\":\"192.0.2.0/24\"}]}]}"
curl -sf -u $auth -X POST -H 'Content-Type: application/json' $rest/operations/wgcp:set-map-register-key -d \
    '{"input":{"edge-id":"bench","key-id":0,"algorithm":"hmac-sha-256-128","secret":"wgcp-benchmark-key-0123456789"}}' \
    >/dev/null

# Provisioned mappings: IPv4 hosts of 198.18.0.0/15 first, then IPv6 hosts of 2001:db8::/32, in virtual network 0,
# 1,000 per PATCH.
load() {  # load FROM TO
    python3 - "$1" "$2" <<'PY' | while read -r body; do
import base64, ipaddress, json, os, sys
first, last = int(sys.argv[1]), int(sys.argv[2])
def eid(i):
    if i < 131072:
        return str(ipaddress.IPv4Address(0xC6120000 + i)) + "/32"
    return str(ipaddress.IPv6Address((0x20010db8 << 96) + i)) + "/128"
for start in range(first, last, 1000):
    items = [{"instance-id": 0, "eid-prefix": eid(i),
              "public-key": base64.b64encode(os.urandom(32)).decode(),
              "locator": [{"address": "198.18.%d.%d" % ((i >> 8) & 255, i & 255), "port": 51820,
                           "priority": 1, "weight": 100}], "ttl": 1440}
             for i in range(start, min(last, start + 1000))]
    print(json.dumps({"wgcp:mappings": {"mapping": items}}))
PY
        printf '%s' "$body" | curl -sf -u $auth -X PATCH -H 'Content-Type: application/json' \
            $rest/data/wgcp:mappings --data-binary @- >/dev/null
    done
}

# Registrations live 3 minutes: the generator's source EID is registered again before each request run (a request
# whose source EID is not registered by the sender is refused).
refresh() {
    generator --target 127.0.0.1:4342 --bind 127.0.0.1 --threads 1 --duration 1 --warmup 0 --payload register \
        --mode closed --window 1 >/dev/null
}
common=(--bind 127.0.0.1 --threads 2 --duration 10 --warmup 3 --server-pid "$server_pid")
requests=(--payload request --eids hosts:0:198.18.0.0:1000 --source-eid 0:192.0.2.1)
{
    echo "# LISP control plane under load ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r))"
    echo
} >"$report"

# The generator registers 192.0.2.1 (its source EID) first: authenticated Map-Register -> Map-Notify.
generator --target 127.0.0.1:4342 "${common[@]}" --payload register --mode closed --window 16,64 \
    --report target/bench-report/lisp-register.md | tee -a "$report"
load 0 1000
refresh
generator --target 127.0.0.1:4342 "${common[@]}" "${requests[@]}" --mode closed --window 1,16,64 \
    --report target/bench-report/lisp-request-1k.md | tee -a "$report"
refresh
generator --target 127.0.0.1:4342 "${common[@]}" "${requests[@]}" --mode open --rate 50000,100000,150000 \
    --report target/bench-report/lisp-request-1k-open.md | tee -a "$report"
generator --target sockperf --bind 127.0.0.1 --threads 2 --duration 10 --warmup 3 "${requests[@]}" \
    --mode closed --window 1,16,64 --report target/bench-report/lisp-sockperf.md | tee -a "$report"
generator --target sockperf --bind 127.0.0.1 --threads 2 --duration 10 --warmup 3 "${requests[@]}" \
    --mode open --rate 50000,100000,150000 --report target/bench-report/lisp-sockperf-open.md | tee -a "$report"
if [ "$large" -gt 1000 ]; then
    started=$(date +%s)
    load 1000 "$large"
    echo "Loaded $large mappings in $(( $(date +%s) - started )) s" | tee -a "$report"
    refresh
    generator --target 127.0.0.1:4342 "${common[@]}" "${requests[@]}" --mode closed --window 1,16,64 \
        --report target/bench-report/lisp-request-1m.md | tee -a "$report"
    refresh
    generator --target 127.0.0.1:4342 "${common[@]}" "${requests[@]}" --mode open --rate 50000,100000,150000 \
        --report target/bench-report/lisp-request-1m-open.md | tee -a "$report"
fi
cat target/bench-report/lisp-register.md target/bench-report/lisp-request-1k*.md target/bench-report/lisp-sockperf*.md \
    target/bench-report/lisp-request-1m*.md >>"$report" 2>/dev/null || true
echo "Report: $(pwd)/$report"
