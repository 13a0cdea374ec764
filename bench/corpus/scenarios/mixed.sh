# A mixed host: the other scenarios at once.
here=$(dirname "$0")
for s in shell_loop compile fork_exec network; do
  mkdir -p "$s" && (cd "$s" && bash "$here/$s.sh") &
done
wait
