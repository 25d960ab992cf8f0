# Provisions a private PostgreSQL cluster for the app or the tests, with no Docker and no systemd.
# Source it, then call: pg_start <name> <port> [fast]
#   - installs Debian's postgresql package when the binaries are missing and we may (root or passwordless sudo);
#   - creates the cluster on first use (see pg__cluster_dir) and starts it on 127.0.0.1:<port>;
#   - "fast" turns fsync off (tests: throwaway data, much quicker commits);
#   - exports PG_SERVER: a connection string to the server (database "postgres"), PG_PORT and PG_BINDIR.
# pg_stop <name> stops it; pg_drop <name> stops it and deletes its data.
# initdb and pg_ctl refuse to run as root, so as root they run as the "postgres" user.

pg__repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

# Where the cluster <name> of this clone lives. A normal user keeps it in the clone's .local/. Root's clusters run as
# "postgres", which cannot enter a clone inside a private folder (/root, or mktemp -d: mode 700), so they live under
# /var/lib/postgresql (postgres's own home), in a folder named after the clone's path: two clones never share one.
# A cluster created in .local/ before stays there (it works, or it would not exist).
pg__cluster_dir() {
    local name=$1 root
    root=$(pg__repo_root)
    if [ "$(id -u)" = 0 ] && [ ! -s "$root/.local/pg-$name/PG_VERSION" ]; then
        local key
        key="$(printf '%s' "${root##*/}" | tr -c 'A-Za-z0-9._-' '_' | cut -c1-20)-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
        echo "${PG_CLUSTERS_DIR:-/var/lib/postgresql/codrocket}/$key/pg-$name"
    else
        echo "$root/.local/pg-$name"
    fi
}

pg__as_owner() {
    # From /: "postgres" may not be able to enter the current folder (a private clone).
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg__find_bindir() {
    local ctl
    ctl=$(ls -1 /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$ctl" ] && command -v pg_ctl >/dev/null 2>&1; then ctl=$(command -v pg_ctl); fi
    [ -n "$ctl" ] && dirname "$ctl"
}

pg__install() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        if sudo -n true 2>/dev/null; then sudo="sudo"; else
            echo "PostgreSQL is not installed and this user cannot install it." >&2
            echo "Install it (Debian/Ubuntu: sudo apt-get install postgresql postgresql-contrib)," >&2
            echo "or set ConnectionStrings__Stock to a server you already have." >&2
            return 1
        fi
    fi
    echo "Installing PostgreSQL (Debian package)..." >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >&2
}

pg_start() {
    local name=$1 port=$2 mode=${3:-}
    local bindir
    bindir=$(pg__find_bindir) || true
    if [ -z "$bindir" ]; then pg__install || return 1; bindir=$(pg__find_bindir); fi

    local root dir
    root=$(pg__repo_root)
    dir=$(pg__cluster_dir "$name")
    mkdir -p "$root/.local"
    if [ ! -s "$dir/PG_VERSION" ]; then
        (umask 022 && mkdir -p "$dir")
        if [ "$(id -u)" = 0 ]; then
            chmod 755 "$(dirname "$(dirname "$dir")")" "$(dirname "$dir")"
            chown postgres:postgres "$dir"
        fi
        chmod 700 "$dir"
        pg__as_owner "$bindir/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/.local/pg-$name.initdb.log" 2>&1 \
            || { cat "$root/.local/pg-$name.initdb.log" >&2; return 1; }
    fi
    # Say where the data is when it is not in .local/ itself.
    [ "$dir" = "$root/.local/pg-$name" ] || echo "$dir" >"$root/.local/pg-$name.location"

    if ! pg__as_owner "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        local opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB"
        if [ "$mode" = fast ]; then opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
        pg__as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -o "$opts" -w -t 60 start >/dev/null \
            || { tail -n 30 "$dir/server.log" >&2; return 1; }
    fi
    export PG_SERVER="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    export PG_BINDIR="$bindir"
    export PG_PORT="$port"
}

# Creates the database if it does not exist yet.
pg_create_database() {
    local db=$1
    if ! "$PG_BINDIR/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        "$PG_BINDIR/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
    fi
}

pg_stop() {
    local name=$1 bindir dir
    bindir=$(pg__find_bindir) || return 0
    dir=$(pg__cluster_dir "$name")
    [ -d "$dir" ] && pg__as_owner "$bindir/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
}

# Stops the cluster and deletes its data (a throwaway cluster, such as CI's check of a private clone).
pg_drop() {
    local name=$1 dir root
    dir=$(pg__cluster_dir "$name")
    root=$(pg__repo_root)
    pg_stop "$name"
    rm -rf "$dir" "$root/.local/pg-$name.initdb.log" "$root/.local/pg-$name.location"
    [ "$(id -u)" = 0 ] && rmdir "$(dirname "$dir")" 2>/dev/null
    return 0
}
