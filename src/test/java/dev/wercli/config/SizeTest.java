package dev.wercli.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one size grammar: what install and attach used to accept between them, and nothing looser. */
class SizeTest {
    @ParameterizedTest
    @CsvSource({
        "123456, 123456",
        "500B, 500",
        "10k, 10240",
        "750KiB, 768000",
        "3MB, 3145728",
        "500M, 524288000",
        "2G, 2147483648",
        "2gb, 2147483648",
        "2GiB, 2147483648",
        "'2 G', 2147483648",
        "' 1T ', 1099511627776",
        "0, 0",
    })
    void readsBinaryUnits(String text, long bytes) {
        assertEquals(bytes, Size.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "", "-5M", "+5", "2iB", "2X", "1.5G", "G"})
    void refusesWhatIsNotASize(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Size.parse(text));
        assertEquals("not a size: '" + text + "' (use e.g. 500M, 2G or a number of bytes)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999T", "9223372036854775808"})
    void refusesWhatDoesNotFitIn64Bits(String text) {
        assertThrows(IllegalArgumentException.class, () -> Size.parse(text));
    }
}
