package dev.wercli.snapshot.minidump;

import java.util.Optional;

/** MINIDUMP_MODULE with its name, VS_FIXEDFILEINFO versions ("a.b.c.d") and CodeView record resolved. */
public record MinidumpModule(long base, long size, long checksum, long timeDateStamp, String name,
                             Optional<String> fileVersion, Optional<String> productVersion,
                             Optional<CodeViewInfo> codeView) {
}
