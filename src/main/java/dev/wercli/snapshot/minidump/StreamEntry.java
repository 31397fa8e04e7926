package dev.wercli.snapshot.minidump;

/** One MINIDUMP_DIRECTORY entry: stream type and the file range (LOCATION_DESCRIPTOR) of its data. */
public record StreamEntry(int index, int type, long dataSize, long rva) {
    public String name() {
        return StreamType.name(type);
    }
}
