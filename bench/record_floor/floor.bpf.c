// The smallest things a syscall recorder does per event, one program each, for
// bench/record_floor.sh: what recording costs before any argument is read.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 8 << 20);
} ring SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, u32);
  __type(value, u64);
} sink SEC(".maps");

const volatile u32 target_tgid = 0;

static __always_inline bool selected(void) { return (bpf_get_current_pid_tgid() >> 32) == target_tgid; }

// Keeps a value alive so the compiler cannot drop the helper call that made it.
static __always_inline void keep(u64 v) {
  u32 k = 0;
  u64* p = bpf_map_lookup_elem(&sink, &k);
  if (p) *p += v;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_empty, struct pt_regs* regs, long ret) { return 0; }

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_selected, struct pt_regs* regs, long ret) {
  if (selected()) keep(1);
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_timestamp, struct pt_regs* regs, long ret) {
  if (selected()) keep(bpf_ktime_get_boot_ns());
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_output, struct pt_regs* regs, long ret) {
  if (!selected()) return 0;
  u64 rec[4] = {1, 2, 3, (u64)ret};
  bpf_ringbuf_output(&ring, rec, sizeof rec, 0);
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_reserve, struct pt_regs* regs, long ret) {
  if (!selected()) return 0;
  u64* rec = bpf_ringbuf_reserve(&ring, 32, 0);
  if (!rec) return 0;
  rec[0] = 1, rec[1] = 2, rec[2] = 3, rec[3] = ret;
  bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
  return 0;
}

// A 32-byte record with a timestamp, the thread and the return value, reserved in place and
// submitted without a wakeup: the least a recorder can do for an event.
SEC("tp_btf/sys_exit")
int BPF_PROG(floor_minimal_event, struct pt_regs* regs, long ret) {
  if (!selected()) return 0;
  u64* rec = bpf_ringbuf_reserve(&ring, 32, 0);
  if (!rec) return 0;
  rec[0] = bpf_ktime_get_boot_ns(), rec[1] = bpf_get_current_pid_tgid(), rec[2] = 0, rec[3] = ret;
  bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
  return 0;
}
