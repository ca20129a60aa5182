#!/usr/bin/env bash
# Run a command and record the peak memory of every process of its tree,
# sampled from /proc.
#
#   bench/procmem.sh [-i SECONDS] -o FILE -- CMD [ARG...]
#     -i SECONDS   sampling interval (0.05)
#     -o FILE      where the table goes (tab-separated, one line per process,
#                  header first):
#                  pid ppid depth comm first_s last_s hwm_kib rss_kib anon_kib file_kib
#                  depth 0 is CMD itself, 1 its children (a tool's workers), ...;
#                  first_s/last_s when the process was first and last seen
#                  (seconds after the start); hwm_kib its peak resident set
#                  (VmHWM, the kernel's own high-water mark, so a peak between
#                  two samples is not missed; only growth in the last interval
#                  before the process exits is); rss_kib the largest resident
#                  set sampled, and anon_kib/file_kib its anonymous (heap,
#                  stacks) and file-backed (shared libraries, mapped files such
#                  as a precompiled header) parts at that sample.
#
# The exit status is CMD's.  Reads only /proc: no privilege needed for one's
# own processes.  The sampler costs a few per cent of one CPU; it is not
# counted in CMD's CPU time when CMD is timed inside it
# (procmem.sh -o F -- /usr/bin/time -o T CMD).
set -euo pipefail

interval=0.05
out=''
while [ $# -gt 0 ]; do
    case $1 in
    -i) interval=${2:?}; shift 2 ;;
    -o) out=${2:?}; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
    esac
done
if [ -z "$out" ] || [ $# -eq 0 ]; then
    echo "usage: procmem.sh [-i SECONDS] -o FILE -- CMD [ARG...]" >&2
    exit 2
fi

declare -A hwm=() rss=() anon=() file=() ppid=() depth=() comm=() first=() last=()
t0=${EPOCHREALTIME/./}

# sample PID DEPTH PARENT: read one process's status, then its children's.
sample() {
    local p=$1 d=$2 pp=$3 k v _ h=0 r=0 a=0 f=0 state='' now t kids
    [ -r "/proc/$p/status" ] || return 0
    while read -r k v _; do
        case $k in
        State:) state=$v ;;
        VmHWM:) h=$v ;;
        VmRSS:) r=$v ;;
        RssAnon:) a=$v ;;
        RssFile:) f=$v ;;
        esac
    done 2>/dev/null <"/proc/$p/status" || return 0
    [ "$state" = Z ] && return 0
    now=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
    if [ -z "${ppid[$p]+x}" ]; then
        ppid[$p]=$pp
        depth[$p]=$d
        first[$p]=$now
        hwm[$p]=0 rss[$p]=0 anon[$p]=0 file[$p]=0 comm[$p]='?'
    fi
    last[$p]=$now
    # read each time: a process that execs changes its name
    read -r "comm[$p]" 2>/dev/null <"/proc/$p/comm" || :
    [ "$h" -gt "${hwm[$p]}" ] && hwm[$p]=$h
    if [ "$r" -gt "${rss[$p]}" ]; then
        rss[$p]=$r anon[$p]=$a file[$p]=$f
    fi
    for t in /proc/"$p"/task/*/children; do
        kids=''
        read -r kids 2>/dev/null <"$t" || true
        for k in $kids; do
            sample "$k" $((d + 1)) "$p"
        done
    done
}

nap_fifo=$(mktemp -u "${TMPDIR:-/tmp}/procmem.XXXXXX")
mkfifo "$nap_fifo"
exec {nap}<>"$nap_fifo"
rm -f "$nap_fifo"
"$@" {nap}<&- &
root=$!
while :; do
    sample "$root" 0 0
    st=''
    read -r _ _ st _ 2>/dev/null <"/proc/$root/stat" || true
    [ -z "$st" ] || [ "$st" = Z ] && break
    # wait without forking a sleep: a read with a timeout on a pipe nobody writes
    read -r -t "$interval" -u "$nap" _ || true
done
rc=0
wait "$root" || rc=$?
{
    printf 'pid\tppid\tdepth\tcomm\tfirst_s\tlast_s\thwm_kib\trss_kib\tanon_kib\tfile_kib\n'
    for p in "${!ppid[@]}"; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$p" "${ppid[$p]}" "${depth[$p]}" \
            "${comm[$p]}" "$(printf '%d.%03d' $((first[$p] / 1000)) $((first[$p] % 1000)))" \
            "$(printf '%d.%03d' $((last[$p] / 1000)) $((last[$p] % 1000)))" \
            "${hwm[$p]}" "${rss[$p]}" "${anon[$p]}" "${file[$p]}"
    done | sort -t$'\t' -k3,3n -k5,5g
} >"$out"
exit "$rc"
