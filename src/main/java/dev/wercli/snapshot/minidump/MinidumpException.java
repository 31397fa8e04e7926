package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;

import java.util.Optional;

/** MINIDUMP_EXCEPTION_STREAM: the faulting thread, its exception record and its context at the fault. */
public record MinidumpException(int threadId, ExceptionRecordDecoder.Record record, Optional<CpuContext> context) {
}
