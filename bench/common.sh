# Shared by the bench scripts (sourced after they cd to the repository root).

log() { echo "bench: $*" >&2; }

# wrk is a Debian package; install it where it is missing.
need_wrk() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
}

# wrk's --latency report, in milliseconds: requests/s, p50, p99, non-2xx answers.
parse_wrk() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
    $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %s %s %s\n", rps, p50, p99, bad + 0 }'
}

# The median of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# print_medians PREFIX LINE...: the medians of parse_wrk lines as PREFIX_rps, _p50, _p99.
print_medians() {
  local prefix=$1
  shift
  printf '%s\n' "$@" | cut -d' ' -f1 | median | sed "s/^/${prefix}_rps /; s/$/ req\/s/"
  printf '%s\n' "$@" | cut -d' ' -f2 | median | sed "s/^/${prefix}_p50 /; s/$/ ms/"
  printf '%s\n' "$@" | cut -d' ' -f3 | median | sed "s/^/${prefix}_p99 /; s/$/ ms/"
}
