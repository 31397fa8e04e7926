package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.ModuleIdentity;

import java.util.Optional;

/**
 * MINIDUMP_MODULE with its name resolved; {@code identity} holds TimeDateStamp, CheckSum, the
 * VS_FIXEDFILEINFO file version and the CodeView record, as the dump's writer copied them from the image.
 */
public record MinidumpModule(long base, long size, String name, ModuleIdentity identity,
                             Optional<FileVersion> productVersion) {
}
