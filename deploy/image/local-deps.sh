#!/usr/bin/env bash
# Makes a local DEPS_IMAGE for Dockerfile.aot from this machine's own files, for building without a registry:
# glibc's loader, libc, libm, libssl, libcrypto and the CA certificates, at the paths the Dockerfile copies
# from. The binary must have been linked against this same glibc (publish it on this machine).
#   deploy/image/local-deps.sh [IMAGE]     (default localhost/udc-deps:local)
set -euo pipefail
image=${1:-localhost/udc-deps:local}
lib_dir=/usr/lib/$(uname -m)-linux-gnu
loader=$(readelf -l /bin/sh | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root$lib_dir" "$root$(dirname "$loader")" "$root/etc/ssl/certs" "$root/tmp"
chmod 1777 "$root/tmp"
for lib in libc.so.6 libm.so.6 libssl.so.3 libcrypto.so.3; do
  cp -L "$lib_dir/$lib" "$root$lib_dir/$lib"
done
cp -L "$loader" "$root$loader"
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
tar -C "$root" -cf - . | podman import - "$image" >/dev/null 2>&1
echo "$image"
