# A compiler build of a small C project: 24 translation units and a link, twice.
for i in $(seq 24); do
  cat > "unit$i.c" <<C
#include <stdio.h>
#include <string.h>
int unit$i(const char *s) { char b[64]; snprintf(b, sizeof b, "%s-%d", s, $i); return (int)strlen(b); }
C
done
{ echo '#include <stdio.h>'; for i in $(seq 24); do echo "int unit$i(const char *);"; done
  echo 'int main(void) { int n = 0;'; for i in $(seq 24); do echo "n += unit$i(\"x\");"; done
  echo 'printf("%d\n", n); return 0; }'; } > main.c
for _ in $(seq $((2 * SCALE))); do
  for f in unit*.c main.c; do cc -O1 -c "$f" -o "${f%.c}.o"; done
  cc -o prog ./*.o
  ./prog > /dev/null
  rm -f ./*.o prog
done
