#!/usr/bin/env bash
# Fails when a process that a run started is still running from a directory tree: one started after
# the run's own process (its PID is the second argument) whose command line or working directory is
# under the tree, other than this script's callers. Lists and kills them, then exits 1.
# Usage: bash scripts/check-leftover-processes.sh <dir> <pid of the run, e.g. $$ of .ci/run>
set -uo pipefail
dir="$(cd "${1:?usage: check-leftover-processes.sh <dir> <run pid>}" && pwd)"
run_pid="${2:?usage: check-leftover-processes.sh <dir> <run pid>}"

# /proc/PID/stat after the ")" that ends the command name: state, ppid, …, start time (in clock
# ticks since boot) as the 20th field.
stat_fields() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null; }
run_started=$(stat_fields "$run_pid" | awk '{print $20}')
[ -n "$run_started" ] || { echo "check-leftover-processes: no process $run_pid" >&2; exit 2; }

callers=" "
pid=$$
while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do
  callers+="$pid "
  pid=$(stat_fields "$pid" | awk '{print $2}')
done

# A process may be on its way out (a stdio server that just saw its stdin close): look again for a
# few seconds before calling anything a leftover.
for attempt in 1 2 3 4 5 6 7 8 9 10 11; do
left=()
for proc in /proc/[0-9]*; do
  pid=${proc#/proc/}
  case "$callers" in *" $pid "*) continue ;; esac
  read -r state _ <<<"$(stat_fields "$pid")"
  started=$(stat_fields "$pid" | awk '{print $20}')
  [ -n "$started" ] && [ "$state" != "Z" ] && [ "$started" -ge "$run_started" ] || continue
  args=$(tr '\0' ' ' <"$proc/cmdline" 2>/dev/null)
  cwd=$(readlink "$proc/cwd" 2>/dev/null || true)
  if [[ "$args" == *"$dir/"* || "$cwd" == "$dir" || "$cwd" == "$dir/"* ]]; then
    left+=("$pid")
    [ "$attempt" -lt 11 ] || echo "still running: pid $pid (cwd $cwd): $args" >&2
  fi
done
[ "${#left[@]}" -gt 0 ] && [ "$attempt" -lt 11 ] || break
sleep 1
done

if [ "${#left[@]}" -eq 0 ]; then
  echo "no process left behind under $dir"
  exit 0
fi
kill -KILL "${left[@]}" 2>/dev/null || true
echo "${#left[@]} process(es) outlived the run; killed them" >&2
exit 1
