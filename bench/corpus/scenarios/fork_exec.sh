# Many short processes: fork/exec of small programs, pipelines and subshells.
for _ in $(seq $((600 * SCALE))); do
  /bin/true
  echo x | /usr/bin/tr x y > /dev/null
  ( /bin/sh -c 'exit 0' )
done
