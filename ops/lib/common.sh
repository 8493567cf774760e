# Shared by the ops/ scripts: find the project, a JDK >= 21 and Maven. Source it, do not run it.
# shellcheck shell=bash

DC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DC_ROOT
DC_MIN_JAVA=21
# The gate agent's JVM options (ops/edge agent, ops/bench gate runtime): a 64 MB heap that starts small, the serial
# collector and the C1 compiler only. With C2 the agent stays at 155-163 MB resident at 10 vehicles/s; with these,
# at 115-123 MB, its decisions still about half a millisecond at the median (docs/benchmarks.md, "Artifacts").
DC_EDGE_JAVA_OPTS="-Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"

dc_log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
dc_die() { printf '[%s] error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# Major version of the java binary given, or nothing if it does not run.
dc_java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  [ -n "$v" ] && printf '%s' "${v%%.*}"
}

# Exports JAVA_HOME pointing to a JDK >= 21: JAVA_HOME first, then java on PATH, then /usr/lib/jvm.
dc_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/*/; do candidates+=("${c%/}"); done
  local tried=()
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(dc_java_major "$c/bin/java")
    tried+=("$c (java ${major:-?})")
    if [ -n "$major" ] && [ "$major" -ge "$DC_MIN_JAVA" ]; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  dc_die "no JDK >= $DC_MIN_JAVA found (looked at JAVA_HOME, javac on PATH, /usr/lib/jvm/*: ${tried[*]:-none}). Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME."
}

dc_find_maven() {
  command -v mvn >/dev/null 2>&1 || dc_die "Maven (mvn) not found on PATH. Install it, e.g. 'apt-get install maven'."
}

# Installs Debian packages on demand (only ever the named ones); needs root or sudo.
dc_apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  dc_log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || dc_die "could not install ${missing[*]} with apt-get"
}

# Node.js and npm: the web module's build (web/build.mjs, esbuild pinned in web/package-lock.json) needs them.
dc_web_tools() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || dc_apt_install nodejs npm
}

# Every build builds the phone app too (module web), so Node.js comes first.
dc_mvn() { dc_web_tools; (cd "$DC_ROOT" && mvn -B -ntp "$@"); }

# The api's jar of this checkout in $jar, built when missing or older than any main source or pom of the modules
# it is made of (the api's own and those it packs: risk-core, http-problems, notifications, the phone app's web).
dc_api_jar() {
  jar="$DC_ROOT/api/target/digital-customs-api.jar"
  local m sources=("$DC_ROOT/pom.xml")
  for m in api risk-core http-problems notifications web; do sources+=("$DC_ROOT/$m/pom.xml" "$DC_ROOT/$m/src/main"); done
  if [ ! -f "$jar" ] || [ -n "$(find "${sources[@]}" -newer "$jar" -type f | head -1)" ]; then
    dc_log "building the api jar (mvn -DskipTests package)"
    dc_mvn -q -pl api -am -DskipTests package
  fi
}

# A TCP port free on loopback now (the kernel's choice), for a server the script starts next.
dc_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The lab's FCM recorder (lab/README.md) on a free loopback port, playing FCM for an api started after it: writes its
# service account to <dir>/fcm-service-account.json and the pushes it accepts to <dir>/pushes, logs to
# <dir>/fcm-recorder.log, exports FCM_CREDENTIALS, FCM_PROJECT_ID and FCM_ENDPOINT, and sets DC_FCM_PORT and
# DC_FCM_PID (the caller stops it). Needs DC_LAB_CP (dc_lab_classpath).
dc_fcm_recorder() { # dir project
  DC_FCM_PORT=$(dc_free_port)
  java -Xmx256m -cp "$DC_LAB_CP" vn.customs.digital.lab.notifications.FcmRecorder --port "$DC_FCM_PORT" \
    --project "$2" --record "$1/pushes" --credentials "$1/fcm-service-account.json" >"$1/fcm-recorder.log" 2>&1 &
  DC_FCM_PID=$!
  for _ in $(seq 1 150); do [ -s "$1/fcm-service-account.json" ] && break; sleep 0.2; done
  [ -s "$1/fcm-service-account.json" ] || dc_die "the FCM recorder did not start: $(cat "$1/fcm-recorder.log")"
  export FCM_CREDENTIALS="$1/fcm-service-account.json" FCM_PROJECT_ID="$2" FCM_ENDPOINT="http://127.0.0.1:$DC_FCM_PORT"
}

# The lab's programs (lab/README.md: sandbox bank, device simulator, load generators) run from the lab's jar and the
# class path Maven writes beside it at package time (this checkout's modules, never an installed jar); builds them
# when missing. Sets DC_LAB_CP.
dc_lab_classpath() {
  local jar="$DC_ROOT/lab/target/lab-$(dc_project_version).jar" cp="$DC_ROOT/lab/target/runtime.classpath"
  if [ ! -f "$jar" ] || [ ! -f "$cp" ]; then
    dc_log "building the lab (mvn -pl lab -am package, tests skipped)"
    dc_mvn -q -pl lab -am package -DskipTests
  fi
  DC_LAB_CP="$jar:$(cat "$cp")"
}

# The lab's benchmarks (main programs in its test sources) with the class path of its tests, in DC_LAB_BENCH_CP: one
# reactor build, so that it names this checkout's modules, never installed jars. Run from $DC_ROOT.
dc_lab_bench_classpath() {
  dc_log "compiling the lab, the product's modules and their tests"
  dc_mvn -q -pl lab -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath >/dev/null
  DC_LAB_BENCH_CP="$DC_ROOT/lab/target/test-classes:$DC_ROOT/lab/target/classes:$(cat "$DC_ROOT/lab/target/bench.classpath")"
}

# The version of the build's modules (the root pom's).
dc_project_version() {
  sed -n 's|^  <version>\(.*\)</version>|\1|p' "$DC_ROOT/pom.xml" | head -n 1
}

# The modules of a trimmed Java runtime for JAR: those its classes name (jdeps, for this JDK's release), plus
# jdk.naming.dns (Netty's DNS resolver reads the system's name servers through JNDI's dns: provider) and jdk.crypto.ec
# (ES256 and TLS key exchange on a JDK 21, where the EC provider is its own module), less the modules named in DROP
# (comma-separated). Needs JAVA_HOME (dc_find_jdk).
dc_runtime_modules() {
  local jar="$1" drop="${2:-}" release found
  release=$(dc_java_major "$JAVA_HOME/bin/java")
  found=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --multi-release "$release" --print-module-deps "$jar") \
    || dc_die "jdeps could not read $jar"
  printf '%s\n' "${found//,/$'\n'}" jdk.naming.dns jdk.crypto.ec | grep -vx -e "${drop//,/$'\n'}" -e '' | sort -u \
    | paste -sd, -
}

# Links the runtime of MODULES into OUT (replaced) from the JDK at hand, or from the jmods of JDK when given. No class
# data sharing archive (--generate-cds-archive, 13 MB more): measured, it changed neither the agent's start nor its
# resident memory (docs/benchmarks.md, "Artifacts"). jlink's output is the same bytes for the same JDK and modules.
dc_jlink() {
  local modules="$1" out="$2" jdk="${3:-}" link_from=()
  if [ -n "$jdk" ]; then
    [ -d "$jdk/jmods" ] || dc_die "$jdk has no jmods/ to link from"
    link_from=(--module-path "$jdk/jmods")
  fi
  rm -rf "$out"
  "$JAVA_HOME/bin/jlink" "${link_from[@]}" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$out" || dc_die "jlink failed"
}
