package dev.wercli.snapshot.minidump;

/** MINIDUMP_UNLOADED_MODULE: an image that was loaded and unloaded again before the dump. */
public record UnloadedModule(long base, long size, long checksum, long timeDateStamp, String name) {
}
