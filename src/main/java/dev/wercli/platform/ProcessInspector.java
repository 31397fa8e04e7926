package dev.wercli.platform;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ModuleInfo;

import java.util.List;
import java.util.Optional;

/** Facts about a process that do not need a debug session: image, command line, modules, threads. */
public interface ProcessInspector {
    Optional<String> imagePath(int pid);

    /** The command line from the target's PEB (RTL_USER_PROCESS_PARAMETERS.CommandLine). */
    Optional<String> commandLine(int pid);

    Architecture architecture(int pid);

    List<ModuleInfo> modules(int pid);

    List<Integer> threadIds(int pid);

    /** Our own pid, to refuse debugging ourselves. */
    int currentPid();
}
