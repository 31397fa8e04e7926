package dev.wercli.report.signature;

import dev.wercli.report.pe.FileVersion;
import dev.wercli.report.pe.ModuleIdentity;
import dev.wercli.report.pe.ModuleImages;
import dev.wercli.report.stack.StackFrame;
import dev.wercli.report.stack.StackTrace;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessSnapshot;

import java.util.Locale;
import java.util.Optional;

/**
 * Computes the {@link CrashSignature} of a snapshot. Missing values get WER's placeholders: version
 * "0.0.0.0", timestamp "00000000", module "unknown", so a signature always exists and stays comparable.
 */
public final class CrashSignatures {
    static final String NO_VERSION = "0.0.0.0";
    static final String NO_TIMESTAMP = "00000000";
    static final String UNKNOWN = "unknown";

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
        Optional<ModuleIdentity> appId = app.map(m -> ModuleIdentity.of(m, images));

        String source;
        Optional<ModuleInfo> module = images.moduleAt(e.address());
        long offset;
        if (module.isPresent()) {
            source = "exception_address";
            offset = e.address() - module.get().base();
        } else {
            Optional<StackFrame> caller = faultingStack.flatMap(t -> t.frames().stream()
                    .filter(f -> f.index() > 0 && f.module().isPresent()).findFirst());
            module = caller.flatMap(f -> images.moduleAt(f.instructionPointer()));
            if (module.isPresent()) {
                source = "caller_frame";
                offset = caller.get().instructionPointer() - module.get().base();
            } else {
                source = "none";
                offset = e.address();
            }
        }
        Optional<ModuleIdentity> moduleId = module.map(m -> ModuleIdentity.of(m, images));
        return Optional.of(new CrashSignature(appName, version(appId), timestamp(appId),
                module.map(ModuleInfo::name).orElse(UNKNOWN), version(moduleId), timestamp(moduleId),
                "0x" + Long.toHexString(offset), String.format(Locale.ROOT, "0x%08X", e.code()), source));
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
