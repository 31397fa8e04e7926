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
        List<Error> errors,
        Stack crashStack,
        List<Stack> threadStacks,
        Signature signature,
        Runtime runtime,
        Auxiliary auxiliaryProviders) {

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

    /**
     * The module holding the exception address; name "unknown" (base and offset null) when in no module.
     *
     * @param symbol    the nearest export in the same function, "name+0xoff", or null
     * @param version   the file version from the module's version resource, or null
     * @param timestamp the link TimeDateStamp, "0x" + 8 hex digits, or null
     */
    public record FaultingModule(String name, String base, String offset, String path, String symbol,
                                 String version, String timestamp) {
        public FaultingModule(String name, String base, String offset, String path) {
            this(name, base, offset, path, null, null, null);
        }
    }

    /**
     * A loaded module and its build identity (null where the headers in memory could not be read).
     *
     * @param timestamp the link TimeDateStamp as "0x" + 8 hex digits (with SizeOfImage, the key of a binary on
     *                  a symbol server)
     * @param checksum  the PE CheckSum, "0x" + 8 hex digits
     */
    public record Module(String name, String base, String size, String path, String version, String timestamp,
                         String checksum, Pdb pdb) {
        public Module(String name, String base, String size, String path) {
            this(name, base, size, path, null, null, null, null);
        }
    }

    /**
     * The CodeView RSDS record: what a symbol server needs to find the PDB.
     *
     * @param age            unsigned 32-bit, so a long
     * @param symbolServerId GUID (32 hex digits) followed by the age in hex: the folder name on a symbol server
     */
    public record Pdb(String file, String guid, long age, String symbolServerId) {
    }

    /**
     * The stack of one thread, innermost frame first.
     *
     * @param stopReason "end_of_stack", "depth_limit", "time_limit", "no_context", "lost" or
     *                   "unsupported_architecture"
     */
    public record Stack(int threadId, String stopReason, List<Frame> frames) {
    }

    /**
     * @param location "module!symbol+0xoff", "module+0xoff", or the bare address when no module holds it
     * @param trust    how the frame was found: "context", "unwind" (x64 unwind data, or a rule read from the top
     *                 frame's instructions), "frame_pointer" (the x86 EBP chain) or "scan"
     */
    public record Frame(int index, String instructionPointer, String stackPointer, String module, String moduleOffset,
                        String symbol, String symbolOffset, String location, String trust) {
    }

    /**
     * The WER-style bucket of the crash and a stable id for it: same build + same place + same code gives
     * the same id on every machine and run (no absolute addresses go into it).
     *
     * @param moduleSource "exception_address", "caller_frame" (the fault address was in no module),
     *                     "raiser_frame" (an application-defined code raised via RaiseException: bucketed at the
     *                     first frame outside the system/runtime modules that raise it) or "none"
     * @param bucketId     16 hex digits: the first 8 bytes of SHA-256 over the canonical bucket text
     */
    public record Signature(String appName, String appVersion, String appTimestamp, String moduleName,
                            String moduleVersion, String moduleTimestamp, String offset, String exceptionCode,
                            String moduleSource, String bucketId) {
    }

    /** What the process ran on; each part is null when not detected. */
    public record Runtime(DotNet dotnet, ManagedException managedException, Jvm jvm, Wine wine) {
    }

    /** @param flavor "coreclr", "clr", "mscorwks" or "nativeaot" */
    public record DotNet(String flavor, String module, String version) {
    }

    /** @param typeName the .NET exception type for the HRESULT, null when not in wercli's table */
    public record ManagedException(String hresult, String typeName) {
    }

    /** @param hsErrFile where HotSpot writes its own crash log (relative: to the process's working directory) */
    public record Jvm(String module, String version, String hsErrFile) {
    }

    public record Wine(String version, String evidence) {
    }

    /**
     * Minidump auxiliary providers: what makes MiniDumpWriteDump add a runtime's own state to the dump.
     *
     * @param helperModules  loaded modules carrying an RT_RCDATA {@code DUMP_HELPER} or
     *                       {@code MINIDUMP_AUXILIARY_PROVIDER} resource (read from the image in the dump, or
     *                       the module file)
     * @param registeredDlls the {@code MiniDumpAuxiliaryDlls} registry entries whose runtime path is a loaded
     *                       module; null when the registry was not read (analyze of a dump): unknown, not none
     * @param managedState   why the dump lacks the .NET runtime's managed state; null when no .NET runtime is
     *                       loaded or the dump type asks for that state
     */
    public record Auxiliary(List<HelperModule> helperModules, List<RegisteredDll> registeredDlls, String managedState) {
        public static final Auxiliary NONE = new Auxiliary(List.of(), null, null);
    }

    /**
     * @param resource "DUMP_HELPER" or "MINIDUMP_AUXILIARY_PROVIDER"
     * @param provider the provider DLL named by the resource (UTF-8 text), null when it holds none
     */
    public record HelperModule(String name, String path, String resource, String provider) {
    }

    /** @param module the loaded module's path the entry's runtime path matched */
    public record RegisteredDll(String runtimePath, String providerPath, String module) {
    }

    public record Thread(int id, boolean faulting, String instructionPointer, String stackPointer) {
    }

    /** @param type "mini", "mini-plus", "full" (each possibly with "+aux") or "custom"; flags the MINIDUMP_TYPE actually used */
    public record Dump(String path, String type, String flags, Long sizeBytes, String sha256) {
    }

    public record Timings(Long attach, Long exception, Long dump, Long total) {
    }

    /** @param stage where it failed: "attach", "exception", "snapshot", "dump", "report", "release", "watchdog" */
    public record Error(String stage, String message) {
    }
}
