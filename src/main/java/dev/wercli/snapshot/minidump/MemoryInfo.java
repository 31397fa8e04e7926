package dev.wercli.snapshot.minidump;

/** MINIDUMP_MEMORY_INFO: one region of the address space as VirtualQuery described it. */
public record MemoryInfo(long baseAddress, long allocationBase, long allocationProtect, long regionSize,
                         long state, long protect, long type) {
}
