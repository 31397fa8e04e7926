package dev.wercli.snapshot.minidump;

import java.util.Optional;

/**
 * MINIDUMP_MISC_INFO, versions 1 to 5 (24, 44, 232, 832, 1364 bytes; Wine writes version 1).
 * Fields are present only when the structure is large enough and Flags1 says they are valid.
 */
public record MiscInfo(int version, long sizeOfInfo, long flags1, Optional<Integer> processId,
                       Optional<Long> processCreateTime, Optional<Long> processUserTime,
                       Optional<Long> processKernelTime, Optional<Long> processorMaxMhz,
                       Optional<Long> processorCurrentMhz, Optional<Long> processIntegrityLevel,
                       Optional<Long> processExecuteFlags, Optional<String> buildString,
                       Optional<String> debugBuildString, Optional<Long> processCookie) {
    static final int FLAG_PROCESS_ID = 0x1;
    static final int FLAG_PROCESS_TIMES = 0x2;
    static final int FLAG_POWER_INFO = 0x4;
    static final int FLAG_INTEGRITY = 0x10;
    static final int FLAG_EXECUTE_FLAGS = 0x20;
    static final int FLAG_BUILD_STRING = 0x100;
    static final int FLAG_PROCESS_COOKIE = 0x200;
}
