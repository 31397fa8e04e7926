package dev.wercli.capture;

import dev.wercli.fixtures.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpFileCheckTest {
    @TempDir
    Path dir;

    /** MINIDUMP_HEADER (32 bytes) + a directory of 2 entries at 32 + SystemInfo (7) and Exception (6) streams. */
    static byte[] dump() {
        ByteBuffer b = Bytes.le(56 + 56 + 168);
        b.putInt(0, 0x504D444D).putInt(4, 0xA793).putInt(8, 2).putInt(12, 32);
        b.putInt(32, 7).putInt(36, 56).putInt(40, 56);
        b.putInt(44, 6).putInt(48, 168).putInt(52, 112);
        return b.array();
    }

    Optional<String> check(byte[] bytes) throws Exception {
        Path f = dir.resolve("d.dmp.partial");
        Files.write(f, bytes);
        return DumpFileCheck.problem(f);
    }

    @Test
    void aWholeDumpPasses() throws Exception {
        assertEquals(Optional.empty(), check(dump()));
    }

    @Test
    void aTruncatedDumpIsCaughtWhereverItIsCut() throws Exception {
        byte[] whole = dump();
        for (int n = 0; n < whole.length; n++) {
            assertTrue(check(Arrays.copyOf(whole, n)).isPresent(), "cut at " + n);
        }
    }

    @Test
    void aDumpWithoutItsExceptionStreamIsNotWhole() throws Exception {
        byte[] d = dump();
        ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(44, 4); // Exception -> ModuleList
        assertEquals(Optional.of("the dump has no exception stream"), check(d));
    }

    @Test
    void zerosAreNotADump() throws Exception {
        assertTrue(check(new byte[8192]).orElseThrow().startsWith("no minidump header"));
    }
}
