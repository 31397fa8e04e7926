package dev.wercli.platform;

import dev.wercli.snapshot.layout.ExceptionRecordDecoder;

import java.util.Optional;

/**
 * One DEBUG_EVENT, decoded. Only the fields wercli uses are kept; handles that the system hands to the
 * debugger (hFile of CREATE_PROCESS / LOAD_DLL) are closed by the session, never exposed.
 *
 * @param kind         dwDebugEventCode
 * @param processId    dwProcessId
 * @param threadId     dwThreadId
 * @param exception    for EXCEPTION events: the record
 * @param firstChance  for EXCEPTION events: dwFirstChance != 0
 * @param imageBase    for CREATE_PROCESS / LOAD_DLL / UNLOAD_DLL: the module base
 * @param debugString  for OUTPUT_DEBUG_STRING events: the text, when it could be read
 * @param exitCode     for EXIT_PROCESS / EXIT_THREAD
 */
public record DebugEvent(Kind kind, int processId, int threadId,
                         Optional<ExceptionRecordDecoder.Record> exception, boolean firstChance,
                         long imageBase, Optional<String> debugString, int exitCode) {

    /** dwDebugEventCode values (minwinbase.h). */
    public enum Kind {
        EXCEPTION(1), CREATE_THREAD(2), CREATE_PROCESS(3), EXIT_THREAD(4), EXIT_PROCESS(5),
        LOAD_DLL(6), UNLOAD_DLL(7), OUTPUT_DEBUG_STRING(8), RIP(9), UNKNOWN(-1);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return UNKNOWN;
        }
    }

    public static DebugEvent simple(Kind kind, int pid, int tid) {
        return new DebugEvent(kind, pid, tid, Optional.empty(), false, 0, Optional.empty(), 0);
    }

    public static DebugEvent exception(int pid, int tid, ExceptionRecordDecoder.Record record, boolean firstChance) {
        return new DebugEvent(Kind.EXCEPTION, pid, tid, Optional.of(record), firstChance, 0, Optional.empty(), 0);
    }
}
