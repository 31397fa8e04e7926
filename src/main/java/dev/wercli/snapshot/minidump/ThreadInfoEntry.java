package dev.wercli.snapshot.minidump;

/** MINIDUMP_THREAD_INFO: times, start address and state of one thread (times are FILETIMEs). */
public record ThreadInfoEntry(int threadId, long dumpFlags, long dumpError, long exitStatus, long createTime,
                              long exitTime, long kernelTime, long userTime, long startAddress, long affinity) {
}
