#!/usr/bin/env bash
# Installs MySQL server + client from Debian's sid suite into a private folder, without
# touching the system's packages (sid's libc is newer than bookworm's, so the binaries run
# through the private root's own dynamic loader; see the wrappers written below).
#
# Result: $CACHE_DIR/mysql-<version>/vtroot, a VT_MYSQL_ROOT for Vitess with
#   bin/mysql, bin/mysqld, sbin/mysqld  -> wrappers that exec the private binaries.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

sources_file=/etc/apt/sources.list.d/debian.sources
mirror="${DEBIAN_MIRROR:-}"
if [[ -z "$mirror" && -f "$sources_file" ]]; then
  mirror="$(awk '/^URIs:/{print $2; exit}' "$sources_file")"
fi
if [[ -z "$mirror" && -f /etc/apt/sources.list ]]; then
  mirror="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)"
fi
[[ -n "$mirror" ]] || die "Cannot find a Debian mirror in $sources_file; set DEBIAN_MIRROR."

aptdir="$CACHE_DIR/apt-sid"
mkdir -p "$aptdir"/{lists/partial,cache/archives/partial,parts}
echo "deb [trusted=yes] $mirror sid main" > "$aptdir/sources.list"
APT_OPTS=(-o "Dir::Etc::sourcelist=$aptdir/sources.list" -o "Dir::Etc::sourceparts=$aptdir/parts"
  -o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache" -o "Dir::State::status=/dev/null"
  -o "APT::Architecture=amd64" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")

# The version actually installed is recorded in a marker so `up` can find it without apt.
marker="$CACHE_DIR/mysql-$MYSQL_VERSION.current"
if [[ -f "$marker" && -x "$(cat "$marker")/vtroot/sbin/mysqld" ]]; then
  log "mysql already installed in $(cat "$marker")"
  exit 0
fi

log "fetching the sid package index (private apt state in $aptdir)"
apt-get "${APT_OPTS[@]}" update -qq >/dev/null
full_version="$(apt-cache "${APT_OPTS[@]}" show mysql-server-core | awk '/^Version:/{print $2; exit}')"
[[ "$full_version" == "$MYSQL_VERSION".* ]] \
  || die "Cannot install MySQL $MYSQL_VERSION: Debian sid offers mysql-server-core $full_version. Set MYSQL_VERSION to match."
dest="$CACHE_DIR/mysql-$full_version"

# Dependency closure, minus perl (only needed by helper scripts we never run).
mapfile -t pkgs < <(apt-cache "${APT_OPTS[@]}" depends --recurse --no-recommends --no-suggests \
    --no-conflicts --no-breaks --no-replaces --no-enhances --no-pre-depends \
    mysql-server-core mysql-client-core 2>/dev/null \
  | grep -v '^[ <]' | sort -u | grep -Ev '^(perl|perl-base|perl-modules-.*|libperl.*|libgdbm.*|libdb5.*)$')
log "downloading ${#pkgs[@]} packages for mysql $full_version"
debs="$dest.debs"
rm -rf "$debs" "$dest"
mkdir -p "$debs" "$dest/root"
(cd "$debs" && apt-get "${APT_OPTS[@]}" download -qq "${pkgs[@]}" >/dev/null)
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done
rm -rf "$debs"

root="$dest/root"
loader="$root/usr/lib64/ld-linux-x86-64.so.2"
[[ -x "$loader" ]] || loader="$root/lib64/ld-linux-x86-64.so.2"
[[ -e "$loader" ]] || die "Cannot find the private dynamic loader under $root"
libpath="$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu"

mkdir -p "$dest/vtroot/bin" "$dest/vtroot/sbin"
wrap() { # wrap NAME TARGET: a script that runs TARGET through the private loader
  cat > "$1" <<W
#!/bin/sh
# Client auth plugins (mysql_native_password, which vtgate asks for) live in the private root.
export LIBMYSQL_PLUGIN_DIR="\${LIBMYSQL_PLUGIN_DIR:-$root/usr/lib/mysql/plugin}"
exec "$loader" --library-path "$libpath" "$2" "\$@"
W
  chmod +x "$1"
}
wrap "$dest/vtroot/sbin/mysqld" "$root/usr/sbin/mysqld"
ln -sf ../sbin/mysqld "$dest/vtroot/bin/mysqld"
for tool in mysql mysqladmin mysqldump mysqlbinlog; do
  [[ -x "$root/usr/bin/$tool" ]] && wrap "$dest/vtroot/bin/$tool" "$root/usr/bin/$tool"
done
# Vitess runs mysql_install_db-less init (mysqld --initialize-insecure); share files it reads:
ln -sfn "$root/usr/share" "$dest/vtroot/share"
ln -sfn "$root/usr/lib" "$dest/vtroot/lib"
"$dest/vtroot/sbin/mysqld" --version >/dev/null || die "Cannot run the private mysqld in $dest"
echo "$dest" > "$marker"
log "mysql installed: $("$dest/vtroot/sbin/mysqld" --version)"
