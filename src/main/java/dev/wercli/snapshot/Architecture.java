package dev.wercli.snapshot;

/** Processor architecture of a crashed process, named as in reports ("x64", "x86", ...). */
public enum Architecture {
    X64("x64"), X86("x86"), ARM64("arm64"), UNKNOWN("unknown");

    private final String reportName;

    Architecture(String reportName) {
        this.reportName = reportName;
    }

    public String reportName() {
        return reportName;
    }

    /** Maps the PROCESSOR_ARCHITECTURE_* value used by JIT_DEBUG_INFO and MINIDUMP_SYSTEM_INFO. */
    public static Architecture fromProcessorArchitecture(int value) {
        switch (value) {
            case 9: return X64;    // PROCESSOR_ARCHITECTURE_AMD64
            case 0: return X86;    // PROCESSOR_ARCHITECTURE_INTEL
            case 12: return ARM64; // PROCESSOR_ARCHITECTURE_ARM64
            default: return UNKNOWN;
        }
    }
}
