#!/usr/bin/env bash
# A one-node Slurm cluster on loopback, from Debian's slurm-wlm and munge, so
# that a test can submit a sweep as a real job array. Needs root.
#
#   .ci/slurm-one-node.sh start   # write the config, start munged, slurmctld, slurmd; wait for an idle node
#   .ci/slurm-one-node.sh stop    # stop the three daemons started here
#
# Idempotent: daemons already running are left as they are; starts run one at a time.
set -eu
export DEBIAN_FRONTEND=noninteractive

MUNGE_PID=/run/munge/munged.pid
CTLD_PID=/run/slurmctld.pid
SLURMD_PID=/run/slurmd.pid

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_config() {
  local host cpus
  host=$(hostname)
  # At least 4 CPUs declared (config_overrides below lets slurmd accept more
  # than the machine has): the tests' 3-task arrays then start at once instead
  # of a third task waiting for a slot and the next scheduling pass (a trivial
  # 3-task array took 6 s on 2 declared CPUs, 3 s on 4). A test cluster only.
  cpus=$(( $(nproc) < 4 ? 4 : $(nproc) ))
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
  # Processes tracked by /proc and no cgroup plugins: works in a container.
  cat > /etc/slurm/slurm.conf <<CONF
ClusterName=shopsim-ci
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
# Schedule on every submit and job end, not in batches: with these, a trivial
# 3-task array ran in about 1 s instead of 3 s (the tests submit several).
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmUser=root
ReturnToService=2
SlurmdParameters=config_overrides
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  # munge authenticates daemons and commands to each other; one key on one node.
  [ -f /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
  chown munge:munge /etc/munge/munge.key /run/munge /var/log/munge 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
}

start() {
  command -v slurmctld >/dev/null || { echo "slurm is not installed: apt-get install -y slurm-wlm munge" >&2; exit 1; }
  # One start at a time: the test run starts the cluster early in the
  # background and the Slurm test may ask again before it is up; the second
  # waits here, then finds the daemons alive and only waits for the node.
  exec 9>/run/shopsim-slurm-start.lock
  flock 9
  write_config
  # 9>&-: the daemons must not inherit the lock, or it would be held as long as they run.
  [ -S /run/munge/munge.socket.2 ] && alive "$MUNGE_PID" || /usr/sbin/munged --force 9>&-
  alive "$CTLD_PID" || /usr/sbin/slurmctld 9>&-
  alive "$SLURMD_PID" || /usr/sbin/slurmd 9>&-
  for _ in $(seq 1 40); do
    if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      sinfo
      return 0
    fi
    sleep 0.5
  done
  echo "slurm did not report an idle node within 20 s; see /var/log/slurm/" >&2
  sinfo >&2 || true
  exit 1
}

stop() {
  for pid in "$SLURMD_PID" "$CTLD_PID" "$MUNGE_PID"; do
    if alive "$pid"; then kill "$(cat "$pid")"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
