#!/usr/bin/env bash
# Stop what .ci/slurm/start.sh started in STATE_DIR (its pid files only; a munged it reused is left alone).
#   .ci/slurm/stop.sh [STATE_DIR]      default STATE_DIR: /tmp/rollout-gym-slurm
set -uo pipefail
state=${1:-/tmp/rollout-gym-slurm}
stop_pid_file() { # SIGTERM, then SIGKILL after 10 s
  local file=$1 pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$file"
}
# Jobs first (their slurmstepd outlive slurmd), then the daemons, then munged.
if [ -s "$state/env" ] && [ -s "$state/run/slurmctld.pid" ] && kill -0 "$(cat "$state/run/slurmctld.pid")" 2>/dev/null; then
  # shellcheck disable=SC1091
  . "$state/env"
  if [ -n "$(squeue --noheader 2>/dev/null)" ]; then
    scancel --user="$(id -un)" >/dev/null 2>&1 || true
    # SIGTERM now, SIGKILL after KillWait: wait for that and a little more.
    for _ in $(seq 600); do [ -z "$(squeue --noheader 2>/dev/null)" ] && break; sleep 0.1; done
  fi
fi
stop_pid_file "$state/run/slurmd.pid"
stop_pid_file "$state/run/slurmctld.pid"
stop_pid_file "$state/run/munged.pid"
echo "slurm: stopped what $state held" >&2
