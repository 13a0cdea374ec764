// The records Saker's eBPF programs send to user space, and the per-syscall capture specs user
// space sends down. Shared by the BPF side (vmlinux.h types) and C++ (linux/types.h).
// The kernel captures raw values only; user space (driver/src/syscall_catalog.cpp, event_out.cpp)
// turns each record into a scap event.
#pragma once

#define SAKER_MAX_SYSCALLS 512
#define SAKER_NARGS 6
#define SAKER_MAX_STR 4096
#define SAKER_MAX_DATA 16384
#define SAKER_MAX_PATH_COMPONENTS 48
#define SAKER_ARG_RET 6  // "the syscall's return value" in spec index fields
#define SAKER_ARG_NONE -1

enum saker_raw_kind {
  SAKER_RAW_SYSCALL = 1,
  SAKER_RAW_PROCEXIT = 2,
};

// Chunk tags; CH_STR0 + i is the user string at argument i.
enum saker_chunk_tag {
  SAKER_CH_STR0 = 1,
  SAKER_CH_DATA = 8,      // bytes of a data buffer (read/write family), up to the snaplen
  SAKER_CH_SOCKADDR = 9,  // a user sockaddr, raw
  SAKER_CH_TUPLE = 10,    // struct saker_sock of the socket behind an fd
  SAKER_CH_FILE = 11,     // struct saker_file of the file behind an fd
  SAKER_CH_PROC = 12,     // struct saker_proc of the current task
  SAKER_CH_ARGS = 13,     // argv as NUL-separated strings (from the mm after exec)
  SAKER_CH_ENV = 14,      // environment, NUL-separated
  SAKER_CH_EXEPATH = 15,  // executable path components, leaf first, NUL-terminated each
  SAKER_CH_CGROUP = 16,   // cgroup v2 path components, leaf first
  SAKER_CH_MEM = 17,      // a fixed-size user struct behind an argument (open_how, int[2], ...)
  SAKER_CH_CWD = 18,      // working directory components, leaf first
  SAKER_CH_COUNT = 19,
};

// Chunks follow the header back to back: tag, length, bytes.
struct saker_chunk_hdr {
  __u16 tag;
  __u16 len;
};

struct saker_raw_hdr {
  __u64 ts;  // CLOCK_BOOTTIME ns
  __u32 len;  // header and chunks
  __u32 tid;
  __u32 tgid;
  __u16 kind;
  __u16 cpu;
  __u32 nr;  // syscall number (SAKER_RAW_SYSCALL)
  __u32 pad;
  __s64 ret;
  __u64 args[SAKER_NARGS];
};

// What to capture for one syscall number.
struct saker_sc_spec {
  __u8 enabled;
  __u8 str_mask;     // bit i: argument i is a user string
  __u8 flags;        // SAKER_SPEC_*
  __u8 mem_len;      // bytes of the struct behind mem_arg (<= 64)
  __s8 data_arg;     // argument holding a data buffer
  __s8 data_len;     // argument holding its length, or SAKER_ARG_RET
  __s8 sockaddr_arg;
  __s8 sockaddr_len;  // argument holding the sockaddr's length, or NONE (read 128 bytes)
  __s8 sock_fd;       // argument (or RET) holding a socket fd: its tuple
  __s8 file_fd;       // argument (or RET) holding a file fd: its dev/ino/flags
  __s8 mem_arg;
  __s8 iov_arg;  // iovec array (count in the next argument), or msghdr with SPEC_MSGHDR
};

enum saker_spec_flags {
  SAKER_SPEC_PROC = 1,    // process info (clone family, execve, capset)
  SAKER_SPEC_EXEC = 2,    // argv/env/exe from the new mm when the call succeeded
  SAKER_SPEC_MSGHDR = 4,  // iov_arg points to a struct msghdr
};

struct saker_file {
  __u64 ino;
  __u32 dev;  // kernel encoding: major << 20 | minor
  __u32 flags;
  __u32 mode;   // i_mode
  __u32 fmode;  // f_mode (FMODE_CREATED tells an open created the file)
};

struct saker_sock {
  __u16 family;
  __u16 type;
  __u16 protocol;
  __u16 sport;  // host order
  __u16 dport;
  __u16 pad[3];
  __u8 saddr[16];
  __u8 daddr[16];
  __u64 sk;    // unix: this socket and its peer, as libs report them
  __u64 peer;
  char path[108];
};

struct saker_proc {
  __u32 tid, pid, ptid, vtid, vpid, pgid, vpgid, sid;
  __u32 uid, gid, euid, egid, loginuid, tty;
  __u32 exe_flags, pad;
  __u64 fdlimit, pgft_maj, pgft_min, vm_size_kb, vm_rss_kb, vm_swap_kb;
  __u64 cap_inheritable, cap_permitted, cap_effective;
  __u64 exe_ino, pidns_init_start_ts;
  char comm[16];
};

struct saker_counters {
  __u64 events;
  __u64 drops;
  __u64 pending;  // bytes queued since this CPU last woke the consumer
};
