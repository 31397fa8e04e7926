package dev.wercli.capture;

import dev.wercli.analysis.Hex;

import java.util.Locale;

/**
 * The MINIDUMP_TYPE to write, by name or as raw flags. The named sets follow ProcDump:
 * <ul>
 *   <li>{@code mini} (ProcDump -mm): stacks and the memory they point at, plus handle, thread, unloaded-module
 *       and address-space metadata and the PEB/TEBs: enough to walk every stack.</li>
 *   <li>{@code mini-plus} (ProcDump -mp): mini plus all private read-write memory and data segments (heaps),
 *       without mapped images: most of a full dump's value at a fraction of its size.</li>
 *   <li>{@code full} (ProcDump -ma): all memory, skipping unreadable regions instead of failing.</li>
 * </ul>
 * Each name takes the suffix {@code +aux} ({@code mini+aux}, {@code mini-plus+aux}, {@code full+aux}): the same
 * set plus MiniDumpWithFullAuxiliaryState (0x8000), which asks the auxiliary providers (.NET's DAC) to add
 * their full state. A suffix and not three more names: auxiliary state is independent of which memory a set
 * selects, and the suffix reads as exactly that ("this set, plus the providers' state").
 */
public record DumpType(String name, int flags) {
    // MINIDUMP_TYPE flags (dbghelp.h)
    static final int WITH_DATA_SEGS = 0x1;
    static final int WITH_FULL_MEMORY = 0x2;
    static final int WITH_HANDLE_DATA = 0x4;
    static final int WITH_UNLOADED_MODULES = 0x20;
    static final int WITH_INDIRECTLY_REFERENCED_MEMORY = 0x40;
    static final int WITH_PROCESS_THREAD_DATA = 0x100;
    static final int WITH_PRIVATE_READ_WRITE_MEMORY = 0x200;
    static final int WITH_FULL_MEMORY_INFO = 0x800;
    static final int WITH_THREAD_INFO = 0x1000;
    static final int WITH_FULL_AUXILIARY_STATE = 0x8000;
    static final int IGNORE_INACCESSIBLE_MEMORY = 0x20000;
    static final String AUX_SUFFIX = "+aux";
    /** Every flag dbghelp defined up to Windows 11 (MiniDumpValidTypeFlags). */
    static final int VALID_FLAGS = 0x01FFFFFF;

    public static final DumpType MINI = new DumpType("mini", WITH_HANDLE_DATA | WITH_UNLOADED_MODULES
            | WITH_INDIRECTLY_REFERENCED_MEMORY | WITH_PROCESS_THREAD_DATA | WITH_FULL_MEMORY_INFO | WITH_THREAD_INFO);
    public static final DumpType MINI_PLUS = new DumpType("mini-plus", MINI.flags | WITH_DATA_SEGS
            | WITH_PRIVATE_READ_WRITE_MEMORY | IGNORE_INACCESSIBLE_MEMORY);
    public static final DumpType FULL = new DumpType("full", WITH_FULL_MEMORY | WITH_HANDLE_DATA
            | WITH_UNLOADED_MODULES | WITH_FULL_MEMORY_INFO | WITH_THREAD_INFO | IGNORE_INACCESSIBLE_MEMORY);

    /** The named sets, each also with {@code +aux}. */
    public static java.util.List<DumpType> named() {
        return java.util.List.of(MINI, MINI_PLUS, FULL, MINI.withAuxiliaryState(), MINI_PLUS.withAuxiliaryState(),
                FULL.withAuxiliaryState());
    }

    /** This set plus MiniDumpWithFullAuxiliaryState, named with the {@code +aux} suffix. */
    public DumpType withAuxiliaryState() {
        return name.endsWith(AUX_SUFFIX) ? this : new DumpType(name + AUX_SUFFIX, flags | WITH_FULL_AUXILIARY_STATE);
    }

    /**
     * Parses "mini", "mini-plus", "full", each optionally with "+aux", or a hex flag value such as "0x1826"
     * (reported as "custom").
     */
    public static DumpType parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith(AUX_SUFFIX) && !t.startsWith("0x")) {
            String base = t.substring(0, t.length() - AUX_SUFFIX.length());
            if (base.endsWith(AUX_SUFFIX)) {
                throw new IllegalArgumentException("dump type '" + text + "' repeats +aux");
            }
            return parse(base).withAuxiliaryState();
        }
        switch (t) {
            case "mini": return MINI;
            case "mini-plus": case "miniplus": return MINI_PLUS;
            case "full": return FULL;
            default:
                if (!t.startsWith("0x")) {
                    throw new IllegalArgumentException("unknown dump type '" + text
                            + "': use mini, mini-plus, full (each optionally with +aux) or hex flags such as 0x1826");
                }
                long flags;
                try {
                    flags = Hex.parse(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad dump flags '" + text + "': " + e.getMessage());
                }
                if ((flags & ~VALID_FLAGS) != 0) {
                    throw new IllegalArgumentException("dump flags " + text + " set bits MiniDumpWriteDump does not know");
                }
                return new DumpType("custom", (int) flags);
        }
    }

    public String flagsHex() {
        return Hex.code(flags);
    }
}
