package dev.wercli.cli;

import dev.wercli.config.CaptureConfig;
import dev.wercli.install.DebuggerCommand;
import dev.wercli.platform.Elevation;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.SecureFolders;
import dev.wercli.platform.win32.Win32Elevation;
import dev.wercli.platform.win32.Win32Platform;
import dev.wercli.platform.win32.Win32Registry;
import dev.wercli.platform.win32.Win32SecureFolders;

import java.nio.file.Path;
import java.util.function.Supplier;

/** What install, uninstall and status work on: the real machine, or fakes in tests. */
record InstallContext(Registry registry, Elevation elevation, SecureFolders folders, Path configPath,
        Supplier<DebuggerCommand> debuggerCommand, Registry userRegistry) {

    /** A context whose HKCU is the same fake as its HKLM (tests that do not look at HKCU). */
    InstallContext(Registry registry, Elevation elevation, SecureFolders folders, Path configPath,
                   Supplier<DebuggerCommand> debuggerCommand) {
        this(registry, elevation, folders, configPath, debuggerCommand, registry);
    }

    /** Seam for tests: replaced by an in-memory context, put back afterwards. */
    static Supplier<InstallContext> factory = InstallContext::system;

    static InstallContext current() {
        return factory.get();
    }

    private static InstallContext system() {
        try {
            Win32Platform.create(); // fails off Windows with a clear message
        } catch (PlatformException e) {
            throw new WercliException(ExitCode.NOT_WINDOWS, e.getMessage());
        }
        return new InstallContext(new Win32Registry(), new Win32Elevation(), new Win32SecureFolders(),
                CaptureConfig.defaultPath(), DebuggerCommand::ofThisInstallation, Win32Registry.currentUser());
    }
}
