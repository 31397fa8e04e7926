package dev.wercli.analysis.pe;

/**
 * One x64 RUNTIME_FUNCTION entry of the exception directory (.pdata): a function's [begin, end) RVAs and
 * the RVA of its UNWIND_INFO.
 */
public record RuntimeFunction(long beginRva, long endRva, long unwindInfoRva) {
    public static final int SIZE = 12;

    public boolean contains(long rva) {
        return rva >= beginRva && rva < endRva;
    }
}
