package dev.wercli.snapshot.layout;

import dev.wercli.fixtures.Bytes;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutDecodersTest {
    @Test
    void amd64ContextGivesTheRegistersADebuggerShows() {
        CpuContext c = ContextDecoder.amd64(ByteBuffer.wrap(Bytes.amd64Context(0x140001234L, 0x21FCD0L, 0x21FCF0L, 7)));
        assertEquals(Architecture.X64, c.architecture());
        assertEquals(0x140001234L, c.instructionPointer());
        assertEquals(0x21FCD0L, c.stackPointer());
        assertEquals(0x21FCF0L, c.framePointer());
        assertEquals(7, c.register("rax"));
        assertEquals(0x800, c.register("r8"));
        assertEquals(0x807, c.register("r15"));
        assertEquals(0x33, c.register("cs"));
        assertEquals(0x10246, c.register("eflags"));
        assertEquals("rip", c.registers().keySet().iterator().next(), "rip comes first");
    }

    @Test
    void x86ContextGivesTheRegistersADebuggerShows() {
        CpuContext c = ContextDecoder.x86(ByteBuffer.wrap(Bytes.x86Context(0x401000, 0x19FF00, 0x19FF40, 0xDEAD)));
        assertEquals(Architecture.X86, c.architecture());
        assertEquals(0x401000, c.instructionPointer());
        assertEquals(0x19FF00, c.stackPointer());
        assertEquals(0x19FF40, c.framePointer());
        assertEquals(0xDEAD, c.register("eax"));
        assertEquals(0xC1, c.register("ecx"));
        assertEquals(0x1D1, c.register("edi"));
        assertEquals(0x23, c.register("cs"));
    }

    @Test
    void anAmd64ContextOf32BitCodeIsReadAsTheX86StateItHolds() {
        byte[] raw = Bytes.amd64Context(0x40170EL, 0x63FE30L, 0x63FE48L, 0xFFFF_FFFF_0000_0007L);
        ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(0x38, (short) 0x23); // SegCs
        CpuContext c = ContextDecoder.x86ViewOf32BitCode(ContextDecoder.amd64(ByteBuffer.wrap(raw)));
        assertEquals(Architecture.X86, c.architecture());
        assertEquals(List.of("eip", "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eflags",
                "cs", "ds", "es", "fs", "gs", "ss"), List.copyOf(c.registers().keySet()));
        assertEquals(0x40170E, c.instructionPointer());
        assertEquals(0x63FE30, c.stackPointer());
        assertEquals(0x63FE48, c.framePointer());
        assertEquals(7, c.register("eax"), "the low 32 bits only");
        assertEquals(0x10246, c.register("eflags"));
    }

    @Test
    void anAmd64ContextOf64BitCodeStaysX64() {
        CpuContext c = ContextDecoder.amd64(ByteBuffer.wrap(Bytes.amd64Context(0x40170EL, 0x63FE30L, 0, 0)));
        assertEquals(c, ContextDecoder.x86ViewOf32BitCode(c));
    }

    @Test
    void aShortContextIsALayoutErrorNotAnOutOfBoundsCrash() {
        assertThrows(LayoutException.class, () -> ContextDecoder.amd64(ByteBuffer.allocate(0x20)));
        assertThrows(LayoutException.class, () -> ContextDecoder.x86(ByteBuffer.allocate(0x20)));
    }

    @Test
    void record64KeepsCodeAddressAndParameters() {
        var r = ExceptionRecordDecoder.record64(ByteBuffer.wrap(Bytes.record64(0xC0000005, 0x14000162FL, 1, 0x10)));
        assertEquals(0xC0000005, r.code());
        assertEquals(0x14000162FL, r.address());
        assertEquals(List.of(1L, 0x10L), r.parameters());
    }

    @Test
    void record32KeepsCodeAddressAndParameters() {
        var r = ExceptionRecordDecoder.record32(ByteBuffer.wrap(Bytes.record32(0xC0000005, 0x401234, 0, 0x20)));
        assertEquals(0xC0000005, r.code());
        assertEquals(0x401234L, r.address());
        assertEquals(List.of(0L, 0x20L), r.parameters());
    }

    @Test
    void aHostileParameterCountIsClampedToTheArray() {
        byte[] raw = Bytes.record64(0xE0000001, 0);
        ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x18, 1_000_000);
        assertEquals(15, ExceptionRecordDecoder.record64(ByteBuffer.wrap(raw)).parameters().size());
        ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0x18, -5);
        assertEquals(0, ExceptionRecordDecoder.record64(ByteBuffer.wrap(raw)).parameters().size());
    }

    @Test
    void encode64RoundTripsThroughTheDocumentedLayout() {
        var r = new ExceptionRecordDecoder.Record(0xE0001234, 1, 0, 0x7B013D7EL, List.of(0x1111L, 0x2222L, 0xC0FFEEL));
        byte[] bytes = ExceptionRecordDecoder.encode64(r);
        assertEquals(0x98, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xE0001234, b.getInt(0));
        assertEquals(0x7B013D7EL, b.getLong(0x10));
        assertEquals(3, b.getInt(0x18));
        assertEquals(0xC0FFEEL, b.getLong(0x30));
        assertEquals(r, ExceptionRecordDecoder.record64(ByteBuffer.wrap(bytes)));
    }

    @Test
    void aRealJitDebugInfoIsAccepted() {
        var info = JitDebugInfo.decode(ByteBuffer.wrap(Bytes.jitDebugInfo(40, 9, 332, 0x14000162FL, 0x21E000L, 0x21E100L)));
        assertTrue(info.isPresent());
        assertEquals(Architecture.X64, info.get().architecture());
        assertEquals(332, info.get().threadId());
        assertEquals(0x21E000L, info.get().exceptionRecordAddress());
        assertEquals(0x21E100L, info.get().contextRecordAddress());
        var wow = JitDebugInfo.decode(ByteBuffer.wrap(Bytes.jitDebugInfo(40, 0, 12, 0x401000, 0x19F000, 0x19F100)));
        assertEquals(Architecture.X86, wow.orElseThrow().architecture());
    }

    @Test
    void wineStackGarbageIsRejected() {
        // Measured under Wine: %p pointed at memory whose first DWORD was 104.
        assertTrue(JitDebugInfo.decode(ByteBuffer.wrap(Bytes.jitDebugInfo(104, 9, 1, 1, 1, 1))).isEmpty());
        assertTrue(JitDebugInfo.decode(ByteBuffer.wrap(Bytes.jitDebugInfo(40, 77, 1, 1, 1, 1))).isEmpty(), "unknown arch");
        assertTrue(JitDebugInfo.decode(ByteBuffer.wrap(Bytes.jitDebugInfo(40, 9, 1, 1, 0, 1))).isEmpty(), "null record");
        assertTrue(JitDebugInfo.decode(ByteBuffer.allocate(12)).isEmpty(), "short read");
    }
}
