package dev.wercli.report;

import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;

/**
 * The sub-codes of a fail-fast crash ({@code __fastfail(code)}: STATUS_STACK_BUFFER_OVERRUN 0xC0000409 with
 * the code in ExceptionInformation[0]), named as winnt.h's FAST_FAIL_* constants. Only codes whose values
 * we checked against winnt.h are listed; any other is reported by number.
 */
final class FailFastCodes {
    static final int STACK_BUFFER_OVERRUN = 0xC0000409;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            entry(0L, "FAST_FAIL_LEGACY_GS_VIOLATION"),
            entry(1L, "FAST_FAIL_VTGUARD_CHECK_FAILURE"),
            entry(2L, "FAST_FAIL_STACK_COOKIE_CHECK_FAILURE"),
            entry(3L, "FAST_FAIL_CORRUPT_LIST_ENTRY"),
            entry(4L, "FAST_FAIL_INCORRECT_STACK"),
            entry(5L, "FAST_FAIL_INVALID_ARG"),
            entry(6L, "FAST_FAIL_GS_COOKIE_INIT"),
            entry(7L, "FAST_FAIL_FATAL_APP_EXIT"),
            entry(8L, "FAST_FAIL_RANGE_CHECK_FAILURE"),
            entry(9L, "FAST_FAIL_UNSAFE_REGISTRY_ACCESS"),
            entry(10L, "FAST_FAIL_GUARD_ICALL_CHECK_FAILURE"),
            entry(11L, "FAST_FAIL_GUARD_WRITE_CHECK_FAILURE"),
            entry(12L, "FAST_FAIL_INVALID_FIBER_SWITCH"),
            entry(13L, "FAST_FAIL_INVALID_SET_OF_CONTEXT"),
            entry(14L, "FAST_FAIL_INVALID_REFERENCE_COUNT"));

    private FailFastCodes() {
    }

    /** "fail-fast FAST_FAIL_STACK_COOKIE_CHECK_FAILURE (sub-code 2)"; empty unless a fail-fast with a sub-code. */
    static Optional<String> describe(int code, java.util.List<Long> parameters) {
        if (code != STACK_BUFFER_OVERRUN || parameters.isEmpty()) {
            return Optional.empty();
        }
        long sub = parameters.get(0);
        String name = NAMES.get(sub);
        return Optional.of("fail-fast " + (name != null ? name + " (sub-code " + sub + ")" : "with sub-code " + sub));
    }
}
