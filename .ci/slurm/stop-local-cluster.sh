#!/usr/bin/env bash
# Stop the single-node Slurm cluster started by start-local-cluster.sh: slurmd, slurmctld, munged.
# Idempotent. Daemons are found through their pid files, nothing is killed by name.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

if [ "$(id -u)" != 0 ]; then
    echo "stop-local-cluster: error: must run as root: sudo $0" >&2
    exit 1
fi

stop_pid() {  # stop_pid PIDFILE NAME
    local pidfile="$1" name="$2" pid i
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$name" ]; then
        echo "stop-local-cluster: $name not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 75); do
        if ! kill -0 "$pid" 2>/dev/null; then echo "stop-local-cluster: stopped $name ($pid)"; return 0; fi
        sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    echo "stop-local-cluster: killed $name ($pid) after 15s"
}

stop_pid /run/slurmd.pid slurmd
stop_pid /run/slurmctld.pid slurmctld
stop_pid /run/munge/munged.pid munged
