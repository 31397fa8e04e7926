package dev.wercli.snapshot.minidump;

import java.util.Optional;

/** MINIDUMP_HANDLE_DESCRIPTOR (or _2): one open handle with its object type and name where recorded. */
public record HandleDescriptor(long handle, Optional<String> typeName, Optional<String> objectName,
                               long attributes, long grantedAccess, long handleCount, long pointerCount) {
}
