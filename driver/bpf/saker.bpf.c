// Saker's CO-RE driver: one generic handler at syscall exit captures, for the syscalls user space
// selected, the arguments and what they point to (as chunks described by saker_sc_spec), and
// sends one record per call through a ring buffer. Process lifecycle comes from the scheduler
// tracepoints. Everything here reads raw values; encoding into scap events is user space's job.
#include "vmlinux.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "raw_event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

// Set by the loader before load.
const volatile __u32 self_tgid = 0;
const volatile __u32 snaplen = 80;
const volatile __u8 follow_tree = 0;  // only tasks whose tgid is in `tracked`
const volatile __u32 wakeup_bytes = 256 * 1024;

// The scratch record: a chunk starts below CHUNK_LIMIT and holds at most 32 KiB, so every
// masked offset stays inside the buffer.
#define SCRATCH_SIZE (1 << 17)
#define OFF_MASK 0xFFFF
#define CHUNK_LIMIT 0xC000
#define REC_MASK 0x1FFFF

struct scratch {
  __u8 buf[SCRATCH_SIZE];
  struct saker_proc proc;
  struct saker_file file;
  struct saker_sock sock;
  __u64 iov[8];
};

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 8 * 1024 * 1024);
} events SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, SAKER_MAX_SYSCALLS);
  __type(key, __u32);
  __type(value, struct saker_sc_spec);
} specs SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 65536);
  __type(key, __u32);
  __type(value, __u8);
} tracked SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct saker_counters);
} counters SEC(".maps");

// One scratch record per CPU; a plain array because per-CPU values are limited to 32 KiB.
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);  // resized to the number of possible CPUs by the loader
  __type(key, __u32);
  __type(value, struct scratch);
} scratches SEC(".maps");

struct kernfs_node___pre615 {
  struct kernfs_node *parent;
} __attribute__((preserve_access_index));

struct kernfs_node___615 {
  struct kernfs_node *__parent;
} __attribute__((preserve_access_index));

struct task_struct___audit {
  kuid_t loginuid;
} __attribute__((preserve_access_index));

// Masks in a way the compiler cannot fold away, so the verifier sees the bound on the very
// register used to index the scratch buffer.
static __always_inline __u32 bounded(__u32 v) {
  asm volatile("%0 &= 0xffff" : "+r"(v));
  return v;
}

static __always_inline bool wanted_tgid(__u32 tgid) {
  if (tgid == self_tgid) return false;
  if (follow_tree && !bpf_map_lookup_elem(&tracked, &tgid)) return false;
  return true;
}

static __always_inline struct scratch *get_scratch(void) {
  __u32 cpu = bpf_get_smp_processor_id();
  return bpf_map_lookup_elem(&scratches, &cpu);
}

static __always_inline void put_chunk_hdr(struct scratch *s, __u32 off, __u16 tag, __u32 len) {
  struct saker_chunk_hdr h = {.tag = tag, .len = (__u16)len};
  __builtin_memcpy(&s->buf[bounded(off)], &h, sizeof h);
}

// Chunk producers are global functions: the verifier checks each once, on its own, instead of
// once per path through the caller. Each takes the record's end offset and returns the new one.

__noinline int chunk_user_str(__u32 off, __u32 tag, __u64 p) {
  struct scratch *s = get_scratch();
  if (!s || !p || off > CHUNK_LIMIT) return off;
  long n = bpf_probe_read_user_str(&s->buf[bounded(off + 4)], SAKER_MAX_STR, (const void *)p);
  if (n <= 0) return off;
  put_chunk_hdr(s, off, tag, n & 0xFFFF);
  return off + 4 + (n & 0xFFFF);
}

__noinline int chunk_user_bytes(__u32 off, __u32 tag, __u64 p, __u64 len, __u32 max) {
  struct scratch *s = get_scratch();
  if (!s || !p || off > CHUNK_LIMIT) return off;
  if (len > max) len = max;
  __u32 n = len & (2 * SAKER_MAX_DATA - 1);
  if (n > SAKER_MAX_DATA) n = SAKER_MAX_DATA;
  if (bpf_probe_read_user(&s->buf[bounded(off + 4)], n, (const void *)p) != 0) return off;
  put_chunk_hdr(s, off, tag, n);
  return off + 4 + n;
}

static __always_inline __u32 put_kernel_bytes(struct scratch *s, __u32 off, __u16 tag, const void *p,
                                              __u32 len) {
  if (off > CHUNK_LIMIT) return off;
  __u32 n = len & 0x3FF;
  if (bpf_probe_read_kernel(&s->buf[bounded(off + 4)], n, p) != 0) return off;
  put_chunk_hdr(s, off, tag, n);
  return off + 4 + n;
}

// Path components up to the root, leaf first, crossing mounts: of the current executable
// (SAKER_CH_EXEPATH) or working directory (SAKER_CH_CWD).
__noinline int chunk_task_path(__u32 off, __u32 tag) {
  struct scratch *s = get_scratch();
  if (!s || off > CHUNK_LIMIT) return off;
  struct task_struct *t = (struct task_struct *)bpf_get_current_task();
  struct dentry *d;
  struct vfsmount *vm;
  if (tag == SAKER_CH_CWD) {
    d = BPF_CORE_READ(t, fs, pwd.dentry);
    vm = BPF_CORE_READ(t, fs, pwd.mnt);
  } else {
    struct file *exe = BPF_CORE_READ(t, mm, exe_file);
    if (!exe) return off;
    d = BPF_CORE_READ(exe, f_path.dentry);
    vm = BPF_CORE_READ(exe, f_path.mnt);
  }
  if (!d || !vm) return off;
  struct mount *mnt = container_of(vm, struct mount, mnt);
  __u32 len = 0;
  for (int i = 0; i < SAKER_MAX_PATH_COMPONENTS; i++) {
    struct dentry *parent = BPF_CORE_READ(d, d_parent);
    struct dentry *mnt_root = BPF_CORE_READ(vm, mnt_root);
    if (d == mnt_root || d == parent) {
      struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
      if (mp == mnt || !mp) break;
      d = BPF_CORE_READ(mnt, mnt_mountpoint);
      mnt = mp;
      vm = (struct vfsmount *)((char *)mp + bpf_core_field_offset(struct mount, mnt));
      continue;
    }
    if (len > 0x3000) break;
    const unsigned char *name = BPF_CORE_READ(d, d_name.name);
    long n = bpf_probe_read_kernel_str(&s->buf[bounded(off + 4 + len)], 256, name);
    if (n <= 0) break;
    len = (len + n) & 0x3FFF;
    d = parent;
  }
  put_chunk_hdr(s, off, tag, len);
  return off + 4 + len;
}

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn) {
  if (bpf_core_field_exists(struct kernfs_node___615, __parent))
    return BPF_CORE_READ((struct kernfs_node___615 *)kn, __parent);
  return BPF_CORE_READ((struct kernfs_node___pre615 *)kn, parent);
}

// The current task's cgroup v2 path components, leaf first.
__noinline int chunk_cgroup(__u32 off) {
  struct scratch *s = get_scratch();
  if (!s || off > CHUNK_LIMIT) return off;
  struct task_struct *t = (struct task_struct *)bpf_get_current_task();
  struct kernfs_node *kn = BPF_CORE_READ(t, cgroups, dfl_cgrp, kn);
  __u32 len = 0;
  for (int i = 0; i < SAKER_MAX_PATH_COMPONENTS && kn; i++) {
    struct kernfs_node *parent = kn_parent(kn);
    if (!parent) break;  // the root's name is not part of the path
    if (len > 0x3000) break;
    const char *name = BPF_CORE_READ(kn, name);
    long n = bpf_probe_read_kernel_str(&s->buf[bounded(off + 4 + len)], 256, name);
    if (n <= 0) break;
    len = (len + n) & 0x3FFF;
    kn = parent;
  }
  put_chunk_hdr(s, off, SAKER_CH_CGROUP, len);
  return off + 4 + len;
}

// Each probe read is a helper call with fault handling (tens of ns), so fields that sit
// together are fetched in one read of the span between them: CO-RE relocates the offsets, and
// the span must fit the buffer (it does on every layout so far; a larger one reads nothing).
#define FIELD_OFF(s, f) ((__u32)__builtin_preserve_field_info(((s *)0)->f, BPF_FIELD_BYTE_OFFSET))
#define FIELD_END(s, f) (FIELD_OFF(s, f) + (__u32)__builtin_preserve_field_info(((s *)0)->f, BPF_FIELD_BYTE_SIZE))
#define SPAN_MAX 128

static __always_inline __u32 min3(__u32 a, __u32 b, __u32 c) {
  __u32 m = a < b ? a : b;
  return m < c ? m : c;
}
static __always_inline __u32 max3(__u32 a, __u32 b, __u32 c) {
  __u32 m = a > b ? a : b;
  return m > c ? m : c;
}

// The file behind fd in the current task: the task's BTF pointer is read directly, the fd
// array through one probe read.
static __always_inline struct file *fd_file(__s64 fd) {
  if (fd < 0) return NULL;
  struct task_struct *t = bpf_get_current_task_btf();
  struct files_struct *files = t->files;
  if (!files) return NULL;
  struct fdtable *fdt = files->fdt;
  if (!fdt || fd >= fdt->max_fds) return NULL;
  struct file **arr = fdt->fd;
  struct file *f = NULL;
  bpf_probe_read_kernel(&f, sizeof f, &arr[fd]);
  return f;
}

__noinline int chunk_file(__u32 off, __s64 fd) {
  struct scratch *s = get_scratch();
  struct file *f = fd_file(fd);
  if (!s || !f) return off;
  __u8 span[SPAN_MAX + 8];  // the masks below keep every field read inside
  __u32 lo = min3(FIELD_OFF(struct file, f_mode), FIELD_OFF(struct file, f_flags), FIELD_OFF(struct file, f_inode));
  __u32 hi = max3(FIELD_END(struct file, f_mode), FIELD_END(struct file, f_flags), FIELD_END(struct file, f_inode));
  if (hi - lo >= SPAN_MAX || bpf_probe_read_kernel(span, (hi - lo) & (SPAN_MAX - 1), (char *)f + lo) != 0)
    return off;
  struct inode *ino;
  __builtin_memcpy(&ino, &span[(FIELD_OFF(struct file, f_inode) - lo) & (SPAN_MAX - 1)], 8);
  s->file.flags = *(__u32 *)&span[(FIELD_OFF(struct file, f_flags) - lo) & (SPAN_MAX - 1)];
  s->file.fmode = *(__u32 *)&span[(FIELD_OFF(struct file, f_mode) - lo) & (SPAN_MAX - 1)];
  if (!ino) return off;
  lo = min3(FIELD_OFF(struct inode, i_mode), FIELD_OFF(struct inode, i_sb), FIELD_OFF(struct inode, i_ino));
  hi = max3(FIELD_END(struct inode, i_mode), FIELD_END(struct inode, i_sb), FIELD_END(struct inode, i_ino));
  if (hi - lo >= SPAN_MAX || bpf_probe_read_kernel(span, (hi - lo) & (SPAN_MAX - 1), (char *)ino + lo) != 0)
    return off;
  struct super_block *sb;
  __builtin_memcpy(&sb, &span[(FIELD_OFF(struct inode, i_sb) - lo) & (SPAN_MAX - 1)], 8);
  __builtin_memcpy(&s->file.ino, &span[(FIELD_OFF(struct inode, i_ino) - lo) & (SPAN_MAX - 1)], 8);
  s->file.mode = *(__u16 *)&span[(FIELD_OFF(struct inode, i_mode) - lo) & (SPAN_MAX - 1)];
  s->file.dev = BPF_CORE_READ(sb, s_dev);
  if (off > CHUNK_LIMIT) return off;
  __builtin_memcpy(&s->buf[bounded(off + 4)], &s->file, sizeof s->file);
  put_chunk_hdr(s, off, SAKER_CH_FILE, sizeof s->file);
  return off + 4 + sizeof s->file;
}

__noinline int chunk_sock(__u32 off, __s64 fd) {
  struct scratch *s = get_scratch();
  struct file *f = fd_file(fd);
  if (!s || !f) return off;
  umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
  if ((mode & 0170000) != 0140000) return off;
  struct socket *sock = BPF_CORE_READ(f, private_data);
  struct sock *sk = BPF_CORE_READ(sock, sk);
  if (!sk) return off;
  __builtin_memset(&s->sock, 0, sizeof s->sock);
  __u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
  s->sock.family = family;
  s->sock.type = BPF_CORE_READ(sock, type);
  s->sock.protocol = BPF_CORE_READ(sk, sk_protocol);
  if (family == 2) {  // AF_INET
    __u32 a = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
    __u32 b = BPF_CORE_READ(sk, __sk_common.skc_daddr);
    __builtin_memcpy(s->sock.saddr, &a, 4);
    __builtin_memcpy(s->sock.daddr, &b, 4);
  } else if (family == 10) {  // AF_INET6
    BPF_CORE_READ_INTO(&s->sock.saddr, sk, __sk_common.skc_v6_rcv_saddr);
    BPF_CORE_READ_INTO(&s->sock.daddr, sk, __sk_common.skc_v6_daddr);
  } else if (family == 1) {  // AF_UNIX
    struct unix_sock *us = (struct unix_sock *)sk;
    struct sock *peer = BPF_CORE_READ(us, peer);
    s->sock.sk = (__u64)sk;
    s->sock.peer = (__u64)peer;
    struct unix_address *addr = BPF_CORE_READ(us, addr);
    if (!addr && peer) addr = BPF_CORE_READ((struct unix_sock *)peer, addr);
    if (addr) {
      int len = BPF_CORE_READ(addr, len);
      if (len > 2) bpf_probe_read_kernel(s->sock.path, sizeof s->sock.path, &addr->name[0].sun_path);
    }
  }
  if (family == 2 || family == 10) {
    s->sock.sport = BPF_CORE_READ(sk, __sk_common.skc_num);
    s->sock.dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
  }
  return put_kernel_bytes(s, off, SAKER_CH_TUPLE, &s->sock, sizeof s->sock);
}

static __always_inline __u32 pid_nr_at(struct pid *p, int level) {
  if (!p) return 0;
  return BPF_CORE_READ(p, numbers[level].nr);
}

__noinline int chunk_proc(__u32 off) {
  struct scratch *s = get_scratch();
  if (!s) return off;
  struct task_struct *t = (struct task_struct *)bpf_get_current_task();
  struct saker_proc *p = &s->proc;
  __builtin_memset(p, 0, sizeof *p);
  p->tid = BPF_CORE_READ(t, pid);
  p->pid = BPF_CORE_READ(t, tgid);
  p->ptid = BPF_CORE_READ(t, real_parent, pid);
  struct pid *tp = BPF_CORE_READ(t, thread_pid);
  int level = BPF_CORE_READ(tp, level) & 31;
  p->vtid = pid_nr_at(tp, level);
  struct pid *leader_pid = BPF_CORE_READ(t, group_leader, thread_pid);
  p->vpid = pid_nr_at(leader_pid, level);
  struct pid *pg = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
  p->pgid = pid_nr_at(pg, 0);
  p->vpgid = pid_nr_at(pg, level);
  p->sid = pid_nr_at(BPF_CORE_READ(t, signal, pids[PIDTYPE_SID]), 0);
  const struct cred *c = BPF_CORE_READ(t, cred);
  p->uid = BPF_CORE_READ(c, uid.val);
  p->gid = BPF_CORE_READ(c, gid.val);
  p->euid = BPF_CORE_READ(c, euid.val);
  p->egid = BPF_CORE_READ(c, egid.val);
  bpf_probe_read_kernel(&p->cap_inheritable, 8, &c->cap_inheritable);
  bpf_probe_read_kernel(&p->cap_permitted, 8, &c->cap_permitted);
  bpf_probe_read_kernel(&p->cap_effective, 8, &c->cap_effective);
  p->loginuid = 0xFFFFFFFF;
  if (bpf_core_field_exists(struct task_struct___audit, loginuid))
    p->loginuid = BPF_CORE_READ((struct task_struct___audit *)t, loginuid.val);
  struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
  if (tty) {
    int major = BPF_CORE_READ(tty, driver, major);
    int minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
    p->tty = (major << 20) | minor;
  }
  p->fdlimit = BPF_CORE_READ(t, signal, rlim[7].rlim_cur);  // RLIMIT_NOFILE
  p->pgft_maj = BPF_CORE_READ(t, maj_flt);
  p->pgft_min = BPF_CORE_READ(t, min_flt);
  struct mm_struct *mm = BPF_CORE_READ(t, mm);
  if (mm) {
    p->vm_size_kb = BPF_CORE_READ(mm, total_vm) << 2;
    p->exe_ino = BPF_CORE_READ(mm, exe_file, f_inode, i_ino);
  }
  BPF_CORE_READ_STR_INTO(&p->comm, t, comm);
  return put_kernel_bytes(s, off, SAKER_CH_PROC, p, sizeof *p);
}

// The first buffer of an iovec array, or of a msghdr's (plus its msg_name).
__noinline int chunk_iov(__u32 off, __u64 ptr, __s64 ret, __u32 msghdr) {
  struct scratch *s = get_scratch();
  if (!s || !ptr) return off;
  __u64 name = 0;
  if (msghdr) {
    // struct user_msghdr: msg_name, msg_namelen, msg_iov, msg_iovlen, ...
    if (bpf_probe_read_user(s->iov, 32, (const void *)ptr) != 0) return off;
    name = s->iov[0];
    ptr = s->iov[2];
  }
  if (ptr && bpf_probe_read_user(s->iov, 16, (const void *)ptr) == 0) {
    __s64 avail = ret > 0 ? ret : (__s64)s->iov[1];
    if (avail > (__s64)s->iov[1]) avail = s->iov[1];
    if (avail > 0) off = chunk_user_bytes(off, SAKER_CH_DATA, s->iov[0], avail, snaplen) & OFF_MASK;
  }
  if (name) off = chunk_user_bytes(off, SAKER_CH_SOCKADDR, name, 128, 128) & OFF_MASK;
  return off;
}

__noinline int chunk_exec_mm(__u32 off, __u32 with_env) {
  struct task_struct *t = (struct task_struct *)bpf_get_current_task();
  struct mm_struct *mm = BPF_CORE_READ(t, mm);
  if (!mm) return off;
  __u64 a0 = BPF_CORE_READ(mm, arg_start), a1 = BPF_CORE_READ(mm, arg_end);
  if (a1 > a0) off = chunk_user_bytes(off, SAKER_CH_ARGS, a0, a1 - a0, SAKER_MAX_STR) & OFF_MASK;
  if (with_env) {
    __u64 e0 = BPF_CORE_READ(mm, env_start), e1 = BPF_CORE_READ(mm, env_end);
    if (e1 > e0) off = chunk_user_bytes(off, SAKER_CH_ENV, e0, e1 - e0, SAKER_MAX_STR) & OFF_MASK;
  }
  return off;
}

static __always_inline __u64 arg_value(struct saker_raw_hdr *h, int idx) {
  if (idx == SAKER_ARG_RET) return (__u64)h->ret;
  if (idx >= 0 && idx < SAKER_NARGS) return h->args[idx & 7];
  return 0;
}

static __always_inline void emit(struct scratch *s, __u32 len) {
  __u32 zero = 0;
  struct saker_counters *c = bpf_map_lookup_elem(&counters, &zero);
  len &= REC_MASK;
  if (len < sizeof(struct saker_raw_hdr) || !c) return;
  // Wake the consumer once per wakeup_bytes this CPU queued, not per event: a wakeup costs
  // more than the copy (and asking the ring how full it is costs a helper call per event).
  __u64 flags = BPF_RB_NO_WAKEUP;
  c->pending += len;
  if (c->pending >= wakeup_bytes) {
    c->pending = 0;
    flags = BPF_RB_FORCE_WAKEUP;
  }
  if (bpf_ringbuf_output(&events, s->buf, len, flags) != 0)
    c->drops++;
  else
    c->events++;
}

// `btf`: regs is a BTF pointer (tp_btf) that can be read directly instead of through helpers.
static __always_inline int on_sys_exit(struct pt_regs *regs, long ret, bool btf) {
  __u32 nr = btf ? regs->orig_ax : BPF_CORE_READ(regs, orig_ax);
  if (nr >= SAKER_MAX_SYSCALLS) return 0;
  struct saker_sc_spec *spec = bpf_map_lookup_elem(&specs, &nr);
  if (!spec || !spec->enabled) return 0;
  __u64 id = bpf_get_current_pid_tgid();
  if (!wanted_tgid(id >> 32)) return 0;
  struct scratch *s = get_scratch();
  if (!s) return 0;

  struct saker_raw_hdr *h = (struct saker_raw_hdr *)s->buf;
  h->ts = bpf_ktime_get_boot_ns();
  h->tid = (__u32)id;
  h->tgid = id >> 32;
  h->kind = SAKER_RAW_SYSCALL;
  h->cpu = bpf_get_smp_processor_id();
  h->nr = nr;
  h->pad = 0;
  h->ret = ret;
  if (btf) {
    h->args[0] = regs->di;
    h->args[1] = regs->si;
    h->args[2] = regs->dx;
    h->args[3] = regs->r10;
    h->args[4] = regs->r8;
    h->args[5] = regs->r9;
  } else {
    h->args[0] = BPF_CORE_READ(regs, di);
    h->args[1] = BPF_CORE_READ(regs, si);
    h->args[2] = BPF_CORE_READ(regs, dx);
    h->args[3] = BPF_CORE_READ(regs, r10);
    h->args[4] = BPF_CORE_READ(regs, r8);
    h->args[5] = BPF_CORE_READ(regs, r9);
  }
  __u32 off = sizeof(struct saker_raw_hdr);

  struct saker_sc_spec sp = *spec;
  bool exec_ok = (sp.flags & SAKER_SPEC_EXEC) && ret == 0;
  for (int i = 0; i < SAKER_NARGS; i++) {
    if (!(sp.str_mask & (1 << i))) continue;
    if (exec_ok && i == 0) continue;  // the old filename is gone after a successful exec
    off = chunk_user_str(off, SAKER_CH_STR0 + i, h->args[i]) & OFF_MASK;
  }
  if (sp.data_arg >= 0) {
    __s64 len = (__s64)arg_value(h, sp.data_len);
    if (len > 0) off = chunk_user_bytes(off, SAKER_CH_DATA, arg_value(h, sp.data_arg), len, snaplen) & OFF_MASK;
  }
  if (sp.iov_arg >= 0)
    off = chunk_iov(off, arg_value(h, sp.iov_arg), ret, sp.flags & SAKER_SPEC_MSGHDR) & OFF_MASK;
  if (sp.sockaddr_arg >= 0) {
    __u64 len = sp.sockaddr_len >= 0 ? arg_value(h, sp.sockaddr_len) : 128;
    if (len > 0) off = chunk_user_bytes(off, SAKER_CH_SOCKADDR, arg_value(h, sp.sockaddr_arg), len, 128) & OFF_MASK;
  }
  if (sp.mem_arg >= 0 && sp.mem_len)
    off = chunk_user_bytes(off, SAKER_CH_MEM, arg_value(h, sp.mem_arg), sp.mem_len, 64) & OFF_MASK;
  if (sp.file_fd >= 0) off = chunk_file(off, (__s64)arg_value(h, sp.file_fd)) & OFF_MASK;
  if (sp.sock_fd >= 0) off = chunk_sock(off, (__s64)arg_value(h, sp.sock_fd)) & OFF_MASK;
  if (sp.flags & SAKER_SPEC_PROC) {
    off = chunk_proc(off) & OFF_MASK;
    off = chunk_cgroup(off) & OFF_MASK;
    // A failed exec leaves the old image: its argv would describe the caller, not the call.
    if (!(sp.flags & SAKER_SPEC_EXEC) || exec_ok) off = chunk_exec_mm(off, exec_ok) & OFF_MASK;
    off = chunk_task_path(off, SAKER_CH_EXEPATH) & OFF_MASK;
    if (exec_ok) off = chunk_task_path(off, SAKER_CH_CWD) & OFF_MASK;
  }
  h->len = off;
  emit(s, off);
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(saker_sys_exit_btf, struct pt_regs *regs, long ret) {
  return on_sys_exit(regs, ret, true);
}

SEC("raw_tp/sys_exit")
int saker_sys_exit_raw(struct bpf_raw_tracepoint_args *ctx) {
  return on_sys_exit((struct pt_regs *)ctx->args[0], (long)ctx->args[1], false);
}

static __always_inline int on_fork(struct task_struct *parent, struct task_struct *child) {
  if (!follow_tree) return 0;
  __u32 ptgid = BPF_CORE_READ(parent, tgid);
  if (!bpf_map_lookup_elem(&tracked, &ptgid)) return 0;
  __u32 ctgid = BPF_CORE_READ(child, tgid);
  __u8 one = 1;
  bpf_map_update_elem(&tracked, &ctgid, &one, BPF_ANY);
  return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(saker_fork_btf, struct task_struct *parent, struct task_struct *child) {
  return on_fork(parent, child);
}

SEC("raw_tp/sched_process_fork")
int saker_fork_raw(struct bpf_raw_tracepoint_args *ctx) {
  return on_fork((struct task_struct *)ctx->args[0], (struct task_struct *)ctx->args[1]);
}

static __always_inline int on_exit(struct task_struct *t) {
  __u32 tgid = BPF_CORE_READ(t, tgid);
  if (!wanted_tgid(tgid)) return 0;
  struct scratch *s = get_scratch();
  if (!s) return 0;
  struct saker_raw_hdr *h = (struct saker_raw_hdr *)s->buf;
  __builtin_memset(h, 0, sizeof *h);
  h->ts = bpf_ktime_get_boot_ns();
  h->tid = BPF_CORE_READ(t, pid);
  h->tgid = tgid;
  h->kind = SAKER_RAW_PROCEXIT;
  h->cpu = bpf_get_smp_processor_id();
  h->args[0] = BPF_CORE_READ(t, exit_code);
  struct task_struct *reaper = BPF_CORE_READ(t, real_parent);
  h->args[1] = BPF_CORE_READ(reaper, pid);
  h->len = sizeof *h;
  emit(s, sizeof *h);
  return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(saker_exit_btf, struct task_struct *t) {
  return on_exit(t);
}

SEC("raw_tp/sched_process_exit")
int saker_exit_raw(struct bpf_raw_tracepoint_args *ctx) {
  return on_exit((struct task_struct *)ctx->args[0]);
}
