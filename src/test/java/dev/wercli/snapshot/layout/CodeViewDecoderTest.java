package dev.wercli.snapshot.layout;

import dev.wercli.snapshot.PdbIdentity;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CV_INFO_PDB70 written by hand at its documented offsets (+0 "RSDS", +4 Data1, +8 Data2, +10 Data3,
 * +12 Data4[8], +20 Age, +24 name), with values whose symbol-server form is known from Breakpad's
 * minidump_dump output for a real Windows dump (crashme.pdb, age 20 -> "...14").
 */
class CodeViewDecoderTest {
    private static ByteBuffer record(int age, String name, int padding) {
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(24 + text.length + 1 + padding).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 'R').put(1, (byte) 'S').put(2, (byte) 'D').put(3, (byte) 'S');
        b.putInt(4, 0x1b504308).putShort(8, (short) 0x5f17).putShort(10, (short) 0x4da3);
        byte[] data4 = {(byte) 0x85, 0x52, 0x1d, (byte) 0xd4, 0x74, 0x0d, 0x17, 0x30};
        b.put(12, data4).putInt(20, age).put(24, text);
        return b;
    }

    @Test
    void symbolServerFormIsGuidInTextOrderThenAgeInHex() {
        PdbIdentity pdb = CodeViewDecoder.rsds(record(20, "D:\\crashme\\Debug\\crashme.pdb", 0)).orElseThrow();
        assertEquals("1B5043085F174DA385521DD4740D173014", pdb.symbolServerId());
        assertEquals("{1B504308-5F17-4DA3-8552-1DD4740D1730}", pdb.guid());
        assertEquals("D:\\crashme\\Debug\\crashme.pdb", pdb.fileName());
        assertEquals(20, pdb.age());
    }

    @Test
    void ageIsUnsignedAndWithoutLeadingZeros() {
        assertEquals("1B5043085F174DA385521DD4740D17301",
                CodeViewDecoder.rsds(record(1, "a.pdb", 0)).orElseThrow().symbolServerId());
        PdbIdentity top = CodeViewDecoder.rsds(record(-1, "a.pdb", 0)).orElseThrow();
        assertEquals("1B5043085F174DA385521DD4740D1730FFFFFFFF", top.symbolServerId());
        assertEquals(0xFFFF_FFFFL, top.age(), "the report's age must not turn negative");
    }

    @Test
    void theNameEndsAtItsNulEvenWhenTheRecordIsPadded() {
        assertEquals("a.pdb", CodeViewDecoder.rsds(record(1, "a.pdb", 7)).orElseThrow().fileName());
    }

    @Test
    void otherFormatsAndShortRecordsGiveNoIdentity() {
        ByteBuffer nb10 = record(1, "a.pdb", 0);
        nb10.put(0, (byte) 'N').put(1, (byte) 'B').put(2, (byte) '1').put(3, (byte) '0');
        assertTrue(CodeViewDecoder.rsds(nb10).isEmpty());
        assertTrue(CodeViewDecoder.rsds(record(1, "", 0).limit(23)).isEmpty());
    }
}
