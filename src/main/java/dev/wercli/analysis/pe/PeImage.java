package dev.wercli.analysis.pe;

import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleIdentity;
import dev.wercli.snapshot.PdbIdentity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A PE image as loaded in a process (RVA layout), parsed from its memory: headers, sections and the data
 * directories a postmortem report needs (exports, .pdata, CodeView, version resource). Works for PE32 and
 * PE32+. Layouts follow winnt.h; every count and offset is checked against SizeOfImage before use.
 * Directory parsing is lazy and cached: a stack walk touches only the modules on the stack.
 */
public final class PeImage {
    public static final int MACHINE_AMD64 = 0x8664;
    public static final int MACHINE_I386 = 0x14C;

    static final int DIR_EXPORT = 0;
    static final int DIR_RESOURCE = 2;
    static final int DIR_EXCEPTION = 3;
    static final int DIR_DEBUG = 6;

    /** Headers are read before SizeOfImage is known; no real header area exceeds this. */
    private static final int HEADER_PROBE = 0x1000;
    private static final int MAX_SECTIONS = 96;
    private static final int MAX_EXPORTS = 65536;
    private static final int MAX_NAME = 512;

    private final ImageMemory mem;
    private final int machine;
    private final boolean pe32Plus;
    private final int timeDateStamp;
    private final long sizeOfImage;
    private final int checksum;
    private final long preferredBase;
    private final long[][] directories;
    private final List<Section> sections;

    private ExportTable exports;
    private Optional<PdbIdentity> codeView;
    private Optional<FileVersion> fileVersion;
    private Optional<DumpHelper> dumpHelper;

    private PeImage(ImageMemory mem, int machine, boolean pe32Plus, int timeDateStamp, long sizeOfImage,
                    int checksum, long preferredBase, long[][] directories, List<Section> sections) {
        this.mem = mem;
        this.machine = machine;
        this.pe32Plus = pe32Plus;
        this.timeDateStamp = timeDateStamp;
        this.sizeOfImage = sizeOfImage;
        this.checksum = checksum;
        this.preferredBase = preferredBase;
        this.directories = directories;
        this.sections = sections;
    }

    /** Parses the headers at {@code base}; throws {@link PeFormatException} when they are missing or corrupt. */
    public static PeImage read(MemoryReader reader, long base) {
        ImageMemory mem = new ImageMemory(reader, base, HEADER_PROBE);
        ByteBuffer dos = mem.require(0, 0x40, "DOS header");
        if (dos.getShort(0) != 0x5A4D) { // "MZ"
            throw new PeFormatException("no MZ signature at 0x" + Long.toHexString(base));
        }
        long ntOffset = Integer.toUnsignedLong(dos.getInt(0x3C)); // e_lfanew
        ByteBuffer nt = mem.read(ntOffset, 24).orElseThrow(
                () -> new PeFormatException("e_lfanew 0x" + Long.toHexString(ntOffset) + " points outside the headers"));
        if (nt.getInt(0) != 0x00004550) { // "PE\0\0"
            throw new PeFormatException("no PE signature at e_lfanew 0x" + Long.toHexString(ntOffset));
        }
        int machine = Short.toUnsignedInt(nt.getShort(4));
        int sectionCount = Short.toUnsignedInt(nt.getShort(6));
        int timeDateStamp = nt.getInt(8);
        int optionalSize = Short.toUnsignedInt(nt.getShort(20));
        long optOffset = ntOffset + 24;
        ByteBuffer opt = mem.require(optOffset, optionalSize, "optional header");
        if (optionalSize < 2) {
            throw new PeFormatException("optional header of " + optionalSize + " bytes");
        }
        int magic = Short.toUnsignedInt(opt.getShort(0));
        boolean plus;
        if (magic == 0x20B) {
            plus = true;
        } else if (magic == 0x10B) {
            plus = false;
        } else {
            throw new PeFormatException("unknown optional header magic 0x" + Integer.toHexString(magic));
        }
        int dirStart = plus ? 112 : 96;
        if (optionalSize < dirStart) {
            throw new PeFormatException("optional header of " + optionalSize + " bytes is too short");
        }
        long preferredBase = plus ? opt.getLong(24) : Integer.toUnsignedLong(opt.getInt(28));
        long sizeOfImage = Integer.toUnsignedLong(opt.getInt(56));
        int checksum = opt.getInt(64);
        long dirCount = Integer.toUnsignedLong(opt.getInt(dirStart - 4));
        int usable = (int) Math.min(Math.min(dirCount, 16), (optionalSize - dirStart) / 8);
        long[][] dirs = new long[16][2];
        for (int i = 0; i < usable; i++) {
            dirs[i][0] = Integer.toUnsignedLong(opt.getInt(dirStart + 8 * i));
            dirs[i][1] = Integer.toUnsignedLong(opt.getInt(dirStart + 8 * i + 4));
        }
        if (sizeOfImage < ntOffset + 24 + optionalSize) {
            throw new PeFormatException("SizeOfImage 0x" + Long.toHexString(sizeOfImage) + " is smaller than the headers");
        }
        mem.limitTo(sizeOfImage);
        List<Section> sections = readSections(mem, optOffset + optionalSize, Math.min(sectionCount, MAX_SECTIONS));
        return new PeImage(mem, machine, plus, timeDateStamp, sizeOfImage, checksum, preferredBase, dirs, sections);
    }

    /** Like {@link #read} but empty instead of an exception: for best-effort report fields. */
    public static Optional<PeImage> tryRead(MemoryReader reader, long base) {
        try {
            return Optional.of(read(reader, base));
        } catch (PeFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Section> readSections(ImageMemory mem, long at, int count) {
        List<Section> out = new ArrayList<>();
        Optional<ByteBuffer> table = mem.read(at, 40L * count);
        if (table.isEmpty()) {
            return out; // sections are a help for the scanner, not essential
        }
        ByteBuffer b = table.get();
        for (int i = 0; i < count; i++) {
            int o = 40 * i;
            out.add(new Section(ImageMemory.latin1(b, o, 8), Integer.toUnsignedLong(b.getInt(o + 12)),
                    Integer.toUnsignedLong(b.getInt(o + 8)), b.getInt(o + 36)));
        }
        return List.copyOf(out);
    }

    public long base() {
        return mem.base();
    }

    public int machine() {
        return machine;
    }

    public boolean isPe32Plus() {
        return pe32Plus;
    }

    /** IMAGE_FILE_HEADER.TimeDateStamp: the link time (or a hash for reproducible builds). */
    public int timeDateStamp() {
        return timeDateStamp;
    }

    public long sizeOfImage() {
        return sizeOfImage;
    }

    public int checksum() {
        return checksum;
    }

    public long preferredBase() {
        return preferredBase;
    }

    public List<Section> sections() {
        return sections;
    }

    /** True when {@code rva} lies in a code/executable section (false when the section table was unreadable). */
    public boolean isExecutable(long rva) {
        return sections.stream().anyMatch(s -> s.executable() && s.contains(rva));
    }

    /** Reads {@code length} bytes at {@code rva} within the image, little-endian; empty when out of bounds. */
    public Optional<ByteBuffer> bytes(long rva, int length) {
        return mem.read(rva, length);
    }

    long directoryRva(int index) {
        return directories[index][0];
    }

    long directorySize(int index) {
        return directories[index][1];
    }

    // ---- exports ---------------------------------------------------------------------------------------

    /** The named exports; {@link ExportTable#EMPTY} when there are none or they cannot be read. */
    public synchronized ExportTable exports() {
        if (exports == null) {
            exports = parseExports();
        }
        return exports;
    }

    private ExportTable parseExports() {
        long dirRva = directoryRva(DIR_EXPORT);
        long dirSize = directorySize(DIR_EXPORT);
        if (dirRva == 0 || dirSize < 40) {
            return ExportTable.EMPTY;
        }
        Optional<ByteBuffer> dir = mem.read(dirRva, 40);
        if (dir.isEmpty()) {
            return ExportTable.EMPTY;
        }
        ByteBuffer d = dir.get();
        String dllName = mem.cString(Integer.toUnsignedLong(d.getInt(12)), MAX_NAME).orElse(null);
        int ordinalBase = d.getInt(16);
        long functionCount = Integer.toUnsignedLong(d.getInt(20));
        long nameCount = Integer.toUnsignedLong(d.getInt(24));
        if (functionCount > MAX_EXPORTS || nameCount > MAX_EXPORTS) {
            return ExportTable.EMPTY;
        }
        Optional<ByteBuffer> functions = mem.read(Integer.toUnsignedLong(d.getInt(28)), 4 * functionCount);
        Optional<ByteBuffer> names = mem.read(Integer.toUnsignedLong(d.getInt(32)), 4 * nameCount);
        Optional<ByteBuffer> ordinals = mem.read(Integer.toUnsignedLong(d.getInt(36)), 2 * nameCount);
        if (functions.isEmpty() || names.isEmpty() || ordinals.isEmpty()) {
            return new ExportTable(dllName, List.of());
        }
        // Names normally sit inside the export directory: one read of it saves a read per name, which
        // matters for a live process (ntdll has thousands of exports, each ReadProcessMemory is a syscall).
        Optional<ByteBuffer> whole = mem.read(dirRva, dirSize);
        List<ExportTable.Export> out = new ArrayList<>();
        for (int i = 0; i < nameCount; i++) {
            int index = Short.toUnsignedInt(ordinals.get().getShort(2 * i));
            if (index >= functionCount) {
                continue;
            }
            long rva = Integer.toUnsignedLong(functions.get().getInt(4 * index));
            boolean forwarder = rva >= dirRva && rva < dirRva + dirSize;
            if (rva == 0 || forwarder || rva >= sizeOfImage) {
                continue;
            }
            long nameRva = Integer.toUnsignedLong(names.get().getInt(4 * i));
            Optional<String> name = whole.flatMap(w -> nameIn(w, nameRva - dirRva))
                    .or(() -> mem.cString(nameRva, MAX_NAME));
            name.ifPresent(n -> out.add(new ExportTable.Export(n, ordinalBase + index, rva)));
        }
        return new ExportTable(dllName, out);
    }

    /** The NUL-terminated name at {@code offset} of the directory buffer, if it ends inside it. */
    private static Optional<String> nameIn(ByteBuffer dir, long offset) {
        if (offset < 0 || offset >= dir.limit()) {
            return Optional.empty();
        }
        int start = (int) offset;
        int end = start;
        int max = Math.min(dir.limit(), start + MAX_NAME);
        while (end < max && dir.get(end) != 0) {
            end++;
        }
        if (end >= max) {
            return Optional.empty();
        }
        byte[] raw = new byte[end - start];
        dir.get(start, raw);
        return Optional.of(new String(raw, StandardCharsets.UTF_8));
    }

    // ---- exception directory (.pdata) -----------------------------------------------------------------

    /** Number of RUNTIME_FUNCTION entries in the exception directory (x64 images only, else 0). */
    public long runtimeFunctionCount() {
        if (machine != MACHINE_AMD64 || directoryRva(DIR_EXCEPTION) == 0) {
            return 0;
        }
        return directorySize(DIR_EXCEPTION) / RuntimeFunction.SIZE;
    }

    /**
     * The RUNTIME_FUNCTION covering {@code rva}, found by binary search over the sorted table one entry at a
     * time (dumps often hold only the entries a debugger touched, so the table is never read in one piece).
     */
    public Optional<RuntimeFunction> runtimeFunctionFor(long rva) {
        long lo = 0;
        long hi = runtimeFunctionCount() - 1;
        long table = directoryRva(DIR_EXCEPTION);
        int steps = 0;
        while (lo <= hi && steps++ < 64) {
            long mid = (lo + hi) >>> 1;
            Optional<RuntimeFunction> entry = runtimeFunctionAt(table + mid * RuntimeFunction.SIZE);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            RuntimeFunction f = entry.get();
            if (rva < f.beginRva()) {
                hi = mid - 1;
            } else if (rva >= f.endRva()) {
                lo = mid + 1;
            } else {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** True when the image has .pdata and both its first and last entries can be read. */
    public boolean isRuntimeFunctionTableReadable() {
        long count = runtimeFunctionCount();
        long table = directoryRva(DIR_EXCEPTION);
        return count > 0 && runtimeFunctionAt(table).isPresent()
                && runtimeFunctionAt(table + (count - 1) * RuntimeFunction.SIZE).isPresent();
    }

    /** Reads one RUNTIME_FUNCTION at {@code rva} (also used for chained unwind info). */
    public Optional<RuntimeFunction> runtimeFunctionAt(long rva) {
        return mem.read(rva, RuntimeFunction.SIZE).map(b -> new RuntimeFunction(
                Integer.toUnsignedLong(b.getInt(0)), Integer.toUnsignedLong(b.getInt(4)),
                Integer.toUnsignedLong(b.getInt(8))));
    }

    // ---- debug directory (CodeView) --------------------------------------------------------------------

    /** The CodeView RSDS record (PDB name, GUID, age), if the image has one. */
    public synchronized Optional<PdbIdentity> codeView() {
        if (codeView == null) {
            codeView = DebugDirectory.codeView(mem, directoryRva(DIR_DEBUG), directorySize(DIR_DEBUG));
        }
        return codeView;
    }

    /** The build identity as this image states it: what a live source knows of a module. */
    public ModuleIdentity identity() {
        return new ModuleIdentity(fileVersion(), Optional.of(timeDateStamp), Optional.of(checksum), codeView());
    }

    // ---- resources (VS_VERSIONINFO) --------------------------------------------------------------------

    /** The file version from the VS_VERSIONINFO resource, if the image has one. */
    public synchronized Optional<FileVersion> fileVersion() {
        if (fileVersion == null) {
            fileVersion = VersionResource.fileVersion(mem, directoryRva(DIR_RESOURCE), directorySize(DIR_RESOURCE));
        }
        return fileVersion;
    }

    /**
     * The RT_RCDATA resource ({@code DUMP_HELPER} or {@code MINIDUMP_AUXILIARY_PROVIDER}) by which this module
     * names an auxiliary provider for MiniDumpWriteDump, if it has one.
     */
    public synchronized Optional<DumpHelper> dumpHelper() {
        if (dumpHelper == null) {
            dumpHelper = DumpHelperResource.find(mem, directoryRva(DIR_RESOURCE), directorySize(DIR_RESOURCE));
        }
        return dumpHelper;
    }
}
