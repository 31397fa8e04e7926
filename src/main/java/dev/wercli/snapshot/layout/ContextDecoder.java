package dev.wercli.snapshot.layout;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes Windows thread contexts from their documented byte layouts (winnt.h): the AMD64 CONTEXT
 * (0x4D0 bytes) and the x86 / WOW64_CONTEXT (0x2CC bytes). The same bytes come from GetThreadContext,
 * from a JIT_DEBUG_INFO's lpContextRecord and from a minidump thread's ThreadContext.
 */
public final class ContextDecoder {
    public static final int AMD64_CONTEXT_SIZE = 0x4D0;
    public static final int X86_CONTEXT_SIZE = 0x2CC;

    private static final String[] AMD64_GPRS = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    private ContextDecoder() {
    }

    /** Decodes an AMD64 CONTEXT; {@code bytes} must hold at least the first 0x100 bytes (through Rip). */
    public static CpuContext amd64(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        requireSize(b, 0x100, "AMD64 CONTEXT");
        Map<String, Long> r = new LinkedHashMap<>();
        r.put("rip", b.getLong(0xF8));
        for (int i = 0; i < AMD64_GPRS.length; i++) {
            r.put(AMD64_GPRS[i], b.getLong(0x78 + 8 * i));
        }
        r.put("eflags", Integer.toUnsignedLong(b.getInt(0x44)));
        r.put("cs", (long) Short.toUnsignedInt(b.getShort(0x38)));
        r.put("ds", (long) Short.toUnsignedInt(b.getShort(0x3A)));
        r.put("es", (long) Short.toUnsignedInt(b.getShort(0x3C)));
        r.put("fs", (long) Short.toUnsignedInt(b.getShort(0x3E)));
        r.put("gs", (long) Short.toUnsignedInt(b.getShort(0x40)));
        r.put("ss", (long) Short.toUnsignedInt(b.getShort(0x42)));
        return new CpuContext(Architecture.X64, r);
    }

    /**
     * The user-mode code segment selector of 32-bit code on x64 (Windows' KGDT64_R3_CMCODE | RPL 3; Linux's
     * __USER32_CS has the same value); 64-bit code runs with 0x33.
     */
    public static final long CS_32BIT_CODE = 0x23;

    /**
     * An AMD64 context taken while the thread ran 32-bit code (SegCs {@link #CS_32BIT_CODE}) holds x86 state
     * in the low halves of its registers: returned as the x86 context it is. Seen in the dump a 64-bit
     * debugger writes of a 32-bit process under Wine (the thread list's contexts have cs 0x23 and 32-bit
     * values). Any other context is returned unchanged. On Windows a WOW64 thread stopped by a debugger is
     * usually in the 64-bit WOW64 layer (cs 0x33): that context stays x64.
     */
    public static CpuContext x86ViewOf32BitCode(CpuContext context) {
        Map<String, Long> r = context.registers();
        if (context.architecture() != Architecture.X64 || r.getOrDefault("cs", 0L) != CS_32BIT_CODE) {
            return context;
        }
        Map<String, Long> x86 = new LinkedHashMap<>();
        for (String name : new String[] {"ip", "ax", "cx", "dx", "bx", "sp", "bp", "si", "di"}) {
            x86.put("e" + name, r.getOrDefault("r" + name, 0L) & 0xFFFF_FFFFL);
        }
        for (String name : new String[] {"eflags", "cs", "ds", "es", "fs", "gs", "ss"}) {
            x86.put(name, r.getOrDefault(name, 0L));
        }
        return new CpuContext(Architecture.X86, x86);
    }

    /** Decodes an x86 CONTEXT / WOW64_CONTEXT; {@code bytes} must hold at least the first 0xCC bytes. */
    public static CpuContext x86(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        requireSize(b, 0xCC, "x86 CONTEXT");
        Map<String, Long> r = new LinkedHashMap<>();
        r.put("eip", u32(b, 0xB8));
        r.put("eax", u32(b, 0xB0));
        r.put("ecx", u32(b, 0xAC));
        r.put("edx", u32(b, 0xA8));
        r.put("ebx", u32(b, 0xA4));
        r.put("esp", u32(b, 0xC4));
        r.put("ebp", u32(b, 0xB4));
        r.put("esi", u32(b, 0xA0));
        r.put("edi", u32(b, 0x9C));
        r.put("eflags", u32(b, 0xC0));
        r.put("cs", u32(b, 0xBC));
        r.put("ds", u32(b, 0x98));
        r.put("es", u32(b, 0x94));
        r.put("fs", u32(b, 0x90));
        r.put("gs", u32(b, 0x8C));
        r.put("ss", u32(b, 0xC8));
        return new CpuContext(Architecture.X86, r);
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }

    private static void requireSize(ByteBuffer b, int needed, String what) {
        if (b.remaining() < needed) {
            throw new LayoutException(what + " needs " + needed + " bytes, got " + b.remaining());
        }
    }
}
