# shellcheck shell=bash
#
# .ci/postgres.sh — a throw-away PostgreSQL server for crmkit's tests.
#
# Source it (bash) from .ci/run or a development shell:
#
#	. .ci/postgres.sh
#	go test -race ./store/postgres/...
#
# It installs Debian's postgresql package when no server binaries are present,
# creates a cluster in a temporary directory (initdb/pg_ctl run as the
# `postgres` user when called as root, since the server refuses to run as
# root), starts it on a local port with its unix socket in the same directory,
# waits until it accepts connections, creates the database and exports
# CRMKIT_POSTGRES_DSN. Sourcing it again reuses the running server, so it is
# idempotent and quick.
#
# Settings (environment, all optional):
#	CRMKIT_PG_PORT   TCP port on 127.0.0.1 (default 54329)
#	CRMKIT_PG_DIR    cluster directory (default ${TMPDIR:-/tmp}/crmkit-pg-$PORT)
#	CRMKIT_PG_DB     database name (default crmkit)
#	CRMKIT_PG_KEEP   1: leave a server this script started running when the
#	                 sourcing shell exits (default: stop it on exit)
#	CRMKIT_PG_DURABLE 1: keep fsync and synchronous commit on (for
#	                 benchmarks); by default a throw-away cluster trades
#	                 crash safety for speed (fsync=off, synchronous_commit=off,
#	                 full_page_writes=off), which tests do not need
#	CRMKIT_PG_OPTS   extra postgres server options, e.g. "-c log_min_duration_statement=50"
#
# crmkit_pg_stop stops the server and removes its directory.

crmkit_pg_log() { echo "postgres.sh: $*" >&2; }

# crmkit_pg_bindir prints the newest installed server's bin directory.
crmkit_pg_bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
	[ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

# crmkit_pg_install installs the server from Debian's packages when missing.
crmkit_pg_install() {
	if [ -n "$(crmkit_pg_bindir)" ]; then
		return 0
	fi
	if [ "$(id -u)" != 0 ]; then
		crmkit_pg_log "PostgreSQL is not installed and installing it needs root (apt-get install -y postgresql)"
		return 1
	fi
	crmkit_pg_log "installing postgresql from Debian's packages"
	# Another apt may hold the lock (a concurrent job): wait for it.
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || return 1
	apt-get -o DPkg::Lock::Timeout=600 install -y -q postgresql >&2 || return 1
	[ -n "$(crmkit_pg_bindir)" ] || { crmkit_pg_log "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"; return 1; }
}

# crmkit_pg_as runs a command as the cluster owner: `postgres` when we are
# root, ourselves otherwise. It runs from / because the server user may not
# be able to read the caller's working directory.
crmkit_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

crmkit_pg_start() {
	local port=${CRMKIT_PG_PORT:-54329}
	local dir=${CRMKIT_PG_DIR:-${TMPDIR:-/tmp}/crmkit-pg-$port}
	local db=${CRMKIT_PG_DB:-crmkit}
	local bin
	crmkit_pg_install || return 1
	bin=$(crmkit_pg_bindir)

	mkdir -p "$dir" || return 1
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir" || return 1
	fi
	chmod 700 "$dir"

	local started=0
	if crmkit_pg_as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		crmkit_pg_log "reusing the server in $dir"
	else
		if [ ! -s "$dir/data/PG_VERSION" ]; then
			rm -rf "$dir/data"
			crmkit_pg_as "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
				crmkit_pg_log "initdb failed:"; cat "$dir/initdb.log" >&2; return 1
			}
		fi
		local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
		[ "${CRMKIT_PG_DURABLE:-0}" = 1 ] && fast=
		# listen on loopback only; socket in the cluster directory so no
		# system directory (/var/run/postgresql) is needed.
		# shellcheck disable=SC2086
		crmkit_pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 $fast ${CRMKIT_PG_OPTS:-}" \
			start >/dev/null || {
			crmkit_pg_log "the server did not start:"; tail -n 30 "$dir/server.log" >&2; return 1
		}
		started=1
	fi

	local i
	for i in $(seq 1 60); do
		if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
			break
		fi
		[ "$i" = 60 ] && { crmkit_pg_log "the server on port $port does not accept connections"; return 1; }
		sleep 0.5
	done

	if [ "$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
		"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" || return 1
	fi

	export CRMKIT_POSTGRES_DSN="postgres://postgres@127.0.0.1:$port/$db?sslmode=disable"
	export CRMKIT_PG_BIN=$bin CRMKIT_PG_RUNDIR=$dir
	crmkit_pg_log "PostgreSQL $("$bin/postgres" -V | awk '{print $3}') ready: CRMKIT_POSTGRES_DSN=$CRMKIT_POSTGRES_DSN"

	if [ "$started" = 1 ] && [ "${CRMKIT_PG_KEEP:-0}" != 1 ]; then
		# Chain onto any EXIT trap the sourcing script already set.
		local prev=
		if [ -n "$(trap -p EXIT)" ]; then
			eval "set -- $(trap -p EXIT)"
			prev=$3
		fi
		# shellcheck disable=SC2064
		trap "crmkit_pg_stop; ${prev:-:}" EXIT
	fi
}

# crmkit_pg_stop stops the server started by crmkit_pg_start and removes
# its directory.
crmkit_pg_stop() {
	[ -n "${CRMKIT_PG_RUNDIR:-}" ] && [ -n "${CRMKIT_PG_BIN:-}" ] || return 0
	crmkit_pg_as "$CRMKIT_PG_BIN/pg_ctl" -D "$CRMKIT_PG_RUNDIR/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$CRMKIT_PG_RUNDIR"
	unset CRMKIT_PG_RUNDIR
}

crmkit_pg_start || return 1 2>/dev/null || exit 1
