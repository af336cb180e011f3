# Sourced by the eval/bench-mine-*.sh scripts. mine_row BIN CORPUS OUT CFG JOBS LABEL... mines
# CORPUS with BIN under the configuration CFG on JOBS document workers into OUT/o and prints one
# Markdown row: the LABEL cells, then jobs, wall seconds, units per second, peak RSS in MB, and
# whether the output is the same bytes as OUT/first (the first run of a configuration, kept
# there; remove OUT/first before a new configuration).
mine_row() {
  local bin=$1 corpus=$2 out=$3 cfg=$4 jobs=$5
  shift 5
  local wall kb units same
  /usr/bin/time -f '%e %M' -o "$out/time" "$bin" mine "$corpus" --out "$out/o" -j "$jobs" -q --config "$cfg"
  read -r wall kb < "$out/time"
  units=$(( $(wc -l < "$out/o/sentences.csv") - 1 ))
  if [ -d "$out/first" ]; then
    same=$(cmp -s "$out/o/sentences.csv" "$out/first/sentences.csv" && cmp -s "$out/o/links.csv" "$out/first/links.csv" && echo "same bytes as with 1 job" || echo "differs from 1 job")
  else
    mv "$out/o" "$out/first"; same="(reference)"
  fi
  rm -rf "$out/o"
  printf '| %s ' "$@"
  awk -v j="$jobs" -v w="$wall" -v u="$units" -v r="$kb" -v s="$same" \
    'BEGIN { printf "| %d | %.1f | %.0f | %.0f | %s |\n", j, w, u / w, r / 1024, s }'
}
