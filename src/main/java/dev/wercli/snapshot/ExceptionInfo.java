package dev.wercli.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * The crash exception: an EXCEPTION_RECORD plus the faulting thread and, where known, its context at the fault.
 *
 * @param code        NTSTATUS exception code (e.g. 0xC0000005)
 * @param flags       ExceptionFlags (1 = non-continuable)
 * @param address     ExceptionAddress
 * @param parameters  ExceptionInformation[0..NumberParameters)
 * @param firstChance whether the debugger saw it before the process's own handlers
 * @param threadId    the faulting thread
 * @param context     register context at the fault, empty when it could not be read
 * @param source      where this record came from
 */
public record ExceptionInfo(int code, int flags, long address, List<Long> parameters, boolean firstChance,
                            int threadId, Optional<CpuContext> context, ExceptionSource source) {
    public ExceptionInfo {
        parameters = List.copyOf(parameters);
    }
}
