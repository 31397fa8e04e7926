package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.ThreadInfo;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random damage to valid dumps (seeded, so a failure reproduces): the reader and the snapshot built on it
 * may only ever throw {@link MinidumpFormatException}. Bounded by count and by time.
 */
class MinidumpRobustnessTest {
    private static final int ITERATIONS = 4000;
    private static final long MAX_MILLIS = 20_000;
    /** Values that break size arithmetic: zero, sign bits, all ones, just past common sizes. */
    private static final long[] NASTY = {0, 1, 0x7F, 0x80, 0xFF, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL,
        0xFFFF_FFF0L, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, 0x4D0, 0x2CC, 24, 232, 1364};

    @Test
    void randomDamageNeverEscapesAsAnythingButTheTypedError() {
        byte[][] seeds = {SampleDumps.x64().build(), SampleDumps.x86().build(), new DumpBuilder().build()};
        Random random = new Random(0x5EED_0001L);
        long deadline = System.currentTimeMillis() + MAX_MILLIS;
        int typedErrors = 0;
        int partial = 0;
        int i = 0;
        for (; i < ITERATIONS && System.currentTimeMillis() < deadline; i++) {
            byte[] b = mutate(seeds[i % seeds.length], random);
            long seedForReport = i;
            try {
                Minidump d = MinidumpReader.read(DumpBytes.of(b));
                partial += d.partial() ? 1 : 0;
                exercise(d);
            } catch (MinidumpFormatException e) {
                typedErrors++;
                assertNotNull(e.problem());
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                fail("iteration " + seedForReport + " escaped with " + e, e);
            }
        }
        assertTrue(i >= 500, "too few iterations in time: " + i);
        assertTrue(partial > 0 && typedErrors > 0, "mutations should exercise both paths: partial="
                + partial + " typed=" + typedErrors);
    }

    /** Uses everything a report would: the snapshot, contexts, and memory reads around every register. */
    private static void exercise(Minidump d) {
        MinidumpSnapshot s = new MinidumpSnapshot(d);
        s.process();
        s.exception();
        for (ThreadInfo t : s.threads()) {
            t.context().ifPresent(c -> {
                d.memory().read(c.stackPointer(), 64);
                d.memory().read(c.instructionPointer(), 16);
            });
        }
        d.memory().ranges().forEach(r -> d.memory().read(r.start(), (int) Math.min(r.size(), 4096)));
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits; e++) {
            int kind = random.nextInt(10);
            if (kind == 0 && b.length > 8) {
                b = Arrays.copyOf(b, random.nextInt(b.length));
                buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            } else if (b.length >= 8) {
                // Favour the header and directory: that is where sizes, counts and RVAs live.
                int at = kind < 5 ? random.nextInt(Math.min(b.length - 8, 32 + 12 * 16) + 1)
                        : random.nextInt(b.length - 7);
                if (kind < 3) {
                    b[at] = (byte) random.nextInt(256);
                } else if (kind < 7) {
                    buf.putInt(at, (int) NASTY[random.nextInt(NASTY.length)]);
                } else {
                    buf.putLong(at, NASTY[random.nextInt(NASTY.length)]);
                }
            }
        }
        return b;
    }
}
