package dev.wercli.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LimitsTest {
    @Test
    void timeoutIsOneSecondToAnHour() {
        assertEquals(1, Limits.timeoutSeconds(1));
        assertEquals(3600, Limits.timeoutSeconds(3600));
        assertEquals("--timeout must be 1..3600 seconds, got 0",
                assertThrows(IllegalArgumentException.class, () -> Limits.timeoutSeconds(0)).getMessage());
        assertEquals("--timeout must be 1..3600 seconds, got 3601",
                assertThrows(IllegalArgumentException.class, () -> Limits.timeoutSeconds(3601)).getMessage());
    }

    @Test
    void keepIsZeroForNoLimitOrMore() {
        assertEquals(0, Limits.keep(0));
        assertEquals("--keep must be 0 (no limit) or more, got -1",
                assertThrows(IllegalArgumentException.class, () -> Limits.keep(-1)).getMessage());
    }

    @Test
    void maxSizeNamesTheOption() {
        assertEquals(2L << 30, Limits.maxSize("2GiB"));
        assertEquals("--max-size: not a size: 'lots' (use e.g. 500M, 2G or a number of bytes)",
                assertThrows(IllegalArgumentException.class, () -> Limits.maxSize("lots")).getMessage());
    }
}
