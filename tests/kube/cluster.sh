#!/usr/bin/env bash
# The integration tests' cluster: etcd + kube-apiserver (built by build.sh) on 127.0.0.1
# with their own CA, four users and Istio's CRDs.
#   cluster.sh start STATE_DIR   builds (cached), starts, waits until ready, writes
#                                STATE_DIR/kubeconfig (contexts gh-admin, gh-viewer,
#                                gh-token, gh-exec) and STATE_DIR/env
#   cluster.sh stop STATE_DIR    stops the processes that start left in STATE_DIR
# Every wait is bounded. Only processes whose pid files are in STATE_DIR are stopped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cmd="${1:-}"
state="${2:-}"
[[ -n $cmd && -n $state ]] || { echo "usage: cluster.sh start|stop STATE_DIR" >&2; exit 2; }
KUBECTL="${KUBECTL:-kubectl}"

stop_pid() { # name
  local f="$state/$1.pid"
  [[ -f $f ]] || return 0
  local pid; pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

stop_all() {
  stop_pid kube-apiserver
  stop_pid etcd
}

if [[ $cmd == stop ]]; then
  stop_all
  echo "cluster.sh: stopped"
  exit 0
fi
[[ $cmd == start ]] || { echo "usage: cluster.sh start|stop STATE_DIR" >&2; exit 2; }

mkdir -p "$state"
state="$(cd "$state" && pwd)"
stop_all # a previous run that was not stopped
rm -rf "$state/etcd-data" "$state/pki"
mkdir -p "$state/pki"

bin="$("$here/build.sh")"

# A port nothing listens on, below the kernel's ephemeral range (outgoing connections take
# ports from that range, which would make a later bind fail).
free_port() {
  local p low
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  (( low > 12000 )) || low=32768
  for _ in $(seq 1 200); do
    p=$(( 10000 + RANDOM % (low - 10000) ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "cluster.sh: no free port" >&2; return 1
}

# --- PKI: a CA, the server's certificate, two client certificates, the SA key pair.
pki="$state/pki"
ossl() { openssl "$@" 2>/dev/null; }
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=gatehouse-test-ca" -keyout "$pki/ca.key" -out "$pki/ca.crt"
issue() { # name subject [extfile-lines]
  local name="$1" subj="$2" ext="$3"
  ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$subj" \
    -keyout "$pki/$name.key" -out "$pki/$name.csr"
  printf '%b' "$ext" > "$pki/$name.ext"
  ossl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 2 -extfile "$pki/$name.ext" -out "$pki/$name.crt"
}
issue server "/CN=kube-apiserver" \
  "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default\nextendedKeyUsage=serverAuth\n"
issue admin "/O=system:masters/CN=gatehouse-admin" "extendedKeyUsage=clientAuth\n"
issue viewer "/CN=gatehouse-viewer" "extendedKeyUsage=clientAuth\n"
ossl genrsa -out "$pki/sa.key" 2048
ossl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"
chmod 600 "$pki"/*.key
static_token="$(openssl rand -hex 24)"
exec_token="$(openssl rand -hex 24)"
printf '%s\n' "$exec_token" > "$pki/exec-token"
printf '%s,gatehouse-token-user,1001\n%s,gatehouse-exec-user,1002\n' "$static_token" "$exec_token" \
  > "$pki/tokens.csv"
chmod 600 "$pki/exec-token" "$pki/tokens.csv"

# --- etcd
etcd_port="$(free_port)"; peer_port="$(free_port)"
setsid "$bin/etcd" --name gh --data-dir "$state/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "gh=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level warn \
  >"$state/etcd.log" 2>&1 </dev/null &
echo $! > "$state/etcd.pid"

# --- kube-apiserver (another process may take the chosen port first: then another port).
# etcd is compacted every second and PodTemplates have no watch cache (they are watched from
# etcd directly), so the watch tests meet "410: version too old" within seconds.
start_apiserver() {
  api_port="$(free_port)"
  setsid "$bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$pki/server.crt" --tls-private-key-file "$pki/server.key" \
    --client-ca-file "$pki/ca.crt" --token-auth-file "$pki/tokens.csv" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/24 \
    --enable-priority-and-fairness=false --profiling=false \
    --disable-admission-plugins ServiceAccount \
    --cert-dir "$state/apiserver-certs" \
    --etcd-compaction-interval 1s --watch-cache-sizes podtemplates#0 \
    >"$state/kube-apiserver.log" 2>&1 </dev/null &
  echo $! > "$state/kube-apiserver.pid"
}
start_apiserver
for _ in 1 2 3; do
  sleep 2
  if kill -0 "$(cat "$state/kube-apiserver.pid")" 2>/dev/null || ! grep -q 'address already in use' "$state/kube-apiserver.log"; then break; fi
  echo "cluster.sh: port $api_port was taken; trying another" >&2
  start_apiserver
done

server="https://127.0.0.1:$api_port"
cat > "$state/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
current-context: gh-admin
clusters:
- name: gh
  cluster:
    server: $server
    certificate-authority: $pki/ca.crt
users:
- name: gh-admin
  user:
    client-certificate: $pki/admin.crt
    client-key: $pki/admin.key
- name: gh-viewer
  user:
    client-certificate: $pki/viewer.crt
    client-key: $pki/viewer.key
- name: gh-token
  user:
    token: $static_token
- name: gh-exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: $here/exec-credential.sh
      args: ["$pki/exec-token"]
      interactiveMode: Never
      installHint: "exec-credential.sh ships with Gatehouse in tests/kube/"
contexts:
- name: gh-admin
  context: {cluster: gh, user: gh-admin}
- name: gh-viewer
  context: {cluster: gh, user: gh-viewer, namespace: team-a}
- name: gh-token
  context: {cluster: gh, user: gh-token}
- name: gh-exec
  context: {cluster: gh, user: gh-exec}
KUBECONFIG
chmod 600 "$state/kubeconfig"
export KUBECONFIG="$state/kubeconfig"

echo "cluster.sh: waiting for kube-apiserver at $server"
ready=0
for _ in $(seq 1 360); do # up to 180 s: generous on a loaded 2-core machine
  if ! kill -0 "$(cat "$state/kube-apiserver.pid")" 2>/dev/null; then
    echo "cluster.sh: kube-apiserver exited; last log lines:" >&2; tail -20 "$state/kube-apiserver.log" >&2
    stop_all; exit 1
  fi
  if "$KUBECTL" --context gh-admin get --raw /readyz >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.5
done
if [[ $ready != 1 ]]; then
  echo "cluster.sh: kube-apiserver not ready after 180 s" >&2; tail -20 "$state/kube-apiserver.log" >&2
  stop_all; exit 1
fi

# --- RBAC: the viewer may only get/list in team-a; the token user may edit; exec may view.
"$KUBECTL" --context gh-admin apply --server-side --field-manager=gatehouse-tests -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-b}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: gatehouse-viewer, namespace: team-a}
rules:
- apiGroups: ["", "networking.istio.io"]
  resources: ["configmaps", "gateways", "virtualservices", "serviceentries", "destinationrules", "sidecars"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: gatehouse-viewer, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: gatehouse-viewer}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: gatehouse-viewer}
---
# Own roles: the built-in view/edit are aggregated by kube-controller-manager, which this
# cluster does not run.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: gatehouse-edit}
rules:
- apiGroups: ["", "networking.istio.io", "security.istio.io"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: gatehouse-view}
rules:
- apiGroups: ["", "networking.istio.io", "security.istio.io"]
  resources: ["namespaces", "configmaps", "services", "gateways", "virtualservices", "serviceentries", "destinationrules", "sidecars"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: gatehouse-token-user}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gatehouse-edit}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: gatehouse-token-user}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: gatehouse-exec-user}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gatehouse-view}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: gatehouse-exec-user}
YAML

# --- Istio's CRDs: from the istio.io/api module through the Go module proxy, else the copy
# beside the clone (../shared/istio). Installed with server-side apply.
crds=""
go_bin="$(command -v go || echo /usr/local/go/bin/go)"
istio_api="${GATEHOUSE_ISTIO_API_VERSION:-v1.27.3}"
if [[ -x $go_bin ]]; then
  tmpmod="$(mktemp -d)"
  dir="$(cd "$tmpmod" && "$go_bin" mod download -json "istio.io/api@$istio_api" 2>/dev/null \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' || true)"
  rmdir "$tmpmod" 2>/dev/null || true
  [[ -n $dir && -f $dir/kubernetes/customresourcedefinitions.gen.yaml ]] && crds="$dir/kubernetes/customresourcedefinitions.gen.yaml"
fi
if [[ -z $crds ]]; then
  for c in "$repo/../shared/istio/crds.gen.yaml" /work/shared/istio/crds.gen.yaml; do
    [[ -f $c ]] && { crds="$c"; break; }
  done
fi
[[ -n $crds ]] || { echo "cluster.sh: no Istio CRD bundle (Go module proxy and ../shared both failed)" >&2; stop_all; exit 1; }
echo "cluster.sh: installing Istio CRDs from $crds"
"$KUBECTL" --context gh-admin apply --server-side --field-manager=gatehouse-tests -f "$crds" >/dev/null
"$KUBECTL" --context gh-admin wait --for condition=established --timeout=120s crd --all >/dev/null

cat > "$state/env" <<ENV
GATEHOUSE_KUBECONFIG=$state/kubeconfig
GATEHOUSE_KUBE_SERVER=$server
GATEHOUSE_KUBE_CA=$pki/ca.crt
GATEHOUSE_KUBE_EXEC_PLUGIN=$here/exec-credential.sh
GATEHOUSE_KUBE_EXEC_TOKEN_FILE=$pki/exec-token
GATEHOUSE_KUBE_BIN=$bin
ENV
echo "cluster.sh: ready at $server (state in $state)"
