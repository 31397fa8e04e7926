package dev.wercli.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExceptionNamesTest {
    @Test
    void accessViolationsSayWhatAndWhere() {
        assertEquals("write access violation at 0x0000000000000010",
                ExceptionNames.describe(0xC0000005, List.of(1L, 0x10L)));
        assertEquals("read access violation at 0x0000000000000020",
                ExceptionNames.describe(0xC0000005, List.of(0L, 0x20L)));
        assertEquals("execute access violation at 0x00007ff0dead0000",
                ExceptionNames.describe(0xC0000005, List.of(8L, 0x7FF0DEAD0000L)));
        assertEquals("unknown access violation at 0x0000000000000001",
                ExceptionNames.describe(0xC0000005, List.of(5L, 1L)));
        assertEquals("read in-page error at 0x0000000000400000",
                ExceptionNames.describe(0xC0000006, List.of(0L, 0x400000L, 0xC000009CL)));
    }

    @Test
    void anAccessViolationWithoutParametersStillHasAName() {
        assertEquals("access violation", ExceptionNames.describe(0xC0000005, List.of()));
    }

    @Test
    void wellKnownCodesHaveSymbolsAndDescriptions() {
        assertEquals(Optional.of("EXCEPTION_INT_DIVIDE_BY_ZERO"), ExceptionNames.symbol(0xC0000094));
        assertEquals("integer divide by zero", ExceptionNames.describe(0xC0000094, List.of()));
        assertEquals(Optional.of("EXCEPTION_STACK_OVERFLOW"), ExceptionNames.symbol(0xC00000FD));
        assertEquals(Optional.of("EXCEPTION_BREAKPOINT"), ExceptionNames.symbol(0x80000003));
        assertEquals(Optional.of("CLR_EXCEPTION"), ExceptionNames.symbol(0xE0434352));
        assertEquals(Optional.of("STATUS_STACK_BUFFER_OVERRUN"), ExceptionNames.symbol(0xC0000409));
    }

    @Test
    void aFailFastNamesItsSubCode() {
        // __fastfail(2): a /GS stack cookie check; winnt.h: #define FAST_FAIL_STACK_COOKIE_CHECK_FAILURE 2
        assertEquals("fail-fast FAST_FAIL_STACK_COOKIE_CHECK_FAILURE (sub-code 2)",
                ExceptionNames.describe(0xC0000409, List.of(2L)));
        assertEquals("fail-fast FAST_FAIL_FATAL_APP_EXIT (sub-code 7)", ExceptionNames.describe(0xC0000409, List.of(7L)));
        assertEquals("fail-fast FAST_FAIL_INVALID_FLS_DATA (sub-code 70)", ExceptionNames.describe(0xC0000409, List.of(70L)));
        assertEquals("fail-fast with sub-code 16", ExceptionNames.describe(0xC0000409, List.of(16L)), "unassigned");
        assertEquals("fail-fast with sub-code 71", ExceptionNames.describe(0xC0000409, List.of(71L)));
        assertEquals("stack buffer overrun (/GS check or fail-fast)", ExceptionNames.describe(0xC0000409, List.of()),
                "the legacy /GS report has no parameters");
        assertEquals("fail-fast exception", ExceptionNames.describe(0xC0000602, List.of()));
    }

    @Test
    void unknownCodesAreNamedByTheirKind() {
        assertEquals(Optional.empty(), ExceptionNames.symbol(0xE0001234));
        assertEquals("application-defined exception 0xE0001234", ExceptionNames.describe(0xE0001234, List.of()));
        assertEquals("exception 0xC0001234", ExceptionNames.describe(0xC0001234, List.of()));
    }

    @Test
    void hexSpellings() {
        assertEquals("0xC0000005", Hex.code(0xC0000005));
        assertEquals("0x0000000000000010", Hex.address(0x10));
        assertEquals("0xffffffffffffffff", Hex.value(-1L));
        assertEquals(0x21ECA0L, Hex.parse("000000000021ECA0"));
        assertEquals(0x21ECA0L, Hex.parse("0x21eca0"));
        assertEquals(-1L, Hex.parse("FFFFFFFFFFFFFFFF"));
    }

    @Test
    void clrDebuggerNotificationsAreNamedAndTheirParametersDecoded() {
        assertEquals(Optional.of("CLRDBG_NOTIFICATION_EXCEPTION_CODE"), ExceptionNames.symbol(0x04242420));
        assertEquals(Optional.of("CLRDBG_NOTIFICATION_EXCEPTION_CODE"), ExceptionNames.symbol(0x04040400));
        assertEquals("CLR debugger notification (a managed debug event, not a crash)",
                ExceptionNames.describe(0x04242420, List.of()));
        assertEquals("CLR debugger notification (a managed debug event, not a crash); runtime module at"
                + " 0x00007ffa10000000, event at 0x00000000002a0000",
                ExceptionNames.describe(0x04242420, List.of(0x31415927L, 0x7FFA10000000L, 0x2A0000L)));
        assertEquals("NativeAOT runtime debugger notification (a managed debug event, not a crash); runtime PAL"
                + " instance 0x0000000000400000, event at 0x0000000000120000",
                ExceptionNames.describe(0x04040400, List.of(0x27182818L, 0x400000L, 0x120000L)));
        // The wrong checksum: the runtime's own sanity check fails, so the other parameters mean nothing known.
        assertEquals("CLR debugger notification (a managed debug event, not a crash); parameter 0 is 0x27182818, not"
                + " the checksum 0x31415927: the other parameters are not decoded",
                ExceptionNames.describe(0x04242420, List.of(0x27182818L, 1L, 2L)));
        assertEquals("CLR debugger notification (a managed debug event, not a crash); checksum 0x31415927",
                ExceptionNames.describe(0x04242420, List.of(0x31415927L)));
    }
}
