package dev.wercli.cli;

import dev.wercli.config.Json;
import dev.wercli.install.InstallStatus;
import dev.wercli.install.StatusReader;
import dev.wercli.install.WerModules;
import dev.wercli.platform.PlatformException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wercli status}: what AeDebug holds in each view, the backup, the dump folder, and problems found. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the AeDebug debugger of each registry view, wercli's backup, AutoExclusionList,",
                "the .NET Framework managed JIT debugger of each view and its backup,",
                "WER LocalDumps, the dump folder (count, size, owner, access), problems found, and the WER runtime",
                "exception modules registered in HKLM and HKCU. Writes nothing."})
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InstallContext ctx = InstallContext.current();
        InstallStatus status;
        try {
            status = new StatusReader(ctx.registry(), ctx.elevation(), ctx.folders(), ctx.configPath(),
                    Version.current()).read();
        } catch (PlatformException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot read the registry: " + e.getMessage(), e);
        }
        List<WerModules.Entry> werModules;
        try {
            werModules = WerModules.list(ctx.registry(), ctx.userRegistry());
        } catch (PlatformException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot read the registry: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        DeliveryStatus delivery = DeliveryStatus.read(ctx.configPath());
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode node = Json.javaNames().valueToTree(status);
            node.set("delivery", Json.javaNames().valueToTree(delivery));
            node.set("werModules", Json.javaNames().valueToTree(werModules));
            out.println(Json.javaNames().writeValueAsString(node));
        } else {
            printText(status, out);
            out.println(delivery.text());
            out.println(serviceLine());
            printWerModules(werModules, out);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /** The capture service's line; off Windows (tests with a faked registry) the service is not looked up. */
    private static String serviceLine() {
        ServiceContext sc;
        try {
            sc = ServiceContext.current();
        } catch (WercliException e) {
            return "capture service: unknown (" + e.getMessage() + ")";
        }
        return new dev.wercli.install.ServiceInstaller(sc.manager(), sc.elevation()).statusLine();
    }

    /** RuntimeExceptionHelperModules of HKLM (each view) and HKCU, wercli's own marked. */
    static void printWerModules(List<WerModules.Entry> modules, PrintWriter out) {
        out.println("WER runtime exception modules: " + (modules.isEmpty() ? "none registered" : ""));
        for (WerModules.Entry m : modules) {
            out.println("  " + m.hive() + (m.hive().equals("HKLM") ? " " + m.view() + " view" : "") + ": " + m.path()
                    + " (" + m.value() + (m.enabled() ? "" : ", not 0: WER ignores it") + ")"
                    + (m.wercli() ? " [wercli]" : ""));
        }
    }

    static void printText(InstallStatus s, PrintWriter out) {
        out.println("wercli " + s.version() + ": " + (s.installed() ? "installed" : "not installed")
                + (s.elevated() == null ? "" : s.elevated() ? " (this prompt is elevated)" : " (this prompt is not elevated)"));
        for (InstallStatus.View v : s.views()) {
            out.println();
            out.println((v.view().equals("WOW64_64KEY") ? "64-bit" : "32-bit") + " view: " + v.key());
            out.println("  Debugger: " + (v.debugger() == null ? "absent" : v.debuggerType() + " " + v.debugger()));
            out.println("            " + (v.wercli() ? "wercli " + (v.wercliVersion() == null ? "(version unknown)"
                    : v.wercliVersion()) : "not wercli"));
            out.println("  Auto: " + (v.auto() == null ? "absent" : v.auto()));
            out.println("  backup: " + (v.backup() == null ? "none" : "Debugger " + v.backup().debugger() + ", Auto "
                    + v.backup().auto() + (v.backup().addedExclusions().isEmpty() ? ""
                    : "; added to AutoExclusionList: " + String.join(", ", v.backup().addedExclusions()))));
            StringBuilder ex = new StringBuilder();
            for (Map.Entry<String, String> e : v.autoExclusionList().entrySet()) {
                ex.append(ex.length() == 0 ? "" : ", ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
            }
            out.println("  AutoExclusionList: " + (ex.length() == 0 ? "empty" : ex));
        }
        for (InstallStatus.ManagedView m : s.managed()) {
            out.println();
            out.println((m.view().equals("WOW64_64KEY") ? "64-bit" : "32-bit") + " view, .NET Framework managed JIT debugger: "
                    + m.key());
            out.println("  DbgManagedDebugger: " + (m.debugger() == null ? "absent" : m.debuggerType() + " " + m.debugger()));
            out.println("            " + (m.wercli() ? "wercli " + (m.wercliVersion() == null ? "(version unknown)"
                    : m.wercliVersion()) : "not wercli"));
            out.println("  DbgJITDebugLaunchSetting: " + (m.launchSetting() == null ? "absent" : m.launchSetting()));
            out.println("  backup: " + (m.backup() == null ? "none" : "DbgManagedDebugger " + m.backup().debugger()
                    + ", DbgJITDebugLaunchSetting " + m.backup().launchSetting()));
        }
        out.println();
        InstallStatus.LocalDumps ld = s.werLocalDumps();
        out.println("WER LocalDumps: " + (ld.configured() ? "configured" + (ld.dumpFolder() == null ? ""
                : " (DumpFolder " + ld.dumpFolder() + ")") + "; " + ld.note() : "not configured"));
        out.println("settings: " + s.configFile() + (s.configExists() ? "" : " (missing)"));
        InstallStatus.DumpFolder f = s.dumpFolder();
        if (f != null) {
            out.println("dump folder: " + f.path() + (f.exists() ? ": " + f.dumps() + " dump(s), "
                    + f.totalBytes() + " bytes in all" : " (missing)"));
            if (f.owner() != null) {
                out.println("  owner: " + f.owner() + (Boolean.TRUE.equals(f.inheritanceProtected())
                        ? "; nothing inherited from the parent" : "; also inherits from the parent"));
                f.access().forEach(a -> out.println("  access: " + a));
            }
            if (f.error() != null) {
                out.println("  " + f.error());
            }
        }
        out.println(s.problems().isEmpty() ? "problems: none" : "problems:");
        s.problems().forEach(p -> out.println("  - " + p));
    }
}
