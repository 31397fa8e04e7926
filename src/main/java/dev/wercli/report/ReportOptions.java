package dev.wercli.report;

import dev.wercli.snapshot.ModuleInfo;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * How much analysis a report gets.
 *
 * @param allThreadStacks also walk every other thread's stack (the faulting thread's always is)
 * @param moduleFiles     where a module's file can be read when memory lacks its image (a small dump holds
 *                        no headers, exports or unwind data); empty lookups are fine. A file is used only when
 *                        its TimeDateStamp and SizeOfImage match the module, so another build never lends its
 *                        symbols.
 */
public record ReportOptions(boolean allThreadStacks, Function<ModuleInfo, Optional<Path>> moduleFiles) {
    public static final ReportOptions DEFAULT = new ReportOptions(false, m -> Optional.empty());

    public ReportOptions withAllThreadStacks(boolean value) {
        return new ReportOptions(value, moduleFiles);
    }

    public ReportOptions withModuleFiles(Function<ModuleInfo, Optional<Path>> lookup) {
        return new ReportOptions(allThreadStacks, lookup);
    }
}
