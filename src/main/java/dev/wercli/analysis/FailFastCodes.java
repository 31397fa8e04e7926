package dev.wercli.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The sub-codes of a fail-fast crash ({@code __fastfail(code)}: STATUS_STACK_BUFFER_OVERRUN 0xC0000409 with
 * the code in ExceptionInformation[0]), named as the Windows SDK's winnt.h FAST_FAIL_* constants (the same
 * values Breakpad lists in minidump_exception_win32.h). 15 to 17 are not assigned; any code past the table is
 * reported by number.
 */
final class FailFastCodes {
    static final int STACK_BUFFER_OVERRUN = 0xC0000409;

    /** Indexed by sub-code, without the FAST_FAIL_ prefix; null where no constant exists. */
    private static final String[] NAMES = {
            "LEGACY_GS_VIOLATION", "VTGUARD_CHECK_FAILURE", "STACK_COOKIE_CHECK_FAILURE",
            "CORRUPT_LIST_ENTRY", "INCORRECT_STACK", "INVALID_ARG",
            "GS_COOKIE_INIT", "FATAL_APP_EXIT", "RANGE_CHECK_FAILURE",
            "UNSAFE_REGISTRY_ACCESS", "GUARD_ICALL_CHECK_FAILURE", "GUARD_WRITE_CHECK_FAILURE",
            "INVALID_FIBER_SWITCH", "INVALID_SET_OF_CONTEXT", "INVALID_REFERENCE_COUNT",
            null, null, null,
            "INVALID_JUMP_BUFFER", "MRDATA_MODIFIED", "CERTIFICATION_FAILURE",
            "INVALID_EXCEPTION_CHAIN", "CRYPTO_LIBRARY", "INVALID_CALL_IN_DLL_CALLOUT",
            "INVALID_IMAGE_BASE", "DLOAD_PROTECTION_FAILURE", "UNSAFE_EXTENSION_CALL",
            "DEPRECATED_SERVICE_INVOKED", "INVALID_BUFFER_ACCESS", "INVALID_BALANCED_TREE",
            "INVALID_NEXT_THREAD", "GUARD_ICALL_CHECK_SUPPRESSED", "APCS_DISABLED",
            "INVALID_IDLE_STATE", "MRDATA_PROTECTION_FAILURE", "UNEXPECTED_HEAP_EXCEPTION",
            "INVALID_LOCK_STATE", "GUARD_JUMPTABLE", "INVALID_LONGJUMP_TARGET",
            "INVALID_DISPATCH_CONTEXT", "INVALID_THREAD", "INVALID_SYSCALL_NUMBER",
            "INVALID_FILE_OPERATION", "LPAC_ACCESS_DENIED", "GUARD_SS_FAILURE",
            "LOADER_CONTINUITY_FAILURE", "GUARD_EXPORT_SUPPRESSION_FAILURE", "INVALID_CONTROL_STACK",
            "SET_CONTEXT_DENIED", "INVALID_IAT", "HEAP_METADATA_CORRUPTION",
            "PAYLOAD_RESTRICTION_VIOLATION", "LOW_LABEL_ACCESS_DENIED", "ENCLAVE_CALL_FAILURE",
            "UNHANDLED_LSS_EXCEPTON", "ADMINLESS_ACCESS_DENIED", "UNEXPECTED_CALL",
            "CONTROL_INVALID_RETURN_ADDRESS", "UNEXPECTED_HOST_BEHAVIOR", "FLAGS_CORRUPTION",
            "VEH_CORRUPTION", "ETW_CORRUPTION", "RIO_ABORT",
            "INVALID_PFN", "GUARD_ICALL_CHECK_FAILURE_XFG", "CAST_GUARD",
            "HOST_VISIBILITY_CHANGE", "KERNEL_CET_SHADOW_STACK_ASSIST", "PATCH_CALLBACK_FAILED",
            "NTDLL_PATCH_FAILED", "INVALID_FLS_DATA"};

    private FailFastCodes() {
    }

    /** "fail-fast FAST_FAIL_STACK_COOKIE_CHECK_FAILURE (sub-code 2)"; empty unless a fail-fast with a sub-code. */
    static Optional<String> describe(int code, List<Long> parameters) {
        if (code != STACK_BUFFER_OVERRUN || parameters.isEmpty()) {
            return Optional.empty();
        }
        long sub = parameters.get(0);
        String name = sub >= 0 && sub < NAMES.length ? NAMES[(int) sub] : null;
        return Optional.of("fail-fast " + (name != null ? "FAST_FAIL_" + name + " (sub-code " + sub + ")"
                : "with sub-code " + sub));
    }
}
