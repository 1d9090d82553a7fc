#!/bin/sh
# A client-go credential plugin for the test cluster's exec user: prints an ExecCredential
# (the apiVersion the caller asked for in KUBERNETES_EXEC_INFO) holding the token in file $1.
#   GATEHOUSE_EXEC_TTL         seconds until expirationTimestamp (default 3600)
#   GATEHOUSE_EXEC_COUNT_FILE  a line is appended per run (tests count the runs)
set -eu
token=$(cat "$1")
[ -n "${GATEHOUSE_EXEC_COUNT_FILE:-}" ] && echo run >> "$GATEHOUSE_EXEC_COUNT_FILE"
expiry=$(date -u -d "+${GATEHOUSE_EXEC_TTL:-3600} seconds" +%Y-%m-%dT%H:%M:%SZ)
api=$(printf '%s' "${KUBERNETES_EXEC_INFO:-}" | sed -n 's/.*"apiVersion":"\([^"]*\)".*/\1/p')
[ -n "$api" ] || api=client.authentication.k8s.io/v1
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' \
  "$api" "$token" "$expiry"
