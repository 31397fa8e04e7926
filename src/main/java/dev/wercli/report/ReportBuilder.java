package dev.wercli.report;

import dev.wercli.analysis.ExceptionNames;
import dev.wercli.analysis.Hex;
import dev.wercli.analysis.pe.LayeredMemory;
import dev.wercli.analysis.pe.ModuleFileLayer;
import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.analysis.pe.DumpHelper;
import dev.wercli.analysis.pe.FileImage;
import dev.wercli.analysis.pe.PeImage;
import dev.wercli.analysis.runtime.AuxiliaryProviders;
import dev.wercli.analysis.runtime.RuntimeFacts;
import dev.wercli.analysis.runtime.RuntimeDetector;
import dev.wercli.analysis.signature.CrashSignatures;
import dev.wercli.analysis.stack.StackTrace;
import dev.wercli.analysis.stack.StackWalkers;
import dev.wercli.analysis.stack.WalkLimits;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.ModuleIdentity;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.ProcessSnapshot;
import dev.wercli.snapshot.SimpleSnapshot;
import dev.wercli.snapshot.ThreadInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds a {@link CrashReport} from a snapshot. The live capture and {@code analyze} both come here, so the
 * same crash gives the same report whichever source it was read from.
 */
public final class ReportBuilder {
    private final String toolVersion;
    private final ReportOptions options;

    public ReportBuilder(String toolVersion) {
        this(toolVersion, ReportOptions.DEFAULT);
    }

    public ReportBuilder(String toolVersion, ReportOptions options) {
        this.toolVersion = toolVersion;
        this.options = options;
    }

    /**
     * Everything the report says about the crash itself, taken from the snapshot. A live capture computes
     * this while the process is still stopped (the analysis may read its memory), then releases it and
     * assembles the report with the capture facts.
     */
    public record Analysis(String source, CrashReport.Process process, CrashReport.Exception exception,
                           Integer threadId, CrashReport.FaultingModule faultingModule, Map<String, String> registers,
                           List<CrashReport.Module> modules, List<CrashReport.Thread> threads,
                           CrashReport.Stack crashStack, List<CrashReport.Stack> threadStacks,
                           CrashReport.Signature signature, CrashReport.Runtime runtime,
                           List<CrashReport.Error> errors, List<CrashReport.HelperModule> helperModules) {
        public Analysis {
            helperModules = helperModules == null ? List.of() : List.copyOf(helperModules);
        }
    }

    /**
     * Runs the analysis once on a made-up process with no readable memory, so that its classes are loaded
     * and linked before a real crash is analysed: the crashed process stays stopped while that happens, and
     * a cold JVM under Wine needs a second or more for it. Never fails.
     */
    public static void warmUp() {
        try {
            Map<String, Long> regs = new LinkedHashMap<>();
            regs.put("rip", 0x1000L);
            regs.put("rsp", 0x2000L);
            CpuContext ctx = new CpuContext(Architecture.X64, regs);
            // a second, 32-bit thread, so that the x86 walker is loaded too (a WOW64 capture uses it)
            CpuContext ctx32 = new CpuContext(Architecture.X86, Map.of("eip", 0x1000L, "esp", 0x2000L, "ebp", 0x2000L));
            ExceptionInfo e = new ExceptionInfo(0xC0000005, 0, 0x1000L, List.of(0L, 0L), false, 1, Optional.of(ctx),
                    ExceptionSource.SECOND_CHANCE_EVENT);
            ProcessSnapshot s = new SimpleSnapshot(new ProcessInfo(1,
                    Optional.of("C:\\warm-up.exe"), Optional.empty(), Architecture.X64,
                    Optional.empty()), Optional.of(e),
                    List.of(ThreadInfo.of(1, Optional.of(ctx)), ThreadInfo.of(2, Optional.of(ctx32))),
                    List.of(ModuleInfo.of("C:\\warm-up.exe", 0x1000L, 0x1000L)), (address, length) -> Optional.empty());
            new ReportBuilder("warm-up", ReportOptions.DEFAULT.withAllThreadStacks(true)).analyze(s);
        } catch (RuntimeException ignored) {
            // a warm-up that fails only means the real analysis starts cold
        }
    }

    public CrashReport build(ProcessSnapshot snapshot, CaptureFacts facts) {
        return assemble(analyze(snapshot), facts);
    }

    public Analysis analyze(ProcessSnapshot snapshot) {
        Optional<ExceptionInfo> exception = snapshot.exception();
        List<CrashReport.Error> errors = new ArrayList<>();
        ModuleImages images = new ModuleImages(snapshot.modules(), new LayeredMemory(List.of(snapshot.memory(),
                new ModuleFileLayer(snapshot.modules(), options.moduleFiles()))));
        Optional<StackTrace> crashStack = exception.flatMap(e -> guarded("stack walk", errors,
                () -> walk(images, snapshot, e.threadId(), faultingContext(snapshot, e))));
        List<CrashReport.Stack> threadStacks = new ArrayList<>();
        if (options.allThreadStacks()) {
            for (ThreadInfo t : snapshot.threads()) {
                if (exception.map(e -> e.threadId() != t.id()).orElse(true)) {
                    guarded("stack walk of thread " + t.id(), errors, () -> walk(images, snapshot, t.id(), t.context()))
                            .map(ReportSections::stack).ifPresent(threadStacks::add);
                }
            }
        }
        return new Analysis(
                exception.map(e -> e.source().reportName()).orElse(null),
                process(snapshot),
                exception.map(ReportBuilder::exception).orElse(null),
                exception.map(ExceptionInfo::threadId).orElse(null),
                exception.map(e -> faultingModule(snapshot, e.address(), images, errors)).orElse(null),
                exception.flatMap(e -> faultingContext(snapshot, e)).map(ReportBuilder::registers).orElse(Map.of()),
                modules(snapshot, images, errors),
                threads(snapshot, exception.map(ExceptionInfo::threadId).orElse(0)),
                crashStack.map(ReportSections::stack).orElse(null),
                threadStacks,
                guarded("signature", errors, () -> CrashSignatures.of(snapshot, images, crashStack))
                        .flatMap(x -> x).map(ReportSections::signature).orElse(null),
                guarded("runtime detection", errors, () -> RuntimeDetector.detect(snapshot, images))
                        .map(ReportSections::runtime).orElse(null),
                errors,
                guarded("dump helper resources", errors, () -> helperModules(snapshot)).orElse(List.of()));
    }

    /**
     * Runs one part of the analysis. Memory of a crashed process is untrusted and a bug in one part must not
     * cost the whole report: a failure is recorded as an error of stage "report" and the part left out.
     */
    private static <T> Optional<T> guarded(String what, List<CrashReport.Error> errors, Supplier<T> part) {
        try {
            return Optional.ofNullable(part.get());
        } catch (RuntimeException e) {
            errors.add(new CrashReport.Error("report", what + " failed: " + e));
            return Optional.empty();
        }
    }

    private static StackTrace walk(ModuleImages images, ProcessSnapshot snapshot, int threadId,
                                   Optional<CpuContext> context) {
        Optional<Long> stackBase = snapshot.threads().stream().filter(t -> t.id() == threadId).findFirst()
                .flatMap(ThreadInfo::stackBase);
        return StackWalkers.walk(images, WalkLimits.DEFAULT, threadId, context, stackBase);
    }

    public CrashReport assemble(Analysis a, CaptureFacts facts) {
        return new CrashReport(
                CrashReport.SCHEMA_VERSION,
                new CrashReport.Tool("wercli", toolVersion),
                facts.reportId(),
                facts.capturedAt() == null ? null : facts.capturedAt().toString(),
                a.source(),
                facts.outcome(),
                a.process(),
                a.exception(),
                a.threadId(),
                a.faultingModule(),
                a.registers(),
                a.modules(),
                a.threads(),
                facts.dump(),
                facts.timings(),
                facts.breadcrumbs(),
                allErrors(facts.errors(), a.errors()),
                a.crashStack(),
                a.threadStacks(),
                a.signature(),
                a.runtime(),
                auxiliary(a, facts));
    }

    /**
     * Modules whose image names an auxiliary dump provider by resource: read from the image in the snapshot's
     * memory (a full dump, a live process), else from the module's file, a few hundred bytes of it on demand
     * (every module is asked, so whole files are not loaded as for a stack walk).
     */
    private List<CrashReport.HelperModule> helperModules(ProcessSnapshot snapshot) {
        List<CrashReport.HelperModule> out = new ArrayList<>();
        for (ModuleInfo m : snapshot.modules()) {
            Optional<DumpHelper> helper = PeImage.tryRead(snapshot.memory(), m.base()).flatMap(PeImage::dumpHelper)
                    .or(() -> options.moduleFiles().apply(m).flatMap(file -> FileImage.dumpHelper(file, m)));
            helper.ifPresent(h -> out.add(new CrashReport.HelperModule(m.name(), m.path(), h.resourceName(),
                    h.provider().orElse(null))));
        }
        return out;
    }

    /** The auxiliary-provider section: the analysis's helper modules, the registry facts, the managed-state line. */
    static CrashReport.Auxiliary auxiliary(Analysis a, CaptureFacts facts) {
        List<CrashReport.RegisteredDll> registered = null;
        if (facts.auxiliaryDlls() != null) {
            List<String> paths = a.modules() == null ? List.of()
                    : a.modules().stream().map(CrashReport.Module::path).toList();
            registered = AuxiliaryProviders.applying(paths, facts.auxiliaryDlls()).stream()
                    .map(x -> new CrashReport.RegisteredDll(x.entry().runtimePath(), x.entry().providerPath(),
                            x.modulePath()))
                    .toList();
        }
        Optional<RuntimeFacts.DotNet> dotnet = Optional.ofNullable(a.runtime()).map(CrashReport.Runtime::dotnet)
                .map(d -> new RuntimeFacts.DotNet(d.flavor(), d.module(), Optional.ofNullable(d.version())));
        Optional<Integer> flags = Optional.ofNullable(facts.dump()).map(CrashReport.Dump::flags)
                .map(h -> (int) Hex.parse(h));
        return new CrashReport.Auxiliary(a.helperModules(), registered,
                AuxiliaryProviders.managedStateNote(dotnet, flags).orElse(null));
    }

    private static List<CrashReport.Error> allErrors(List<CrashReport.Error> capture, List<CrashReport.Error> analysis) {
        List<CrashReport.Error> all = new ArrayList<>(capture);
        all.addAll(analysis);
        return all;
    }

    static CrashReport.Process process(ProcessSnapshot snapshot) {
        var p = snapshot.process();
        return new CrashReport.Process(p.pid(), p.imageName().orElse(null), p.imagePath().orElse(null),
                p.commandLine().orElse(null), p.architecture().reportName());
    }

    static CrashReport.Exception exception(ExceptionInfo e) {
        List<String> params = e.parameters().stream().map(Hex::value).toList();
        boolean hasAccess = (e.code() == ExceptionNames.ACCESS_VIOLATION || e.code() == ExceptionNames.IN_PAGE_ERROR)
                && e.parameters().size() >= 2;
        return new CrashReport.Exception(
                Hex.code(e.code()),
                ExceptionNames.symbol(e.code()).orElse(null),
                ExceptionNames.describe(e.code(), e.parameters()),
                Hex.address(e.address()),
                params,
                e.firstChance(),
                hasAccess ? ExceptionNames.accessKind(e.parameters().get(0)) : null,
                hasAccess ? Hex.address(e.parameters().get(1)) : null);
    }

    /**
     * The faulting module with its identity and nearest export; when reading its image fails, the same record
     * from what the snapshot's source recorded, without a symbol.
     */
    private static CrashReport.FaultingModule faultingModule(ProcessSnapshot snapshot, long address, ModuleImages images,
                                                             List<CrashReport.Error> errors) {
        Optional<ModuleInfo> module = snapshot.moduleAt(address);
        if (module.isEmpty()) {
            return ReportSections.noFaultingModule();
        }
        ModuleInfo m = module.get();
        return guarded("faulting module", errors, () -> ReportSections.faultingModule(m, address, images.identity(m),
                ReportSections.symbol(images, address)))
                .orElse(ReportSections.faultingModule(m, address, m.identity(), Optional.empty()));
    }

    /** The exception's own context when the source has it, else the faulting thread's current context. */
    private static Optional<CpuContext> faultingContext(ProcessSnapshot snapshot, ExceptionInfo e) {
        if (e.context().isPresent()) {
            return e.context();
        }
        return snapshot.threads().stream().filter(t -> t.id() == e.threadId()).findFirst()
                .flatMap(ThreadInfo::context);
    }

    static Map<String, String> registers(CpuContext context) {
        Map<String, String> out = new LinkedHashMap<>();
        context.registers().forEach((name, value) -> out.put(name, Hex.address(value)));
        return out;
    }

    /** Each module with its identity; when reading the images fails, what the snapshot's source recorded. */
    private static List<CrashReport.Module> modules(ProcessSnapshot snapshot, ModuleImages images,
                                                    List<CrashReport.Error> errors) {
        return guarded("module identities", errors, () -> modules(snapshot, images::identity))
                .orElse(modules(snapshot, ModuleInfo::identity));
    }

    private static List<CrashReport.Module> modules(ProcessSnapshot snapshot, Function<ModuleInfo, ModuleIdentity> identity) {
        return snapshot.modules().stream().map(m -> ReportSections.module(m, identity.apply(m))).toList();
    }

    static List<CrashReport.Thread> threads(ProcessSnapshot snapshot, int faultingThreadId) {
        List<CrashReport.Thread> out = new ArrayList<>();
        for (ThreadInfo t : snapshot.threads()) {
            out.add(new CrashReport.Thread(t.id(), t.id() == faultingThreadId,
                    t.context().map(c -> Hex.address(c.instructionPointer())).orElse(null),
                    t.context().map(c -> Hex.address(c.stackPointer())).orElse(null)));
        }
        return out;
    }
}
