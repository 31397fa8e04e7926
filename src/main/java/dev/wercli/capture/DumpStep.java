package dev.wercli.capture;

import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.Platform;
import dev.wercli.platform.PlatformException;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.layout.ContextDecoder;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The dump step both captures share (AeDebug: {@link CapturePipeline}; WER runtime exception module:
 * {@link WerCapture}): MiniDumpWriteDump with the exception stream built here (ClientPointers = FALSE) to
 * {@code NAME.dmp.partial}, checked, then renamed to {@code NAME.dmp}.
 */
final class DumpStep {
    private DumpStep() {
    }

    static Path write(Platform platform, CaptureRequest request, CaptureState state, CaptureLog log,
                      Architecture architecture, ExceptionInfo exception) throws CaptureException {
        Path partial = state.partialDumpPath()
                .orElseThrow(() -> new CaptureException(CaptureFailure.DUMP, state.reservationError()));
        Path dump = state.dumpPath().orElseThrow();
        int emptyContext = architecture == Architecture.X86
                ? ContextDecoder.X86_CONTEXT_SIZE : ContextDecoder.AMD64_CONTEXT_SIZE;
        DumpWriter.DumpException stream = new DumpWriter.DumpException(exception.threadId(),
                new ExceptionRecordDecoder.Record(exception.code(), exception.flags(), 0, exception.address(),
                        exception.parameters()),
                state.rawContext().orElse(new byte[emptyContext]));
        long start = System.nanoTime();
        try {
            List<String> notes = platform.dumpWriter().write(request.pid(), architecture, partial,
                    request.dumpType().flags(), Optional.of(stream));
            notes.forEach(n -> {
                log.info("dump: " + n);
                state.note(CaptureFailure.DUMP, n);
            });
            Optional<String> damage = DumpFileCheck.problem(partial);
            if (damage.isPresent()) {
                throw new IOException("MiniDumpWriteDump reported success but the file is not whole (disk full?): "
                        + damage.get());
            }
            Files.move(partial, dump, StandardCopyOption.ATOMIC_MOVE);
        } catch (PlatformException | IOException e) {
            deleteQuietly(partial);
            throw new CaptureException(CaptureFailure.DUMP, "cannot write the dump " + dump + ": " + e.getMessage(), e);
        }
        state.dumpMillis((System.nanoTime() - start) / 1_000_000);
        log.info("dump written: " + dump + " (" + request.dumpType().name() + ", " + request.dumpType().flagsHex()
                + ") in " + state.dumpMillis() + " ms");
        return dump;
    }


    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover .partial is never mistaken for a dump
        }
    }
}
