package dev.wercli.cli;

import dev.wercli.install.WerModules;
import dev.wercli.platform.LibFolder;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wercli register-wer-module}: registers wercli-wer-x64.dll and wercli-wer-x86.dll as WER runtime
 * exception modules (RuntimeExceptionHelperModules), or removes them. See native-launcher/wer/wercli-wer.h.
 */
@Command(name = "register-wer-module", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Register wercli's WER runtime exception module (wercli-wer-x64.dll, wercli-wer-x86.dll) under",
                "HKLM (default; needs an elevated prompt) or HKCU ...\\Windows Error Reporting\\RuntimeExceptionHelperModules,",
                "so that WER hands fail-fast crashes to wercli. --unregister removes wercli's entries only."})
public final class RegisterWerModuleCommand implements Callable<Integer> {
    /** The module's own settings key (wercli-wer.h: WERCLI_WER_SETTINGS_KEY). */
    static final String SETTINGS_KEY = "SOFTWARE\\wercli\\WerModule";

    @Option(names = "--user", description = "HKCU instead of HKLM (this user's processes only).")
    boolean user;

    @Option(names = "--unregister", description = "Remove wercli's module entries (and its settings) instead.")
    boolean unregister;

    @Option(names = "--dll-dir", paramLabel = "DIR",
            description = "Folder holding the two DLLs (default: beside wercli.jar, i.e. lib\\ of the distribution).")
    Path dllDir;

    @Option(names = "--command", paramLabel = "CMD",
            description = "How the module runs wercli (its Command setting); default: wercli.exe beside the DLL or one folder up.")
    String command;

    @Option(names = "--claim-codes", paramLabel = "HEX,...",
            description = "Exception codes the module claims (its ClaimCodes setting); default 0xC0000409,0xC0000602.")
    String claimCodes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        InstallContext ctx = InstallContext.current();
        Registry registry = user ? ctx.userRegistry() : ctx.registry();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (unregister) {
                List<String> removed = WerModules.unregister(registry, user);
                for (RegistryView view : user ? List.of(RegistryView.WOW64_64KEY) : List.of(RegistryView.values())) {
                    registry.deleteValue(view, SETTINGS_KEY, "Command");
                    registry.deleteValue(view, SETTINGS_KEY, "ClaimCodes");
                }
                out.println(removed.isEmpty() ? "wercli: no wercli module was registered"
                        : "wercli: removed " + String.join("; ", removed));
                return ExitCode.OK.code();
            }
            Path dir = dllDir != null ? dllDir : besideJar();
            Path x64 = dir.resolve(WerModules.X64_DLL).toAbsolutePath();
            Path x86 = dir.resolve(WerModules.X86_DLL).toAbsolutePath();
            for (Path dll : List.of(x64, x86)) {
                if (!Files.isRegularFile(dll)) {
                    throw new WercliException(ExitCode.USAGE, "no " + dll + " (give --dll-dir)");
                }
            }
            List<String> written = WerModules.register(registry, user, x64.toString(), x86.toString());
            for (RegistryView view : user ? List.of(RegistryView.WOW64_64KEY) : List.of(RegistryView.values())) {
                if (command != null) {
                    registry.write(view, SETTINGS_KEY, "Command", new RegistryValue.Sz(command));
                }
                if (claimCodes != null) {
                    registry.write(view, SETTINGS_KEY, "ClaimCodes", new RegistryValue.Sz(claimCodes));
                }
            }
            out.println("wercli: registered " + String.join("; ", written));
            return ExitCode.OK.code();
        } catch (PlatformException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot write the registry: " + e.getMessage(), e);
        }
    }

    private static Path besideJar() {
        return LibFolder.of(RegisterWerModuleCommand.class).orElseThrow(
                () -> new WercliException(ExitCode.USAGE, "cannot tell where wercli.jar is; give --dll-dir"));
    }
}
