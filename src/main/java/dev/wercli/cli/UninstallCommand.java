package dev.wercli.cli;

import dev.wercli.install.InstallException;
import dev.wercli.install.Installer;
import dev.wercli.install.ServiceInstaller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code wercli uninstall}: restores the debugger that was there before {@code wercli install}. */
@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = {"Restore the AeDebug values saved by 'wercli install' in both registry views.",
                "If another debugger replaced wercli since, nothing changes (exit 12) unless --force.",
                "The capture service (install --service) is stopped and removed.", "The settings file and the dumps are kept."})
public final class UninstallCommand implements Callable<Integer> {
    @Option(names = "--force", description = "Restore the backup even where another debugger replaced wercli.")
    boolean force;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        InstallContext ctx = InstallContext.current();
        Installer installer = new Installer(ctx.registry(), ctx.elevation(), ctx.folders(), ctx.configPath(),
                Version.current());
        try {
            installer.uninstall(force).forEach(spec.commandLine().getOut()::println);
            // The capture service goes too (after AeDebug: a refused uninstall changes nothing at all).
            for (ServiceContext sc : ServiceContext.ifAvailable().stream().toList()) {
                new ServiceInstaller(sc.manager(), sc.elevation()).uninstall()
                        .forEach(spec.commandLine().getOut()::println);
            }
        } catch (InstallException e) {
            throw new WercliException(ExitCode.of(e.kind()), e.getMessage(), e);
        }
        return ExitCode.OK.code();
    }
}
