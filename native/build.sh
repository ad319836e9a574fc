#!/bin/sh
# Builds the eBPF probe during `npm install`. The probe is optional (captures, audit and immutable
# work without it), so a missing tool is reported precisely and the install goes on.
cd "$(dirname "$0")" || exit 0
missing=""
command -v clang >/dev/null 2>&1 || missing="$missing clang"
command -v bpftool >/dev/null 2>&1 || missing="$missing bpftool"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
pkg-config --exists libbpf 2>/dev/null || missing="$missing libbpf-dev"
[ -r /usr/include/gelf.h ] || missing="$missing libelf-dev"
[ -r /sys/kernel/btf/vmlinux ] || missing="$missing kernel-BTF(/sys/kernel/btf/vmlinux)"
if [ -n "$missing" ]; then
  echo "lanner: the eBPF probe is not built; missing:$missing" >&2
  echo "lanner: on Debian: apt-get install -y clang llvm bpftool libbpf-dev libelf-dev zlib1g-dev pkg-config" >&2
  exit 0
fi
if make -s >build.log 2>&1; then
  echo "lanner: eBPF probe built (native/build/lanner-probe)"
else
  echo "lanner: the eBPF probe failed to build; see native/build.log:" >&2
  tail -20 build.log >&2
fi
exit 0
