package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.ProcessSnapshot;
import dev.wercli.snapshot.ThreadInfo;
import dev.wercli.snapshot.layout.ContextDecoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ProcessSnapshot} read from a minidump, so {@code analyze} builds its report through the same
 * code as a live capture. What a dump does not record stays empty: the command line, and the process id
 * when there is no MiscInfo (then 0). The exception is reported as second chance ({@code firstChance}
 * false): a dump does not say, and postmortem dumps are written for unhandled exceptions.
 */
public final class MinidumpSnapshot implements ProcessSnapshot {
    private final Minidump dump;
    private final ProcessInfo process;
    private final List<ThreadInfo> threads;
    private final List<ModuleInfo> modules;
    private final Optional<ExceptionInfo> exception;

    public MinidumpSnapshot(Minidump dump) {
        this.dump = dump;
        this.modules = modules(dump);
        this.threads = threads(dump);
        this.exception = exception(dump, threads);
        this.process = process(dump, modules, exception, threads);
    }

    /** The decoded dump behind this snapshot (PDB ids, versions, problems, raw streams). */
    public Minidump minidump() {
        return dump;
    }

    @Override
    public ProcessInfo process() {
        return process;
    }

    @Override
    public Optional<ExceptionInfo> exception() {
        return exception;
    }

    @Override
    public List<ThreadInfo> threads() {
        return threads;
    }

    @Override
    public List<ModuleInfo> modules() {
        return modules;
    }

    @Override
    public MemoryReader memory() {
        return dump.memory();
    }

    private static List<ModuleInfo> modules(Minidump dump) {
        List<ModuleInfo> out = new ArrayList<>();
        for (MinidumpModule m : dump.modules()) {
            out.add(new ModuleInfo(m.name(), m.base(), m.size(), m.identity()));
        }
        return List.copyOf(out);
    }

    /**
     * The main executable is the first module of the ModuleList (dbghelp writes it first). The architecture
     * is the dump's, except that an x64 dump whose faulting (else first) thread ran 32-bit code is of a
     * 32-bit process, as a live capture of it reports.
     */
    private static ProcessInfo process(Minidump dump, List<ModuleInfo> modules, Optional<ExceptionInfo> exception,
                                       List<ThreadInfo> threads) {
        Architecture arch = dump.systemInfo().map(SystemInfo::architecture).orElse(Architecture.UNKNOWN);
        Optional<CpuContext> main = exception.flatMap(ExceptionInfo::context)
                .or(() -> threads.stream().findFirst().flatMap(ThreadInfo::context));
        if (arch == Architecture.X64 && main.map(c -> c.architecture() == Architecture.X86).orElse(false)) {
            arch = Architecture.X86;
        }
        int pid = dump.miscInfo().flatMap(MiscInfo::processId).orElse(0);
        Optional<Long> created = dump.miscInfo().flatMap(MiscInfo::processCreateTime).filter(t -> t != 0);
        Optional<String> image = modules.stream().findFirst().map(ModuleInfo::path).filter(p -> !p.isEmpty());
        return new ProcessInfo(pid, image, Optional.empty(), arch, created);
    }

    private static List<ThreadInfo> threads(Minidump dump) {
        List<MinidumpThread> source = dump.threads().isEmpty() ? dump.threadsEx() : dump.threads();
        List<ThreadInfo> out = new ArrayList<>();
        for (MinidumpThread t : source) {
            Optional<CpuContext> context = t.context().map(ContextDecoder::x86ViewOf32BitCode);
            Optional<long[]> tib = stackFromTeb(dump, t.teb());
            Optional<Long> base = tib.map(v -> v[0]).or(t::stackEnd);
            Optional<Long> limit = tib.map(v -> v[1]);
            if (context.map(c -> c.architecture() == Architecture.X86).orElse(false) && !x86Dump(dump)) {
                // A 32-bit thread in an x64 dump: its TEB and captured stack may be the 64-bit ones (under
                // Wine they are), which would end an x86 walk at once. Keep them only if ESP lies inside.
                long esp = context.get().stackPointer();
                boolean inside = Long.compareUnsigned(esp, t.stackStart()) >= 0
                        && t.stackEnd().map(end -> Long.compareUnsigned(esp, end) < 0).orElse(false);
                base = inside ? t.stackEnd() : Optional.empty();
                limit = Optional.empty();
            }
            out.add(new ThreadInfo(t.id(), context, base, limit));
        }
        return List.copyOf(out);
    }

    /**
     * StackBase and StackLimit from the thread's NT_TIB, when the dump holds the TEB (x64: +8 / +0x10,
     * x86: +4 / +8). Without it the stack base is the end of the captured stack memory.
     */
    private static Optional<long[]> stackFromTeb(Minidump dump, long teb) {
        if (teb == 0) {
            return Optional.empty();
        }
        boolean x86 = x86Dump(dump);
        return dump.memory().read(teb, x86 ? 12 : 24).map(bytes -> {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            return x86 ? new long[] {Integer.toUnsignedLong(b.getInt(4)), Integer.toUnsignedLong(b.getInt(8))}
                    : new long[] {b.getLong(8), b.getLong(16)};
        }).filter(v -> v[0] != 0 && Long.compareUnsigned(v[1], v[0]) < 0);
    }

    private static boolean x86Dump(Minidump dump) {
        return dump.systemInfo().map(s -> s.architecture() == Architecture.X86).orElse(false);
    }

    private static Optional<ExceptionInfo> exception(Minidump dump, List<ThreadInfo> threads) {
        return dump.exception().map(e -> {
            Optional<CpuContext> context = e.context().map(ContextDecoder::x86ViewOf32BitCode).or(() -> threads.stream()
                    .filter(t -> t.id() == e.threadId()).findFirst().flatMap(ThreadInfo::context));
            return new ExceptionInfo(e.record().code(), e.record().flags(), e.record().address(),
                    e.record().parameters(), false, e.threadId(), context, ExceptionSource.MINIDUMP);
        });
    }
}
