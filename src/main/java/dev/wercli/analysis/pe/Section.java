package dev.wercli.analysis.pe;

/** One IMAGE_SECTION_HEADER, as far as a loaded image needs it. */
public record Section(String name, long virtualAddress, long virtualSize, int characteristics) {
    /** IMAGE_SCN_CNT_CODE */
    static final int CNT_CODE = 0x20;
    /** IMAGE_SCN_MEM_EXECUTE */
    static final int MEM_EXECUTE = 0x20000000;

    public boolean executable() {
        return (characteristics & (CNT_CODE | MEM_EXECUTE)) != 0;
    }

    public boolean contains(long rva) {
        return rva >= virtualAddress && rva - virtualAddress < virtualSize;
    }
}
