#!/bin/bash
# Runs tlsfuzzer's TLS 1.3 and TLS 1.2 script lists against EngineTLS, SunJSSE and plain BCJSSE echo
# servers (org.enginetls.benchmarks.ConformanceServer, RSA-2048 certificate, TLS 1.3 + 1.2) on
# 127.0.0.1 and writes one table per list. It fetches nothing: give it the source trees.
#
#   benchmarks/conformance/tlsfuzzer.sh TLSFUZZER_DIR TLSLITE_NG_DIR OUT_DIR [servers] [lists]
#
# servers: comma-separated, default EngineTLS,SunJSSE,BCJSSE; lists: tls13,tls12 (default both).
# Scripts that run a random sample of their cases by default (test-tls13-keyupdate: 60 of 270,
# test-tls13-finished: 40 of 714, ...) run every case (-n 0), so a script's verdict is the same in every
# run and for every server. Four keep their default sample, their full lists being too long for this
# machine (about 25 minutes per server each): the two lengths scripts (16,384 cases; sample 1000) and
# invalid-client-hello and its -w-record-overflow variant (7,930; samples 50 and 500). SAMPLED=1 runs
# every script's default sample instead.
# Needs JAVA_HOME (JDK 25), Debian's /usr/bin/python3 with python3-ecdsa, and the benchmarks jar
# (./mvnw -B -o -q -pl benchmarks -am package -DskipTests). See docs/conformance.md.
set -u
TLSFUZZER=$(cd "$1" && pwd); TLSLITE=$(cd "$2" && pwd); OUT=$(mkdir -p "$3" && cd "$3" && pwd)
SERVERS=${4:-EngineTLS,SunJSSE,BCJSSE}; LISTS=${5:-tls13,tls12}
HERE=$(cd "$(dirname "$0")" && pwd); JAR=$HERE/../target/benchmarks.jar
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
PER_SCRIPT_SECONDS=${PER_SCRIPT_SECONDS:-600}
SAMPLED=${SAMPLED:-0}
PORT_BASE=${PORT_BASE:-24400} # the servers listen on PORT_BASE, PORT_BASE+1, ... (runs side by side need their own)
[ -f "$JAR" ] || { echo "build the benchmarks jar first: $JAR" >&2; exit 2; }

# The TLS 1.3 list: every test-tls13-* script that applies to a server with one RSA certificate and
# no client authentication, PSK or server-initiated KeyUpdate (40 scripts).
TLS13="0rtt-garbage ccs certificate-compression connection-abort conversation count-tickets crfg-curves
ecdhe-curves empty-alert ffdhe-groups ffdhe-sanity finished-plaintext finished hrr invalid-ciphers
keyshare-omitted keyupdate large-number-of-extensions legacy-version lengths mlkem multiple-ccs-messages
no-unknown-groups nociphers obsolete-curves pkcs-signature record-layer-limits record-padding
rsa-signatures rsapss-signatures serverhello-random session-resumption shuffled-extentions
signature-algorithms symetric-ciphers unencrypted-alert unrecognised-groups version-negotiation
zero-content-type zero-length-data"
# The TLS 1.2 list: scripts for a TLS 1.2 server with an RSA certificate, without client
# authentication, timing measurements or the long fuzzing runs (55 scripts). Most send minimal
# ClientHellos (static RSA, no signature_algorithms), so they run against the legacy variant.
TLS12="aes-gcm-nonces alpn-negotiation atypical-padding bleichenbacher-workaround ccs chacha20
client-compatibility clienthello-md5 connection-abort conversation cve-2016-2107 cve-2016-6309
cve-2016-7054 dhe-rsa-key-exchange dhe-rsa-key-exchange-signatures dhe-rsa-key-exchange-with-bad-messages
downgrade-protection ecdhe-rsa-key-exchange ecdhe-rsa-key-exchange-with-bad-messages empty-extensions
encrypt-then-mac export-ciphers-rejected extended-master-secret-extension extensions fallback-scsv
ffdhe-expected-params ffdhe-negotiation fuzzed-finished hello-request-by-client invalid-cipher-suites
invalid-client-hello invalid-client-hello-w-record-overflow invalid-compression-methods
invalid-content-type invalid-rsa-key-exchange-messages invalid-server-name-extension invalid-session-id
invalid-version large-number-of-extensions lengths message-duplication message-skipping no-heartbeat
point-extension record-layer-fragmentation renegotiation-disabled resumption-with-wrong-ciphers
sessionID-resumption sig-algs signature-algorithms truncating-of-client-hello truncating-of-finished
truncating-of-kRSA-client-key-exchange version-numbers x25519"

WORK=$OUT/work; mkdir -p "$WORK"
# one RSA-2048 certificate for every server, made with the JDK's keytool; the legacy variant's is
# signed with SHA1withRSA, the one signature a TLS 1.2 ClientHello without signature_algorithms
# allows in the certificate chain (BouncyCastle holds the chain to it, SunJSSE does not)
keystore() { # file signature-algorithm
  [ -f "$1" ] || "$JAVA_HOME/bin/keytool" -genkeypair -keystore "$1" -storetype PKCS12 \
    -storepass conformance -keypass conformance -alias server -keyalg RSA -keysize 2048 -sigalg "$2" \
    -dname CN=localhost -ext san=dns:localhost -validity 30 >/dev/null 2>&1
}
keystore "$WORK/server.p12" SHA256withRSA; keystore "$WORK/server-sha1.p12" SHA1withRSA
# the legacy variant: a default JDK 25 policy minus TLS_RSA_* and the SHA-1 handshake signature entries
LEGACY=$WORK/legacy.java.security
cat > "$LEGACY" <<'POLICY'
jdk.tls.disabledAlgorithms=SSLv3, TLSv1, TLSv1.1, DTLSv1.0, RC4, DES, MD5withRSA, DH keySize < 1024, \
    EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH
POLICY

PIDS=()
start_server() { # name port variant
  local extra=() keystore=$WORK/server.p12
  [ "$3" = legacy ] && extra=(-Djava.security.properties="$LEGACY") && keystore=$WORK/server-sha1.p12
  "$JAVA" "${extra[@]}" -cp "$JAR" org.enginetls.benchmarks.ConformanceServer "$1" "$2" "$keystore" conformance \
    $( [ "$3" = legacy ] && echo legacy ) >"$WORK/server-$1-$3.out" 2>"$WORK/server-$1-$3.log" &
  PIDS+=($!)
  for _ in $(seq 1 100); do grep -q listening "$WORK/server-$1-$3.out" 2>/dev/null && return 0; sleep 0.2; done
  echo "server $1 ($3) did not start" >&2; return 1
}
stop_servers() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; PIDS=(); }
trap stop_servers EXIT

# "-n 0" (every case) for a script that samples its cases by default, unless SAMPLED=1
case_options() { # script
  [ "$SAMPLED" = 1 ] && return
  case $1 in lengths|tls13-lengths|invalid-client-hello|invalid-client-hello-w-record-overflow) return ;; esac
  grep -q -E '^ *num_limit = [0-9]' "$TLSFUZZER/tlsfuzzer/_apps/test_${1//-/_}.py" 2>/dev/null && echo "-n 0"
}

run_list() { # list-name variant scripts...
  local list=$1 variant=$2; shift 2
  IFS=, read -ra names <<<"$SERVERS"
  local port=$PORT_BASE i=0; declare -A ports
  for s in "${names[@]}"; do ports[$s]=$((port + i)); i=$((i + 1)); start_server "$s" "${ports[$s]}" "$variant" || exit 1; done
  local table=$OUT/$list.md
  { printf '| script |'; for s in "${names[@]}"; do printf ' %s |' "$s"; done; echo
    printf '|---|'; for _ in "${names[@]}"; do printf '%s' '---|'; done; echo; } >"$table"
  for script in "$@"; do
    local row="| $script |"
    for s in "${names[@]}"; do
      local log=$WORK/$list-$s-$script.txt
      ( cd "$TLSFUZZER" && PYTHONPATH=$TLSFUZZER:$TLSLITE timeout "$PER_SCRIPT_SECONDS" \
          /usr/bin/python3 "scripts/test-$script.py" -h 127.0.0.1 -p "${ports[$s]}" $(case_options "$script") ) >"$log" 2>&1
      local rc=$? pass fail
      pass=$(grep -E '^PASS: ' "$log" | tail -1 | awk '{print $2}'); fail=$(grep -E '^FAIL: ' "$log" | tail -1 | awk '{print $2}')
      local xpass; xpass=$(grep -E '^XPASS: ' "$log" | tail -1 | awk '{print $2}')
      if [ $rc -eq 124 ]; then row="$row timeout |"
      elif [ -z "$pass" ]; then row="$row error |"
      elif [ $rc -eq 0 ]; then row="$row pass ($pass) |"
      else row="$row FAIL $fail/$((pass + fail + ${xpass:-0})) |"; fi
    done
    echo "$row" | tee -a "$table"
  done
  { printf '| **scripts fully passing** |'
    for s in "${names[@]}"; do printf ' **%s** |' "$(count_pass "$table" "$s")"; done; echo; } >>"$table"
  /usr/bin/python3 "$HERE/reasons.py" "$WORK" "$list" >"$OUT/$list-reasons.md"
  stop_servers
}
idx() { local i=0; IFS=, read -ra n <<<"$SERVERS"; for x in "${n[@]}"; do [ "$x" = "$1" ] && { echo $i; return; }; i=$((i+1)); done; }
count_pass() { # table server -> number of rows whose column for server starts with "pass"
  local col=$(( $(idx "$2") + 3 ))
  awk -F'|' -v c="$col" 'NR>2 && $c ~ /^ pass/ {n++} END {print n+0}' "$1"
}

for l in ${LISTS//,/ }; do
  case $l in
    tls13) run_list tls13 default $(for s in $TLS13; do echo tls13-$s; done) ;;
    tls12) run_list tls12 legacy $TLS12 ;;
  esac
done
