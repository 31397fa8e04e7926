package dev.wercli.analysis.stack;

import dev.wercli.snapshot.CpuContext;

import java.util.Map;

/** The x64 integer registers in UNWIND_CODE numbering (0 rax, 1 rcx, ..., 4 rsp, 5 rbp, ..., 15 r15) plus rip. */
final class X64Registers {
    static final String[] NAMES = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    static final int RSP = 4;

    long rip;
    final long[] gpr = new long[16];

    static X64Registers from(CpuContext context) {
        X64Registers r = new X64Registers();
        Map<String, Long> values = context.registers();
        r.rip = values.getOrDefault("rip", 0L);
        for (int i = 0; i < NAMES.length; i++) {
            r.gpr[i] = values.getOrDefault(NAMES[i], 0L);
        }
        return r;
    }

    X64Registers copy() {
        X64Registers r = new X64Registers();
        r.rip = rip;
        System.arraycopy(gpr, 0, r.gpr, 0, gpr.length);
        return r;
    }

    long rsp() {
        return gpr[RSP];
    }

    void rsp(long value) {
        gpr[RSP] = value;
    }
}
