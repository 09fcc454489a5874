#!/usr/bin/env bash
# Install Debian's Slurm and munge for the scale-out tests (test/scale-out/slurm.test.ts starts and stops them
# with .ci/slurm/start.sh and stop.sh). Never fails the build: without root or packages those tests say why they skip.
set -uo pipefail
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "warning: not root, so Slurm is not installed; the Slurm tests will skip" >&2
  exit 0
fi
echo "--- installing Slurm (slurmctld, slurmd, slurm-client, munge) for the scale-out tests"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  slurmctld slurmd slurm-client munge slurm-wlm-basic-plugins >/dev/null; }; then
  echo "warning: could not install Slurm; the Slurm tests will skip" >&2
fi
exit 0
