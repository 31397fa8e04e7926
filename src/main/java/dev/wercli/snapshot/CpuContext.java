package dev.wercli.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The integer and control registers of one thread, in the order a debugger shows them.
 * Built from a CONTEXT (live, JIT_DEBUG_INFO) or a minidump thread context by {@link ContextDecoder}.
 */
public final class CpuContext {
    private final Architecture architecture;
    private final Map<String, Long> registers;

    public CpuContext(Architecture architecture, Map<String, Long> registers) {
        this.architecture = architecture;
        this.registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Register name (lower case, e.g. "rip") to value, in display order. */
    public Map<String, Long> registers() {
        return registers;
    }

    public long register(String name) {
        Long v = registers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no register " + name + " in a " + architecture.reportName() + " context");
        }
        return v;
    }

    public long instructionPointer() {
        return register(architecture == Architecture.X86 ? "eip" : "rip");
    }

    public long stackPointer() {
        return register(architecture == Architecture.X86 ? "esp" : "rsp");
    }

    public long framePointer() {
        return register(architecture == Architecture.X86 ? "ebp" : "rbp");
    }
}
