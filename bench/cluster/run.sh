#!/usr/bin/env bash
# Benchmark: apply 200 resources with gatehousectl (validate, server-side dry run, diff, then
# server-side apply) next to `kubectl apply --server-side` of the same set, against the same
# kube-apiserver in the same run. Prints both times and the ratio (goal: <= 0.5).
#   bench/cluster/run.sh [BUILD_DIR]   (default build/release, else build/dev)
# Starts its own test cluster (tests/kube/cluster.sh; the first run builds it) and stops it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-}"
if [[ -z $build ]]; then
  for b in "$repo/build/release" "$repo/build/dev" "$repo/build/ci"; do
    [[ -x $b/app/gatehousectl ]] && { build="$b"; break; }
  done
fi
ctl="$build/app/gatehousectl"
[[ -x $ctl ]] || { echo "bench: no gatehousectl; build first (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }

work="$(mktemp -d)"
state="$work/kube"
cleanup() { "$repo/tests/kube/cluster.sh" stop "$state" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$repo/tests/kube/cluster.sh" start "$state" >&2
export KUBECONFIG="$state/kubeconfig"

# 200 objects: a Namespace, 79 ConfigMaps, 60 Gateways, 60 VirtualServices.
gen() { # namespace file
  local ns="$1" f="$2"
  { printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$ns"
    for i in $(seq 1 79); do
      printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-%d\n  namespace: %s\n  labels: {app: bench}\ndata:\n  mode: strict\n  index: "%d"\n' "$i" "$ns" "$i"
    done
    for i in $(seq 1 60); do
      printf -- '---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw-%d\n  namespace: %s\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["app%d.example.com"]\n    tls: {mode: SIMPLE, credentialName: cert-%d}\n' "$i" "$ns" "$i" "$i"
      printf -- '---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs-%d\n  namespace: %s\nspec:\n  hosts: ["app%d.example.com"]\n  gateways: [gw-%d]\n  http:\n  - route:\n    - destination: {host: app%d.%s.svc.cluster.local, port: {number: 8080}}\n' "$i" "$ns" "$i" "$i" "$i" "$ns"
    done
  } > "$f"
}
gen bench-gatehouse "$work/gatehouse.yaml"
gen bench-kubectl "$work/kubectl.yaml"

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
# Warm both clients' connections and kubectl's discovery cache, so neither pays a first-time cost.
kubectl --context gh-admin api-resources >/dev/null
"$ctl" get namespaces --context gh-admin >/dev/null

t0=$(now); "$ctl" apply --context gh-admin "$work/gatehouse.yaml" > "$work/gh1.out"; t1=$(now)
kubectl --context gh-admin apply --server-side -f "$work/kubectl.yaml" > "$work/kc1.out"; t2=$(now)
t3=$(now); "$ctl" apply --context gh-admin "$work/gatehouse.yaml" > "$work/gh2.out"; t4=$(now)
kubectl --context gh-admin apply --server-side -f "$work/kubectl.yaml" > "$work/kc2.out"; t5=$(now)

created=$(grep -c ' created$' "$work/gh1.out" || true)
unchanged=$(grep -c ' unchanged$' "$work/gh2.out" || true)
[[ $created == 200 && $unchanged == 200 ]] || { echo "bench: gatehousectl did not apply all 200 (created $created, unchanged $unchanged)" >&2; exit 1; }
[[ $(kubectl --context gh-admin get cm,gateways,virtualservices -n bench-kubectl --no-headers | wc -l) == 199 ]] \
  || { echo "bench: kubectl did not apply all objects" >&2; exit 1; }

gh_create=$(ms "$t0" "$t1"); kc_create=$(ms "$t1" "$t2")
gh_again=$(ms "$t3" "$t4"); kc_again=$(ms "$t4" "$t5")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "cluster apply benchmark: 200 resources, kube-apiserver $(kubectl --context gh-admin version -o json | sed -n 's/.*"gitVersion": "\(v1[^"]*\)".*/\1/p' | tail -1), $(nproc) cores"
printf '  %-34s %8s %8s %7s\n' "" gatehouse kubectl ratio
printf '  %-34s %6sms %6sms %7s\n' "create (dry run + diff + apply)" "$gh_create" "$kc_create" "$(ratio "$gh_create" "$kc_create")"
printf '  %-34s %6sms %6sms %7s\n' "re-apply, unchanged" "$gh_again" "$kc_again" "$(ratio "$gh_again" "$kc_again")"
echo "  goal: ratio <= 0.50 (gatehouse time / kubectl time)"
