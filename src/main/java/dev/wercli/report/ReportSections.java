package dev.wercli.report;

import dev.wercli.analysis.Hex;
import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.analysis.runtime.RuntimeFacts;
import dev.wercli.analysis.signature.CrashSignature;
import dev.wercli.analysis.stack.FrameTrust;
import dev.wercli.analysis.stack.StackFrame;
import dev.wercli.analysis.stack.StackTrace;
import dev.wercli.analysis.stack.Symbolizer;
import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.ModuleIdentity;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.PdbIdentity;

import java.util.Locale;
import java.util.Optional;

/** Turns the deeper analysis (stacks, identities, signature, runtime) into report records. */
final class ReportSections {
    private ReportSections() {
    }

    /** The one mapping of a module and its identity (live or from a dump) to the report's module record. */
    static CrashReport.Module module(ModuleInfo m, ModuleIdentity id) {
        return new CrashReport.Module(m.name(), Hex.address(m.base()), Hex.value(m.size()), m.path(),
                id.fileVersion().map(FileVersion::toString).orElse(null),
                id.timeDateStamp().map(ReportSections::hex32).orElse(null),
                id.checksum().map(ReportSections::hex32).orElse(null),
                id.pdb().map(ReportSections::pdb).orElse(null));
    }

    /** The module holding the exception address, with the same identity fields as its {@link #module} record. */
    static CrashReport.FaultingModule faultingModule(ModuleInfo m, long address, ModuleIdentity id,
                                                     Optional<String> symbol) {
        return new CrashReport.FaultingModule(m.name(), Hex.address(m.base()), Hex.value(address - m.base()), m.path(),
                symbol.orElse(null), id.fileVersion().map(FileVersion::toString).orElse(null),
                id.timeDateStamp().map(ReportSections::hex32).orElse(null));
    }

    static CrashReport.FaultingModule noFaultingModule() {
        return new CrashReport.FaultingModule("unknown", null, null, null);
    }

    /** The nearest export to {@code address}, "name+0xoff", when the image's export table has one. */
    static Optional<String> symbol(ModuleImages images, long address) {
        StackFrame f = new Symbolizer(images).frame(0, address, address, 0, FrameTrust.CONTEXT);
        return f.symbol().map(s -> s + "+0x" + Long.toHexString(f.symbolOffset().orElse(0L)));
    }

    static CrashReport.Pdb pdb(PdbIdentity pdb) {
        return new CrashReport.Pdb(pdb.fileName(), pdb.guid(), pdb.age(), pdb.symbolServerId());
    }

    static CrashReport.Stack stack(StackTrace trace) {
        return new CrashReport.Stack(trace.threadId(), trace.stopReason(), trace.frames().stream()
                .map(f -> new CrashReport.Frame(f.index(), Hex.address(f.instructionPointer()),
                        Hex.address(f.stackPointer()), f.module().orElse(null),
                        f.moduleOffset().map(Hex::value).orElse(null), f.symbol().orElse(null),
                        f.symbolOffset().map(Hex::value).orElse(null), f.location(), f.trust().reportName()))
                .toList());
    }

    static CrashReport.Signature signature(CrashSignature s) {
        return new CrashReport.Signature(s.appName(), s.appVersion(), s.appTimestamp(), s.moduleName(),
                s.moduleVersion(), s.moduleTimestamp(), s.offset(), s.exceptionCode(), s.moduleSource(), s.bucketId());
    }

    static CrashReport.Runtime runtime(RuntimeFacts r) {
        return new CrashReport.Runtime(
                r.dotnet().map(d -> new CrashReport.DotNet(d.flavor(), d.module(), d.version().orElse(null))).orElse(null),
                r.managedException().map(m -> new CrashReport.ManagedException(Hex.code(m.hresult()),
                        m.typeName().orElse(null))).orElse(null),
                r.jvm().map(j -> new CrashReport.Jvm(j.module(), j.version().orElse(null), j.hsErrFile())).orElse(null),
                r.wine().map(w -> new CrashReport.Wine(w.version().orElse(null), w.evidence())).orElse(null));
    }

    private static String hex32(int value) {
        return String.format(Locale.ROOT, "0x%08x", value);
    }

}
