package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.Architecture;

import java.util.Optional;

/** MINIDUMP_SYSTEM_INFO: the machine and OS the dump was written on. */
public record SystemInfo(int processorArchitecture, int processorLevel, int processorRevision,
                         int numberOfProcessors, int productType, long majorVersion, long minorVersion,
                         long buildNumber, long platformId, Optional<String> csdVersion,
                         Optional<String> cpuVendor) {
    public Architecture architecture() {
        return Architecture.fromProcessorArchitecture(processorArchitecture);
    }
}
