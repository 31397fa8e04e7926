package dev.wercli.analysis.signature;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.analysis.stack.FrameTrust;
import dev.wercli.analysis.stack.StackFrame;
import dev.wercli.analysis.stack.StackTrace;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.ModuleIdentity;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessSnapshot;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the {@link CrashSignature} of a snapshot. Missing values get WER's placeholders: version
 * "0.0.0.0", timestamp "00000000", module "unknown", so a signature always exists and stays comparable.
 */
public final class CrashSignatures {
    static final String NO_VERSION = "0.0.0.0";
    static final String NO_TIMESTAMP = "00000000";
    static final String UNKNOWN = "unknown";
    /** Set in codes defined by applications (0xE0434352 .NET, 0xE06D7363 C++ throw, ...), never by the CPU. */
    static final int CUSTOMER_BIT = 0x20000000;
    /** Where RaiseException and its plumbing live: a software exception is "at" its caller, not here. */
    static final Set<String> RAISING_MODULES = Set.of("kernelbase.dll", "kernel32.dll", "ntdll.dll",
            "vcruntime140.dll", "vcruntime140_1.dll", "ucrtbase.dll", "msvcrt.dll", "libstdc++-6.dll",
            "libgcc_s_seh-1.dll", "coreclr.dll", "clr.dll", "mscorwks.dll");

    private CrashSignatures() {
    }

    public static Optional<CrashSignature> of(ProcessSnapshot snapshot, ModuleImages images,
                                              Optional<StackTrace> faultingStack) {
        Optional<ExceptionInfo> exception = snapshot.exception();
        if (exception.isEmpty()) {
            return Optional.empty();
        }
        ExceptionInfo e = exception.get();
        Optional<ModuleInfo> app = appModule(snapshot);
        String appName = snapshot.process().imageName().or(() -> app.map(ModuleInfo::name)).orElse(UNKNOWN);
        Optional<ModuleIdentity> appId = app.map(images::identity);

        String source;
        Optional<ModuleInfo> module = images.moduleAt(e.address());
        long offset;
        Optional<StackFrame> raiser = module.isPresent() && isRaised(e, module.get())
                ? firstFrameOutside(faultingStack) : Optional.empty();
        if (raiser.isPresent()) {
            // Every C++ throw or .NET exception is "at" RaiseException: bucketing there would put all of an
            // application's software exceptions with the same code into one bucket.
            source = "raiser_frame";
            module = images.moduleAt(raiser.get().instructionPointer());
            offset = raiser.get().instructionPointer() - module.get().base();
        } else if (module.isPresent()) {
            source = "exception_address";
            offset = e.address() - module.get().base();
        } else {
            Optional<StackFrame> caller = faultingStack.flatMap(t -> t.frames().stream()
                    .filter(f -> f.index() > 0 && f.module().isPresent()).findFirst())
                    .filter(CrashSignatures::trusted);
            module = caller.flatMap(f -> images.moduleAt(f.instructionPointer()));
            if (module.isPresent()) {
                source = "caller_frame";
                offset = caller.get().instructionPointer() - module.get().base();
            } else {
                source = "none";
                offset = e.address();
            }
        }
        Optional<ModuleIdentity> moduleId = module.map(images::identity);
        return Optional.of(new CrashSignature(appName, version(appId), timestamp(appId),
                module.map(ModuleInfo::name).orElse(UNKNOWN), version(moduleId), timestamp(moduleId),
                "0x" + Long.toHexString(offset), String.format(Locale.ROOT, "0x%08X", e.code()), source));
    }

    private static boolean isRaised(ExceptionInfo e, ModuleInfo module) {
        return (e.code() & CUSTOMER_BIT) != 0 && RAISING_MODULES.contains(module.name().toLowerCase(Locale.ROOT));
    }

    /** The innermost caller frame in a module that is not part of the exception-raising plumbing. */
    private static Optional<StackFrame> firstFrameOutside(Optional<StackTrace> stack) {
        return stack.flatMap(t -> t.frames().stream()
                .filter(f -> f.index() > 0 && f.module().isPresent())
                .takeWhile(CrashSignatures::trusted)
                .filter(f -> !RAISING_MODULES.contains(f.module().get().toLowerCase(Locale.ROOT)))
                .findFirst());
    }

    /**
     * Only frames found from the context, unwind data or the x86 EBP chain go into a bucket: a scanned frame may be a stale
     * value on the stack, and a bucket built on it would change from run to run (or between a live capture
     * and a small dump, where code bytes cannot confirm a CALL).
     */
    private static boolean trusted(StackFrame f) {
        return f.trust() != FrameTrust.SCAN;
    }

    /** The main executable: the module whose path is the process image, else the first module listed. */
    static Optional<ModuleInfo> appModule(ProcessSnapshot snapshot) {
        Optional<String> path = snapshot.process().imagePath();
        Optional<String> name = snapshot.process().imageName();
        return snapshot.modules().stream()
                .filter(m -> path.map(p -> p.equalsIgnoreCase(m.path())).orElse(false)
                        || name.map(n -> n.equalsIgnoreCase(m.name())).orElse(false))
                .findFirst()
                .or(() -> snapshot.modules().stream().findFirst());
    }

    private static String version(Optional<ModuleIdentity> id) {
        return id.flatMap(ModuleIdentity::fileVersion).map(FileVersion::toString).orElse(NO_VERSION);
    }

    private static String timestamp(Optional<ModuleIdentity> id) {
        return id.flatMap(ModuleIdentity::timeDateStamp).map(t -> String.format(Locale.ROOT, "%08x", t))
                .orElse(NO_TIMESTAMP);
    }
}
