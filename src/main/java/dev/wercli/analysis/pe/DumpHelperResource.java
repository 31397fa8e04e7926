package dev.wercli.analysis.pe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the resource by which a module asks MiniDumpWriteDump for an auxiliary dump provider: type RT_RCDATA
 * (10), a <em>named</em> entry {@code DUMP_HELPER} (the name .NET Core's coreclr.dll first used) or
 * {@code MINIDUMP_AUXILIARY_PROVIDER} (today's coreclr.dll), first language, whose data is the provider DLL's
 * file name (UTF-8, NUL-terminated, looked for beside the module). Directory offsets are relative to the start
 * of the resource directory; a named entry's name offset points at an IMAGE_RESOURCE_DIR_STRING_U (a 16-bit
 * length, then UTF-16LE characters); a data entry's OffsetToData is an RVA.
 */
final class DumpHelperResource {
    static final int RT_RCDATA = 10;
    /** The names wercli recognises, in the order it prefers them when a module has both. */
    static final List<String> NAMES = List.of("DUMP_HELPER", "MINIDUMP_AUXILIARY_PROVIDER");
    private static final int MAX_ENTRIES = 4096;
    private static final int MAX_NAME = 64;
    /** A provider's file name; more than MAX_PATH bytes is not a file name. */
    private static final int MAX_DATA = 260;

    private DumpHelperResource() {
    }

    static Optional<DumpHelper> find(ImageMemory mem, long dirRva, long dirSize) {
        if (dirRva == 0 || dirSize < 16) {
            return Optional.empty();
        }
        Optional<Entry> type = entries(mem, dirRva, dirRva, dirSize).stream()
                .filter(e -> e.id() == RT_RCDATA && e.subdir()).findFirst();
        if (type.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> names = entries(mem, dirRva, type.get().target(), dirSize);
        for (String wanted : NAMES) {
            for (Entry e : names) {
                if (e.name() != null && e.name().equalsIgnoreCase(wanted) && e.subdir()) {
                    return Optional.of(new DumpHelper(wanted, provider(mem, dirRva, e.target(), dirSize)));
                }
            }
        }
        return Optional.empty();
    }

    /** The provider file name from the first language's data, or empty when it is not a short string. */
    private static Optional<String> provider(ImageMemory mem, long root, long languages, long rootSize) {
        Optional<Entry> first = entries(mem, root, languages, rootSize).stream().findFirst();
        if (first.isEmpty() || first.get().subdir()) {
            return Optional.empty();
        }
        Optional<ByteBuffer> entry = mem.read(first.get().target(), 16);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        long dataRva = Integer.toUnsignedLong(entry.get().getInt(0));
        long dataSize = Integer.toUnsignedLong(entry.get().getInt(4));
        int length = (int) Math.min(dataSize, MAX_DATA + 1);
        Optional<ByteBuffer> data = mem.read(dataRva, length);
        if (data.isEmpty() || length == 0) {
            return Optional.empty();
        }
        byte[] bytes = new byte[length];
        data.get().get(0, bytes);
        int end = 0;
        while (end < length && bytes[end] != 0) {
            end++;
        }
        if (end == 0 || end > MAX_DATA) {
            return Optional.empty();
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
        boolean printable = !text.isEmpty() && text.chars().allMatch(c -> c >= 0x20 && c != 0x7F && c != 0xFFFD);
        return printable ? Optional.of(text) : Optional.empty();
    }

    /** One directory entry: id (or -1) and name (or null), and its child's RVA. */
    private record Entry(int id, String name, long target, boolean subdir) {
    }

    private static List<Entry> entries(ImageMemory mem, long root, long dir, long rootSize) {
        Optional<ByteBuffer> header = mem.read(dir, 16);
        if (header.isEmpty()) {
            return List.of();
        }
        int count = Short.toUnsignedInt(header.get().getShort(12)) + Short.toUnsignedInt(header.get().getShort(14));
        count = Math.min(count, MAX_ENTRIES);
        Optional<ByteBuffer> raw = mem.read(dir + 16, 8L * count);
        if (raw.isEmpty()) {
            return List.of();
        }
        List<Entry> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            int name = raw.get().getInt(8 * i);
            long target = Integer.toUnsignedLong(raw.get().getInt(8 * i + 4));
            long offset = target & 0x7FFFFFFFL;
            if (offset >= rootSize) {
                continue;
            }
            boolean named = name < 0; // high bit: the name is a string, not an id
            String text = named ? name(mem, root, name & 0x7FFFFFFFL, rootSize) : null;
            out.add(new Entry(named ? -1 : name & 0xFFFF, text, root + offset, (target & 0x80000000L) != 0));
        }
        return out;
    }

    private static String name(ImageMemory mem, long root, long offset, long rootSize) {
        if (offset + 2 > rootSize) {
            return null;
        }
        Optional<ByteBuffer> len = mem.read(root + offset, 2);
        if (len.isEmpty()) {
            return null;
        }
        int chars = Short.toUnsignedInt(len.get().getShort(0));
        if (chars == 0 || chars > MAX_NAME) {
            return null; // longer than any name we look for
        }
        Optional<ByteBuffer> text = mem.read(root + offset + 2, 2L * chars);
        if (text.isEmpty()) {
            return null;
        }
        byte[] bytes = new byte[2 * chars];
        text.get().get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_16LE).toUpperCase(Locale.ROOT);
    }
}
