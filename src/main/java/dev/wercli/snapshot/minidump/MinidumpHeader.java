package dev.wercli.snapshot.minidump;

/** MINIDUMP_HEADER. {@code flags} is the MINIDUMP_TYPE the writer was asked for (e.g. 0x2 full memory). */
public record MinidumpHeader(int version, int implementationVersion, long numberOfStreams, long directoryRva,
                             long checksum, long timeDateStamp, long flags) {
}
