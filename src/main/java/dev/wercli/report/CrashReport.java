package dev.wercli.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * The JSON crash report, field for field. Property names are written in snake_case by {@link ReportJson}.
 * Addresses and codes are hex strings (see {@link Hex}). A field the source cannot supply is null, never
 * invented; lists are empty rather than null.
 *
 * <p>Stability: {@link #SCHEMA_VERSION} is raised when a field is removed, renamed or changes meaning;
 * adding a field does not raise it. Consumers must ignore fields they do not know.
 */
@JsonPropertyOrder(alphabetic = false)
public record CrashReport(
        int schemaVersion,
        Tool tool,
        String reportId,
        String capturedAt,
        String source,
        String outcome,
        Process process,
        Exception exception,
        Integer threadId,
        FaultingModule faultingModule,
        Map<String, String> registers,
        List<Module> modules,
        List<Thread> threads,
        Dump dump,
        Timings timingsMs,
        List<String> breadcrumbs,
        List<Error> errors) {

    public static final int SCHEMA_VERSION = 1;

    public record Tool(String name, String version) {
    }

    public record Process(int pid, String imageName, String imagePath, String commandLine, String architecture) {
    }

    /**
     * @param access        for access violations / in-page errors: "read", "write", "execute" or "unknown"
     * @param targetAddress for access violations / in-page errors: the address that could not be accessed
     */
    public record Exception(String code, String name, String description, String address, List<String> parameters,
                            boolean firstChance, String access, String targetAddress) {
    }

    /** The module holding the exception address; name "unknown" (base and offset null) when in no module. */
    public record FaultingModule(String name, String base, String offset, String path) {
    }

    public record Module(String name, String base, String size, String path) {
    }

    public record Thread(int id, boolean faulting, String instructionPointer, String stackPointer) {
    }

    /** @param type "mini", "mini-plus", "full" or "custom"; flags the MINIDUMP_TYPE actually used */
    public record Dump(String path, String type, String flags, Long sizeBytes, String sha256) {
    }

    public record Timings(Long attach, Long exception, Long dump, Long total) {
    }

    /** @param stage where it failed: "attach", "exception", "snapshot", "dump", "report", "release", "watchdog" */
    public record Error(String stage, String message) {
    }
}
