package dev.wercli.analysis.runtime;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.report.testing.ByteImage;
import dev.wercli.report.testing.FakeMemory;
import dev.wercli.report.testing.SampleImages;
import dev.wercli.report.testing.SyntheticPe;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.ProcessSnapshot;
import dev.wercli.snapshot.SimpleSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeDetectorTest {
    static final long EXE = 0x1_4000_0000L;
    static final long RUNTIME = 0x7FF8_0000_0000L;

    static ProcessSnapshot snapshot(List<ModuleInfo> modules, MemoryReader memory, Optional<ExceptionInfo> e,
                                    String commandLine) {
        return new SimpleSnapshot(new ProcessInfo(4242, Optional.of("C:\\app\\app.exe"), Optional.ofNullable(commandLine),
                Architecture.X64, Optional.empty()), e, List.of(), modules, memory);
    }

    static RuntimeFacts detect(ProcessSnapshot s) {
        return RuntimeDetector.detect(s, new ModuleImages(s.modules(), s.memory()));
    }

    static ExceptionInfo exception(int code, long... params) {
        return new ExceptionInfo(code, 1, 0x7FF8_0000_1000L, java.util.Arrays.stream(params).boxed().toList(),
                false, 1, Optional.empty(), ExceptionSource.SECOND_CHANCE_EVENT);
    }

    @Test
    void detectsCoreClrWithItsVersion() {
        FakeMemory memory = new FakeMemory().map(RUNTIME, SampleImages.full().array());
        ProcessSnapshot s = snapshot(List.of(ModuleInfo.of("C:\\app\\app.exe", EXE, 0x3000),
                ModuleInfo.of("C:\\Program Files\\dotnet\\shared\\Microsoft.NETCore.App\\8.0.1\\coreclr.dll", RUNTIME,
                        0x3000)), memory, Optional.empty(), null);
        assertEquals(Optional.of(new RuntimeFacts.DotNet("coreclr", "coreclr.dll", Optional.of("1.2.3.4"))),
                detect(s).dotnet());
    }

    @Test
    void detectsTheNetFrameworkClr() {
        ProcessSnapshot s = snapshot(List.of(ModuleInfo.of("C:\\app\\app.exe", EXE, 0x3000),
                ModuleInfo.of("C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\clr.dll", RUNTIME, 0x3000)),
                MemoryReader.NONE, Optional.empty(), null);
        assertEquals(Optional.of(new RuntimeFacts.DotNet("clr", "clr.dll", Optional.empty())), detect(s).dotnet());
    }

    @Test
    void detectsNativeAotFromTheDebugHeaderExport() {
        SyntheticPe exe = SampleImages.full();
        exe.bytes().cString(0x2110, "DotNetRuntimeDebugHeader"); // rename export "Alpha" (name at 0x2110)
        exe.bytes().u32(0x2054, 0x2140).cString(0x2140, "Beta");   // move "Beta" out of the longer name's way
        ProcessSnapshot s = snapshot(List.of(ModuleInfo.of("C:\\app\\app.exe", EXE, 0x3000)),
                new FakeMemory().map(EXE, exe.array()), Optional.empty(), null);
        assertEquals(Optional.of(new RuntimeFacts.DotNet("nativeaot", "app.exe", Optional.empty())), detect(s).dotnet());
    }

    @Test
    void plainNativeProcessHasNoRuntime() {
        ProcessSnapshot s = snapshot(List.of(ModuleInfo.of("C:\\app\\app.exe", EXE, 0x3000)),
                new FakeMemory().map(EXE, SampleImages.full().array()), Optional.empty(), null);
        assertEquals(RuntimeFacts.NONE, detect(s));
    }

    @Test
    void decodesTheManagedExceptionHresult() {
        ProcessSnapshot s = snapshot(List.of(), MemoryReader.NONE,
                Optional.of(exception(0xE0434352, 0x80131509L, 0, 0, 0, 0x7FF8_0000_0000L)), null);
        RuntimeFacts.ManagedException m = detect(s).managedException().orElseThrow();
        assertEquals(0x80131509, m.hresult());
        assertEquals(Optional.of("System.InvalidOperationException"), m.typeName());
        assertEquals(Optional.of("System.NullReferenceException (or System.ArgumentNullException)"),
                DotNetExceptions.typeFor(0x80004003));
        assertTrue(DotNetExceptions.typeFor(0x12345678).isEmpty());
    }

    @Test
    void otherExceptionCodesAreNotManaged() {
        ProcessSnapshot s = snapshot(List.of(), MemoryReader.NONE, Optional.of(exception(0xC0000005, 1, 0x10)), null);
        assertTrue(detect(s).managedException().isEmpty());
    }

    @Test
    void detectsAJvmAndWhereItsCrashLogGoes() {
        ProcessSnapshot s = snapshot(List.of(ModuleInfo.of("C:\\jdk\\bin\\java.exe", EXE, 0x3000),
                ModuleInfo.of("C:\\jdk\\bin\\server\\jvm.dll", RUNTIME, 0x3000)), MemoryReader.NONE, Optional.empty(),
                "java -Xmx1g -jar app.jar");
        assertEquals(Optional.of(new RuntimeFacts.Jvm("jvm.dll", Optional.empty(), "hs_err_pid4242.log")), detect(s).jvm());
        assertEquals("C:\\logs\\crash-4242.log",
                RuntimeDetector.hsErrFile(Optional.of("java \"-XX:ErrorFile=C:\\logs\\crash-%p.log\" -jar a.jar"), 4242));
        assertEquals("D:\\x.log", RuntimeDetector.hsErrFile(Optional.of("java -XX:ErrorFile=D:\\x.log -version"), 1));
    }

    @Test
    void detectsWineAndItsVersionFromNtdll() {
        // ntdll with one export, wine_get_version at 0x1000: lea rax,[rip+0xFF9] ; ret -> "8.0" at 0x2000
        SyntheticPe ntdll = new SyntheticPe(0x3000);
        ByteImage b = ntdll.bytes();
        ntdll.directory(SyntheticPe.DIR_EXPORT, 0x2800, 0x100);
        b.u32(0x2800 + 20, 1).u32(0x2800 + 24, 1).u32(0x2800 + 28, 0x2840).u32(0x2800 + 32, 0x2850)
                .u32(0x2800 + 36, 0x2860);
        b.u32(0x2840, 0x1000).u32(0x2850, 0x2870).u16(0x2860, 0).cString(0x2870, "wine_get_version");
        b.bytes(0x1000, 0x48, 0x8D, 0x05).u32(0x1003, 0x2000 - 0x1007).u8(0x1007, 0xC3);
        b.cString(0x2000, "8.0");
        ProcessSnapshot s = snapshot(List.of(ModuleInfo.of("C:\\windows\\system32\\ntdll.dll", RUNTIME, 0x3000)),
                new FakeMemory().map(RUNTIME, ntdll.array()), Optional.empty(), null);
        assertEquals(Optional.of(new RuntimeFacts.Wine(Optional.of("8.0"), "ntdll.dll exports wine_get_version")),
                detect(s).wine());
    }

    @Test
    void detectsWineFromAModulePath() {
        ProcessSnapshot s = snapshot(List.of(ModuleInfo.of("Z:\\usr\\lib\\x86_64-linux-gnu\\wine\\x86_64-windows\\ntdll.dll",
                RUNTIME, 0x3000)), MemoryReader.NONE, Optional.empty(), null);
        assertEquals("module path Z:\\usr\\lib\\x86_64-linux-gnu\\wine\\x86_64-windows\\ntdll.dll",
                detect(s).wine().orElseThrow().evidence());
    }

    @Test
    void windowsNtdllIsNotWine() {
        ProcessSnapshot s = snapshot(List.of(ModuleInfo.of("C:\\Windows\\System32\\ntdll.dll", RUNTIME, 0x3000)),
                new FakeMemory().map(RUNTIME, SampleImages.full().array()), Optional.empty(), null);
        assertTrue(detect(s).wine().isEmpty());
    }
}
