# The machine's PostgreSQL server binaries and the account project-local clusters run as (ops/pg, ops/backup,
# ops/restore). Source it after common.sh, do not run it.
# shellcheck shell=bash

pg_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  fi
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
  d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
  [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  dc_die "no PostgreSQL server binaries (initdb, pg_ctl) found. Install them, e.g. 'apt-get install postgresql' (15 or newer)."
}

require_client() {
  command -v psql >/dev/null 2>&1 || dc_die "psql not found. Install the PostgreSQL client, e.g. 'apt-get install postgresql-client'."
}

# The account the local cluster runs as: ourselves, or an unprivileged one when we are root.
cluster_user() {
  if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
  if id postgres >/dev/null 2>&1; then echo postgres; return; fi
  id dcpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin dcpg
  echo dcpg
}

as_cluster_user() {
  local u; u=$(cluster_user)
  if [ "$(id -un)" = "$u" ]; then "$@"; else runuser -u "$u" -- "$@"; fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for p in $(seq 54329 54429); do port_free "$p" && { echo "$p"; return; }; done
  dc_die "no free TCP port between 54329 and 54429 for the local PostgreSQL"
}

