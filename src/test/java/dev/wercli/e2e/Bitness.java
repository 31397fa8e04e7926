package dev.wercli.e2e;

import java.nio.file.Path;

/** The two kinds of crash target: a 64-bit process and a 32-bit one (WOW64 in a win64 prefix). */
enum Bitness {
    X64("x64", "crashy.exe", "rip", "amd64", "x86_64-pc-windows", "x86_64-w64-mingw32-nm"),
    X86("x86", "x86/crashy.exe", "eip", "x86", "i386-pc-windows", "i686-w64-mingw32-nm");

    /** As the report's process.architecture says it. */
    final String label;
    /** Under tests/targets/build (tests/targets/Makefile builds both). */
    final String crashyPath;
    final String ipRegister;
    /** minidump_stackwalk -m's CPU field. */
    final String breakpadCpu;
    /** The start of LLDB's target triple for the core file (it adds -msvc for some dumps). */
    final String lldbArch;
    /** MinGW's nm for this bitness: an independent symbolizer for the target's own functions. */
    final String nm;

    Bitness(String label, String crashyPath, String ipRegister, String breakpadCpu, String lldbArch, String nm) {
        this.label = label;
        this.crashyPath = crashyPath;
        this.ipRegister = ipRegister;
        this.breakpadCpu = breakpadCpu;
        this.lldbArch = lldbArch;
        this.nm = nm;
    }

    Path crashy(WineHarness wine) {
        return wine.targets.resolve(crashyPath);
    }

    @Override
    public String toString() {
        return label;
    }
}
