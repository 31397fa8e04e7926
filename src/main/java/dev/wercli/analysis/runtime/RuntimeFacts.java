package dev.wercli.analysis.runtime;

import java.util.Optional;

/** What the crashed process was running on: managed runtimes, and whether Windows is really Wine. */
public record RuntimeFacts(Optional<DotNet> dotnet, Optional<ManagedException> managedException, Optional<Jvm> jvm,
                           Optional<Wine> wine) {

    /**
     * @param flavor  "coreclr" (.NET Core / .NET 5+), "clr" (.NET Framework 4), "mscorwks" (.NET Framework 2/3.5)
     *                or "nativeaot" (ahead-of-time compiled, no runtime DLL)
     * @param module  the module that told us
     * @param version the runtime module's file version, when its resources are readable
     */
    public record DotNet(String flavor, String module, Optional<String> version) {
    }

    /** A 0xE0434352 exception: the HRESULT from ExceptionInformation[0] and the type it stands for. */
    public record ManagedException(int hresult, Optional<String> typeName) {
    }

    /**
     * @param hsErrFile where HotSpot writes its own crash log: the -XX:ErrorFile value (with %p expanded) when
     *                  the command line has one, else {@code hs_err_pid<PID>.log} in the working directory
     *                  (HotSpot falls back to the temp folder when that is not writable)
     */
    public record Jvm(String module, Optional<String> version, String hsErrFile) {
    }

    /** @param evidence what gave Wine away, e.g. "ntdll.dll exports wine_get_version" */
    public record Wine(Optional<String> version, String evidence) {
    }

    public static final RuntimeFacts NONE = new RuntimeFacts(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());
}
