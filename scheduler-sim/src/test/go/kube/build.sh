#!/usr/bin/env bash
# Builds the real kube-apiserver and etcd used by the RealKubeApi test extension into
# ${XDG_CACHE_HOME:-~/.cache}/dovetail/kube/<kubernetes version>/, only when they are missing or were built from a
# different go.mod/go.sum. Needs Go and its module proxy; the first build takes minutes of CPU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
version=$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' go.mod)
minor=${version#v1.}
minor=${minor%%.*}
out="${XDG_CACHE_HOME:-$HOME/.cache}/dovetail/kube/$version"
stamp=$(cat go.mod go.sum cmd/etcd/main.go | sha256sum | cut -c1-16)

if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "kube-apiserver and etcd $version already built in $out"
  exit 0
fi

echo "Building kube-apiserver and etcd for Kubernetes $version into $out"
start=$(date +%s)
mkdir -p "$out"
tmp=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1"
ldflags="$ldflags -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"
go build -trimpath -ldflags "$ldflags" -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" ./cmd/etcd
mv -f "$tmp/kube-apiserver" "$tmp/etcd" "$out/"
echo "$stamp" > "$out/stamp"
echo "Built kube-apiserver and etcd $version in $(( $(date +%s) - start )) s"
