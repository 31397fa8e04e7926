package dev.wercli.report;

import dev.wercli.analysis.runtime.AuxiliaryProviders.RegisteredDll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The auxiliary_providers section: registry facts matched to the modules, unknown without them. */
class AuxiliaryProvidersReportTest {
    private static final String RUNTIME = "C:\\app\\coreclr.dll";

    private static ReportBuilder.Analysis analysis(CrashReport.Runtime runtime, List<CrashReport.HelperModule> helpers) {
        List<CrashReport.Module> modules = List.of(new CrashReport.Module("app.exe", "0x0000000140000000", "0x1000",
                "C:\\app\\app.exe"), new CrashReport.Module("coreclr.dll", "0x00007ff800000000", "0x1000", RUNTIME));
        return new ReportBuilder.Analysis("minidump", null, null, null, null, Map.of(), modules, List.of(), null,
                List.of(), null, runtime, List.of(), helpers);
    }

    private static CaptureFacts facts(String flags, List<RegisteredDll> entries) {
        return new CaptureFacts(null, null, CaptureFacts.CAPTURED,
                new CrashReport.Dump("x.dmp", "mini", flags, 1L, null), null, List.of(), List.of(), entries);
    }

    @Test
    void registryEntriesThatApplyAreListedWithTheirModule() {
        CrashReport.HelperModule helper = new CrashReport.HelperModule("coreclr.dll", RUNTIME, "DUMP_HELPER",
                "mscordaccore.dll");
        CrashReport.Auxiliary a = ReportBuilder.auxiliary(analysis(null, List.of(helper)), facts("0x00001964",
                List.of(new RegisteredDll("c:\\APP\\CORECLR.DLL", "C:\\dac\\mscordaccore.dll"),
                        new RegisteredDll("C:\\elsewhere\\coreclr.dll", "C:\\dac\\other.dll"))));
        assertEquals(List.of(helper), a.helperModules());
        assertEquals(List.of(new CrashReport.RegisteredDll("c:\\APP\\CORECLR.DLL", "C:\\dac\\mscordaccore.dll", RUNTIME)),
                a.registeredDlls());
        assertNull(a.managedState(), "no .NET runtime detected");
    }

    @Test
    void withoutTheRegistryTheEntriesAreUnknownNotNone() {
        CrashReport.Auxiliary unknown = ReportBuilder.auxiliary(analysis(null, List.of()), facts("0x00001964", null));
        assertNull(unknown.registeredDlls());
        CrashReport.Auxiliary none = ReportBuilder.auxiliary(analysis(null, List.of()), facts("0x00001964", List.of()));
        assertEquals(List.of(), none.registeredDlls());
    }

    @Test
    void aDotNetProcessInAMiniDumpGetsTheManagedStateLine() {
        CrashReport.Runtime dotnet = new CrashReport.Runtime(new CrashReport.DotNet("coreclr", "coreclr.dll", "8.0.1"),
                null, null, null);
        assertTrue(ReportBuilder.auxiliary(analysis(dotnet, List.of()), facts("0x00001964", null)).managedState()
                .contains("MiniDumpWithFullAuxiliaryState"));
        assertNull(ReportBuilder.auxiliary(analysis(dotnet, List.of()), facts("0x00009964", null)).managedState());
    }
}
