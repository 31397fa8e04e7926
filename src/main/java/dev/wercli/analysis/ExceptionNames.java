package dev.wercli.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;

/**
 * Names and one-line descriptions of exception codes, as a user reads them in a report. The codes are the
 * NTSTATUS values of ntstatus.h / winnt.h and the well-known software exception codes.
 */
public final class ExceptionNames {
    public static final int ACCESS_VIOLATION = 0xC0000005;
    public static final int IN_PAGE_ERROR = 0xC0000006;
    public static final int BREAKPOINT = 0x80000003;
    /** 0xE0434352, "CCR": a managed exception leaving the CLR; RuntimeDetector reads its HRESULT. */
    public static final int CLR_EXCEPTION = 0xE0434352;
    /**
     * 0x04242420, CLRDBG_NOTIFICATION_EXCEPTION_CODE (dotnet/runtime src/coreclr/debug/inc/dbgipcevents.h): a
     * first-chance exception the CLR raises to hand a managed debug event to an attached debugger; not a crash.
     * Its parameters (Debugger::SendRawEvent): [0] the checksum {@link #CLR_NOTIFICATION_CHECKSUM}, [1] the
     * base of the runtime module (clr.dll / coreclr.dll), [2] the address of the event in the process.
     */
    public static final int CLR_NOTIFICATION = 0x04242420;
    public static final long CLR_NOTIFICATION_CHECKSUM = 0x31415927L;
    /**
     * 0x04040400: the same notification from the NativeAOT (formerly Redhawk) runtime (its debugevents.h, where it
     * is also named CLRDBG_NOTIFICATION_EXCEPTION_CODE), with its own checksum {@link #NATIVEAOT_NOTIFICATION_CHECKSUM};
     * parameters (DebugEventSource::SendRawEvent): [0] checksum, [1] the runtime's PAL instance, [2] the payload.
     */
    public static final int NATIVEAOT_NOTIFICATION = 0x04040400;
    public static final long NATIVEAOT_NOTIFICATION_CHECKSUM = 0x27182818L;

    private record Name(String symbol, String description) {
    }

    private static final Map<Integer, Name> NAMES = Map.ofEntries(
            entry(ACCESS_VIOLATION, new Name("EXCEPTION_ACCESS_VIOLATION", "access violation")),
            entry(IN_PAGE_ERROR, new Name("EXCEPTION_IN_PAGE_ERROR", "in-page I/O error")),
            entry(0x80000001, new Name("STATUS_GUARD_PAGE_VIOLATION", "guard page violation")),
            entry(0x80000002, new Name("EXCEPTION_DATATYPE_MISALIGNMENT", "misaligned data access")),
            entry(BREAKPOINT, new Name("EXCEPTION_BREAKPOINT", "breakpoint hit")),
            entry(0x80000004, new Name("EXCEPTION_SINGLE_STEP", "single step (trace trap)")),
            entry(0xC000008C, new Name("EXCEPTION_ARRAY_BOUNDS_EXCEEDED", "array bounds exceeded")),
            entry(0xC000008D, new Name("EXCEPTION_FLT_DENORMAL_OPERAND", "floating-point denormal operand")),
            entry(0xC000008E, new Name("EXCEPTION_FLT_DIVIDE_BY_ZERO", "floating-point divide by zero")),
            entry(0xC000008F, new Name("EXCEPTION_FLT_INEXACT_RESULT", "floating-point inexact result")),
            entry(0xC0000090, new Name("EXCEPTION_FLT_INVALID_OPERATION", "floating-point invalid operation")),
            entry(0xC0000091, new Name("EXCEPTION_FLT_OVERFLOW", "floating-point overflow")),
            entry(0xC0000092, new Name("EXCEPTION_FLT_STACK_CHECK", "floating-point stack check")),
            entry(0xC0000093, new Name("EXCEPTION_FLT_UNDERFLOW", "floating-point underflow")),
            entry(0xC0000094, new Name("EXCEPTION_INT_DIVIDE_BY_ZERO", "integer divide by zero")),
            entry(0xC0000095, new Name("EXCEPTION_INT_OVERFLOW", "integer overflow")),
            entry(0xC0000096, new Name("EXCEPTION_PRIV_INSTRUCTION", "privileged instruction")),
            entry(0xC000001D, new Name("EXCEPTION_ILLEGAL_INSTRUCTION", "illegal instruction")),
            entry(0xC0000025, new Name("EXCEPTION_NONCONTINUABLE_EXCEPTION", "continued a non-continuable exception")),
            entry(0xC00000FD, new Name("EXCEPTION_STACK_OVERFLOW", "stack overflow")),
            entry(0xC0000026, new Name("EXCEPTION_INVALID_DISPOSITION", "invalid exception disposition")),
            entry(0xC0000008, new Name("EXCEPTION_INVALID_HANDLE", "invalid handle")),
            entry(0xC0000374, new Name("STATUS_HEAP_CORRUPTION", "heap corruption")),
            entry(0xC0000409, new Name("STATUS_STACK_BUFFER_OVERRUN", "stack buffer overrun (/GS check or fail-fast)")),
            entry(0xC0000417, new Name("STATUS_INVALID_CRUNTIME_PARAMETER", "invalid C runtime parameter")),
            entry(0xC0000602, new Name("STATUS_FAIL_FAST_EXCEPTION", "fail-fast exception")),
            entry(0xC000041D, new Name("STATUS_FATAL_USER_CALLBACK_EXCEPTION", "exception in a user callback")),
            entry(0xC06D007E, new Name("VCPP_EXCEPTION_MODULE_NOT_FOUND", "delay-load: module not found")),
            entry(0xC06D007F, new Name("VCPP_EXCEPTION_PROC_NOT_FOUND", "delay-load: procedure not found")),
            entry(0xE06D7363, new Name("CPP_EH_EXCEPTION", "unhandled C++ exception (MSVC)")),
            entry(CLR_EXCEPTION, new Name("CLR_EXCEPTION", "unhandled .NET exception")),
            entry(CLR_NOTIFICATION, new Name("CLRDBG_NOTIFICATION_EXCEPTION_CODE",
                    "CLR debugger notification (a managed debug event, not a crash)")),
            entry(NATIVEAOT_NOTIFICATION, new Name("CLRDBG_NOTIFICATION_EXCEPTION_CODE",
                    "NativeAOT runtime debugger notification (a managed debug event, not a crash)")),
            entry(0x40010005, new Name("DBG_CONTROL_C", "Ctrl+C")),
            entry(0x40010006, new Name("DBG_PRINTEXCEPTION_C", "OutputDebugString")),
            entry(0x4001000A, new Name("DBG_PRINTEXCEPTION_WIDE_C", "OutputDebugString (wide)")),
            entry(0x406D1388, new Name("MS_VC_EXCEPTION_SET_THREAD_NAME", "thread naming")));

    private ExceptionNames() {
    }

    /** The symbolic name, e.g. "EXCEPTION_ACCESS_VIOLATION"; empty for a code we do not know. */
    public static Optional<String> symbol(int code) {
        return Optional.ofNullable(NAMES.get(code)).map(Name::symbol);
    }

    /**
     * A one-line description a user can read, e.g. "write access violation at 0x0000000000000010".
     * Access violations and in-page errors are explained from their parameters (operation and address), a
     * fail-fast (0xC0000409 with a parameter) by its FAST_FAIL_* sub-code.
     */
    public static String describe(int code, List<Long> parameters) {
        if ((code == ACCESS_VIOLATION || code == IN_PAGE_ERROR) && parameters.size() >= 2) {
            String what = code == ACCESS_VIOLATION ? "access violation" : "in-page error";
            return accessKind(parameters.get(0)) + " " + what + " at " + Hex.address(parameters.get(1));
        }
        if ((code == CLR_NOTIFICATION || code == NATIVEAOT_NOTIFICATION) && !parameters.isEmpty()) {
            return describeNotification(code, parameters);
        }
        Optional<String> failFast = FailFastCodes.describe(code, parameters);
        if (failFast.isPresent()) {
            return failFast.get();
        }
        Name n = NAMES.get(code);
        if (n != null) {
            return n.description();
        }
        boolean customerBit = (code & 0x20000000) != 0;
        return customerBit ? "application-defined exception " + Hex.code(code) : "exception " + Hex.code(code);
    }

    /** A CLR or NativeAOT debugger notification, from its three parameters when the checksum says they are its. */
    static String describeNotification(int code, List<Long> parameters) {
        String what = NAMES.get(code).description();
        long checksum = code == CLR_NOTIFICATION ? CLR_NOTIFICATION_CHECKSUM : NATIVEAOT_NOTIFICATION_CHECKSUM;
        long first = parameters.get(0) & 0xFFFFFFFFL;
        if (first != checksum) {
            return what + "; parameter 0 is " + Hex.value(parameters.get(0)) + ", not the checksum "
                    + Hex.value(checksum) + ": the other parameters are not decoded";
        }
        if (parameters.size() < 3) {
            return what + "; checksum " + Hex.value(checksum);
        }
        String runtime = code == CLR_NOTIFICATION ? "runtime module at " : "runtime PAL instance ";
        return what + "; " + runtime + Hex.address(parameters.get(1)) + ", event at " + Hex.address(parameters.get(2));
    }

    /**
     * The operation of an access violation from ExceptionInformation[0]: 0 read, 1 write, 8 execute
     * (a DEP / no-execute fault). Other values are reported as "unknown".
     */
    public static String accessKind(long operation) {
        if (operation == 0) {
            return "read";
        }
        if (operation == 1) {
            return "write";
        }
        if (operation == 8) {
            return "execute";
        }
        return "unknown";
    }
}
