# Shared by the provisioning scripts: messages and Debian's package sources.

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf 'provisioning stopped: %s\n' "$*" >&2; exit 1; }

# The Debian mirror this machine already uses, so no host is hard-coded here.
debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $2 ~ /^http/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || fail "no Debian mirror found in /etc/apt/sources.list(.d)"
  echo "$uri"
}

# Adds trixie as a low-priority suite: only packages asked for by name come from it.
ensure_trixie_suite() {
  if ! apt-cache policy 2>/dev/null | grep -q 'n=trixie'; then
    cat > /etc/apt/sources.list.d/simulator-trixie.sources <<SOURCES
Types: deb
URIs: $(debian_mirror)
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/simulator-trixie
    apt-get update -q >/dev/null
  fi
}
