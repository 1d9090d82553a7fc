#!/usr/bin/env bash
# Builds kube-apiserver and etcd from tests/kube (go.mod pins k8s.io/kubernetes v1.33 and
# the etcd it pins) once, into a cache outside git keyed by the module files' hash.
# Prints the directory that holds both binaries on stdout; progress goes to stderr.
#   GATEHOUSE_KUBE_CACHE  cache root (default ${XDG_CACHE_HOME:-~/.cache}/gatehouse/kube)
#   GATEHOUSE_GO_JOBS     parallel Go package builds (default: number of cores)
#   GO                    the Go toolchain (default: go on PATH, else /usr/local/go/bin/go)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

go_bin="${GO:-}"
if [[ -z $go_bin ]]; then
  if command -v go >/dev/null 2>&1; then go_bin="$(command -v go)"
  elif [[ -x /usr/local/go/bin/go ]]; then go_bin=/usr/local/go/bin/go
  else echo "kube/build.sh: no Go toolchain found (need Go >= 1.24)" >&2; exit 2; fi
fi

# The version kube-apiserver reports (/version) is stamped at link time, as Kubernetes'
# own build does; it is the k8s.io/kubernetes version go.mod requires.
kube_version="$(sed -n 's#^[[:space:]]*k8s.io/kubernetes \(v[0-9.]*\)$#\1#p' "$here/go.mod" | head -1)"
[[ -n $kube_version ]] || { echo "kube/build.sh: no k8s.io/kubernetes version in go.mod" >&2; exit 2; }
minor="${kube_version#v1.}"; minor="${minor%%.*}"
version_flags="-X k8s.io/component-base/version.gitVersion=$kube_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
# Go >= 1.21 fetches the toolchain go.mod asks for by itself (GOTOOLCHAIN=auto). An older
# one (Debian 12's golang-go is 1.19) cannot: then the toolchain module comes through the
# module proxy and is unpacked into the cache, as GOTOOLCHAIN would do.
go_minor="$("$go_bin" env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [[ -z $go_minor || $go_minor -lt 21 ]]; then
  want="$(sed -n 's/^go \(1\.[0-9.]*\)$/\1/p' "$here/go.mod")"
  arch="$("$go_bin" env GOARCH)"
  toolchain_dir="${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse/go$want"
  if [[ ! -x $toolchain_dir/bin/go ]]; then
    echo "kube/build.sh: $("$go_bin" version) is too old; fetching go$want through the module proxy" >&2
    src="$(cd "$(mktemp -d)" && "$go_bin" mod download -json "golang.org/toolchain@v0.0.1-go$want.linux-$arch" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    [[ -n $src && -f $src/bin/go ]] || { echo "kube/build.sh: cannot fetch go$want (need Go >= 1.24)" >&2; exit 2; }
    rm -rf "$toolchain_dir.tmp" && mkdir -p "$(dirname "$toolchain_dir")"
    cp -r "$src" "$toolchain_dir.tmp" && chmod -R u+w "$toolchain_dir.tmp"
    chmod +x "$toolchain_dir.tmp"/bin/* "$toolchain_dir.tmp"/pkg/tool/*/*
    mv "$toolchain_dir.tmp" "$toolchain_dir"
  fi
  go_bin="$toolchain_dir/bin/go"
fi

key="$( (cat "$here/go.mod" "$here/go.sum" "$here"/cmd/*/main.go; echo "$version_flags") | sha256sum | cut -c1-16)"
root="${GATEHOUSE_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse/kube}"
out="$root/$key"
if [[ -x $out/kube-apiserver && -x $out/etcd ]]; then
  echo "$out"
  exit 0
fi

mkdir -p "$root"
# One builder at a time: a second caller (another test, the benchmark) waits for the first.
exec 9>"$root/.lock"
if ! flock -w 3600 9; then echo "kube/build.sh: timed out waiting for another build" >&2; exit 2; fi
if [[ -x $out/kube-apiserver && -x $out/etcd ]]; then echo "$out"; exit 0; fi

jobs="${GATEHOUSE_GO_JOBS:-$(nproc)}"
tmp="$out.tmp.$$"
rm -rf "$tmp" && mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
echo "kube/build.sh: building kube-apiserver and etcd into $out (first time only; -p $jobs)" >&2
start=$(date +%s)
(
  cd "$here"
  export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
  nice -n 10 "$go_bin" build -p "$jobs" -trimpath -ldflags="-s -w" -o "$tmp/etcd" ./cmd/etcd
  nice -n 10 "$go_bin" build -p "$jobs" -trimpath -ldflags="-s -w $version_flags" -o "$tmp/kube-apiserver" ./cmd/kube-apiserver
) >&2
rm -rf "$out" && mv "$tmp" "$out"
trap - EXIT
echo "kube/build.sh: built in $(( $(date +%s) - start ))s" >&2
echo "$out"
