# The host's locally added CA certificates (the *.crt files update-ca-certificates reads), which the
# offline base carries so builds behind a TLS-inspecting proxy reach the package registries as the
# host does. File names travel NUL-separated: a name may hold spaces, quotes or backslashes.

# local_cas DIR: the certificate files under DIR, NUL-separated, in a stable order.
local_cas() { find "$1" -name '*.crt' -type f -print0 2>/dev/null | sort -z; }

# local_cas_digest DIR: one line per certificate (hash and name), for an image's rebuild hash.
local_cas_digest() { local_cas "$1" | xargs -0 -r sha256sum; }

# copy_local_cas DIR TARGET: the certificates copied into TARGET.
copy_local_cas() { local_cas "$1" | xargs -0 -r cp -t "$2"; }
