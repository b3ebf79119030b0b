#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server: initdb in a temporary directory, start it on a
# free local port, export TEST_DATABASE_URL, run the command, then stop the server and remove its files.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL server binaries not found (install the Debian package 'postgresql')." >&2
  exit 1
fi

workdir=$(mktemp -d /tmp/supervision-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$workdir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres supervision_test
# The role split of docs/security.md: the suite migrates and cleans up as the owner (here the superuser),
# and the migrations grant the application's role, which holds no UPDATE or DELETE on the audit log.
"$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d supervision_test -qc "CREATE ROLE supervision_app LOGIN"

export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/supervision_test"
export TEST_DATABASE_APP_ROLE=supervision_app
export TEST_APP_DATABASE_URL="postgresql+psycopg://supervision_app@127.0.0.1:$port/supervision_test"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
