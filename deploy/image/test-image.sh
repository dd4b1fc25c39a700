#!/usr/bin/env bash
# Builds the runtime image from the binary in artifacts/native and a local base (no registry), then runs the
# image's own file system the way a container runtime would, but without one: in a private mount namespace,
# chrooted into the exported image, root file system read-only, as the image's unprivileged user, with the data
# folder, the state folder and /tmp mounted. It checks that UDC starts, serves, answers its health check, writes
# SQLite in the state volume, calls a model provider over HTTPS (libssl and the CA store: the test CA is added to
# the image's bundle) and exits 0 on SIGTERM; and it prints the image's size. Needs root, podman, openssl, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
binary=$root/artifacts/native/udc
[ -x "$binary" ] || { echo "image: publish first (dotnet publish src/Udc -c Release -o artifacts/native)" >&2; exit 1; }
work=$(mktemp -d)
tls_pid=""
udc_pid=""
cleanup() {
  [ -n "$udc_pid" ] && kill "$udc_pid" 2>/dev/null || true
  [ -n "$tls_pid" ] && kill "$tls_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
fail() { echo "image: $*" >&2; [ -f "$work/udc.log" ] && cat "$work/udc.log" >&2; exit 1; }

# --- Build: the local base, then Dockerfile.aot's runtime stage with the host's binary. ----------------------
deps=$(deploy/image/local-deps.sh localhost/udc-deps:local)
podman build -q --format docker -f Dockerfile.aot --build-arg BINARY_FROM=local --build-arg DEPS_IMAGE="$deps" -t localhost/udc:local . >/dev/null
size=$(podman image inspect localhost/udc:local --format '{{.Size}}')
user=$(podman image inspect localhost/udc:local --format '{{.Config.User}}')
echo "image: localhost/udc:local is $size bytes ($(awk "BEGIN {printf \"%.1f\", $size / 1048576}") MiB), user $user"
[ "$user" = "65532:65532" ] || fail "the image does not run as 65532:65532"

# --- The image's file system, as a runtime would lay it out. ---------------------------------------------------
container=$(podman create localhost/udc:local)
mkdir "$work/rootfs"
podman export "$container" | tar -C "$work/rootfs" -xf -
podman rm "$container" >/dev/null
mkdir -p "$work/rootfs/dev" "$work/rootfs/proc"

# A CA of the test's own, added to the image's bundle: a provider certificate it signed is trusted only if the
# binary reads the image's CA store through the image's libssl.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=udc image test CA" -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$work/san.ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 1 -extfile "$work/san.ext" -out "$work/tls.crt" 2>/dev/null
cat "$work/ca.crt" >>"$work/rootfs/etc/ssl/certs/ca-certificates.crt"
tls_port=$(free_port)
python3 deploy/image/fake-openai.py "$tls_port" "$work/tls.crt" "$work/tls.key" &
tls_pid=$!

"$binary" generate --out "$work/data" >/dev/null
mkdir "$work/state"
chown 65532:65532 "$work/state"
port=$(free_port)
admin=image-test-admin-key-0123456789
# The image's environment, then the test's: loopback only, a key so the admin routes work, the fake provider.
mapfile -t image_env < <(podman image inspect localhost/udc:local --format '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
# Runs a command in the image as a runtime would: read-only root, /data read-only, /state and /tmp writable; with
# the image's environment plus the NAME=VALUE arguments given before "--".
in_image() {
  local -a vars=("${image_env[@]}")
  while [ "$1" != "--" ]; do vars+=("$1"); shift; done
  shift
  env -i PATH="$PATH" "${vars[@]}" unshare --mount --fork bash -c '
    set -e
    r=$1 data=$2 state=$3
    shift 3
    mount --bind "$r" "$r"
    mount --rbind /dev "$r/dev"
    mount -t proc proc "$r/proc"
    mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
    mount --bind "$data" "$r/data"
    mount -o remount,bind,ro "$r/data"
    mount --bind "$state" "$r/state"
    mount -o remount,bind,ro "$r"
    exec chroot --userspec=65532:65532 "$r" "$@"
  ' _ "$work/rootfs" "$work/data" "$work/state" "$@"
}

# As shipped, the image listens on every address; without keys on, UDC refuses to start and says why.
refusal=0
in_image -- /app/udc serve >"$work/refusal.log" 2>&1 || refusal=$?
[ "$refusal" -eq 2 ] && grep -q "AUTH_ENABLED" "$work/refusal.log" || fail "the image started open on 0.0.0.0 without keys (exit $refusal): $(cat "$work/refusal.log")"
echo "image: ok refuses to listen on 0.0.0.0 with AUTH_ENABLED off"

in_image ADMIN_API_KEY="$admin" ASPNETCORE_URLS="http://127.0.0.1:$port" \
  OPENAI_BASE_URL="https://127.0.0.1:$tls_port/v1" OPENAI_API_KEY=sk-image-test -- \
  /app/udc serve >"$work/udc.log" 2>&1 &
udc_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health/live" >/dev/null && break
  kill -0 "$udc_pid" 2>/dev/null || fail "udc exited at start"
  sleep 0.1
done

check() {
  local what=$1 expect=$2 body=$3
  grep -qF -- "$expect" <<<"$body" || fail "$what: expected '$expect' in: ${body:0:400}"
  echo "image: ok $what"
}
check "/health/ready" '"status":"ready"' "$(curl -s "http://127.0.0.1:$port/health/ready")"
check "/data/crm" '"returned_results":5' "$(curl -s "http://127.0.0.1:$port/data/crm?page_size=5")"
check "udc health (the HEALTHCHECK)" "healthy" "$(in_image -- /app/udc health --url "http://127.0.0.1:$port/health/live" && echo healthy)"
check "SQLite in /state" '"api_key":"udc_' "$(curl -s -X POST -H "X-Admin-Key: $admin" -H 'Content-Type: application/json' -d '{"name":"image"}' "http://127.0.0.1:$port/auth/api-keys")"
[ -s "$work/state/udc.db" ] || fail "no database in the state volume"
check "HTTPS to a provider" '"answer":"Answered over HTTPS."' "$(curl -s -X POST -H 'Content-Type: application/json' \
  -d '{"provider":"openai","mode":"llm","user_query":"How many customers?"}' "http://127.0.0.1:$port/assistant/query")"
# The signal goes to udc itself, the process listening on the port (as a runtime sends it to the container's
# first process), not to the unshare that started it.
listener=$(ss -Hltnp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
[ -n "$listener" ] || fail "no process listens on $port"
kill -TERM "$listener"
status=0
wait "$udc_pid" || status=$?
udc_pid=""
[ "$status" -eq 0 ] || fail "exit code $status after SIGTERM"
echo "image: ok SIGTERM, exit 0"
