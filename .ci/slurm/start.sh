#!/usr/bin/env bash
# Start a one-node Slurm cluster (munged, slurmctld, slurmd) for the scale-out tests: as root, without systemd.
#
#   .ci/slurm/start.sh [STATE_DIR]      default STATE_DIR: /tmp/rollout-gym-slurm
#
# Everything it writes lives in STATE_DIR: slurm.conf and cgroup.conf (in STATE_DIR/etc; /etc/slurm is not
# touched), the daemons' pid files, logs and spool, and `env` with the one line clients need:
#   export SLURM_CONF=STATE_DIR/etc/slurm.conf
# Settings (environment): RG_SLURM_PROCTRACK (default proctrack/cgroup), RG_SLURM_KILL_WAIT (default 10 s).
# Exit status: 0 when the cluster answers (already running counts), 3 when Slurm cannot run here (not root,
# packages missing): the reason is on stderr. Stop it with .ci/slurm/stop.sh STATE_DIR (only what this started).
set -euo pipefail

state=${1:-/tmp/rollout-gym-slurm}
proctrack=${RG_SLURM_PROCTRACK:-proctrack/cgroup}
kill_wait=${RG_SLURM_KILL_WAIT:-10}

cannot() { echo "slurm: cannot run here: $*" >&2; exit 3; }
[ "$(id -u)" = 0 ] || cannot "the daemons must start as root (this is uid $(id -u))"
for tool in munged munge unmunge slurmctld slurmd sbatch squeue scontrol; do
  command -v "$tool" >/dev/null 2>&1 || cannot "$tool is not installed (.ci/slurm/install.sh installs Debian's slurmctld, slurmd, slurm-client, munge)"
done
[ -r /etc/munge/munge.key ] || cannot "/etc/munge/munge.key is missing (the munge package's postinst creates it)"

mkdir -p "$state/etc" "$state/run" "$state/log" "$state/spool/ctld" "$state/spool/d"
chmod 0755 "$state" # munged runs as user munge and keeps its pid and log files in here
export SLURM_CONF="$state/etc/slurm.conf"
echo "export SLURM_CONF=$SLURM_CONF" >"$state/env"

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: poll every 0.1 s
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "slurm: $what did not happen within the deadline; logs in $state/log" >&2; return 1; }
    sleep 0.1
  done
}

# munge: reuse a munged that already answers on the default socket; else start one (as user munge) and own it.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 "$state/munge"
  runuser -u munge -- munged --pid-file="$state/munge/munged.pid" --log-file="$state/munge/munged.log"
  cp "$state/munge/munged.pid" "$state/run/munged.pid"
  wait_for 10 "munged answering" sh -c 'munge -n | unmunge'
fi

# Ports: Slurm's defaults (6817, 6818) unless something listens there already (another cluster on this machine).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 2)); done
  echo "$port"
}
if [ -s "$state/etc/ports" ] && alive "$state/run/slurmctld.pid"; then
  read -r ctld_port d_port <"$state/etc/ports"
else
  ctld_port=$(free_port 6817)
  d_port=$(free_port $((ctld_port + 1)))
  echo "$ctld_port $d_port" >"$state/etc/ports"
fi

host=$(hostname -s)
# What slurmd sees (CPUs, memory); leave ~512 MiB to the system so the node is never drained for memory.
read -r cpus memory < <(slurmd -C | awk '/^NodeName/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v["CPUs"], v["RealMemory"] - 512 }')
cat >"$SLURM_CONF" <<CONF
# Written by .ci/slurm/start.sh: a one-node cluster for rollout-gym's scale-out tests.
ClusterName=rollout-gym-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$state/spool/ctld
SlurmdSpoolDir=$state/spool/d
SlurmctldPidFile=$state/run/slurmctld.pid
SlurmdPidFile=$state/run/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=$proctrack
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
MpiDefault=none
SwitchType=switch/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$state/log/jobcomp.txt
KillWait=$kill_wait
MinJobAge=60
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
cat >"$state/etc/cgroup.conf" <<CONF
CgroupPlugin=autodetect
ConstrainCores=no
ConstrainRAMSpace=no
ConstrainSwapSpace=no
ConstrainDevices=no
CONF

if ! alive "$state/run/slurmctld.pid"; then
  slurmctld -i -f "$SLURM_CONF"
fi
wait_for 20 "slurmctld answering (scontrol ping)" sh -c 'scontrol ping | grep -q UP'
if ! alive "$state/run/slurmd.pid"; then
  slurmd -f "$SLURM_CONF"
fi
wait_for 30 "the node becoming idle (sinfo)" sh -c 'sinfo -h -o %T | grep -qx idle'
echo "slurm: up ($proctrack, KillWait=$kill_wait s, $cpus CPUs on $host); state in $state" >&2
cat "$state/env"
