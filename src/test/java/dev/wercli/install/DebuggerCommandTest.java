package dev.wercli.install;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebuggerCommandTest {
    @Test
    void jarCommandQuotesPathsWithSpacesAndPassesPidEventAndJitInfo() {
        DebuggerCommand c = DebuggerCommand.forJar(Path.of("C:\\Program Files\\Java\\bin\\java.exe"),
                Path.of("C:\\My Tools\\wercli.jar"));
        assertEquals("\"C:\\Program Files\\Java\\bin\\java.exe\" -jar \"C:\\My Tools\\wercli.jar\" attach %ld %ld %p",
                c.commandLine());
        assertEquals(Set.of("wercli.exe"), c.exclusionNames(), "java.exe is never excluded");
    }

    @Test
    void launcherCommandExcludesTheLauncher() {
        DebuggerCommand c = DebuggerCommand.forLauncher(Path.of("C:\\wercli\\wercli-x64.exe"));
        assertEquals("\"C:\\wercli\\wercli-x64.exe\" attach %ld %ld %p", c.commandLine());
        assertEquals(Set.of("wercli.exe", "wercli-x64.exe"), c.exclusionNames());
    }

    @Test
    void percentInAPathIsDoubledBecauseWindowsFormatsTheDebuggerWithPrintf() {
        DebuggerCommand c = DebuggerCommand.forLauncher(Path.of("C:\\100%ld\\wercli.exe"));
        assertEquals("\"C:\\100%%ld\\wercli.exe\" attach %ld %ld %p", c.commandLine());
        assertEquals(List.of("C:\\100%ld\\wercli.exe"), DebuggerCommand.programFiles(c.commandLine()));
    }

    @Test
    void javaExeCanNeverBeExcluded() {
        assertThrows(IllegalArgumentException.class, () -> DebuggerCommand.forLauncher(Path.of("C:\\jre\\bin\\JAVA.EXE")));
        assertThrows(IllegalArgumentException.class, () -> new DebuggerCommand("x", Set.of("javaw.exe")));
    }

    @Test
    void recognisesWercliCommandsOnly() {
        assertTrue(DebuggerCommand.isWercli("\"C:\\a b\\java.exe\" -jar \"C:\\x\\wercli.jar\" attach %ld %ld %p"));
        assertTrue(DebuggerCommand.isWercli("C:\\x\\wercli-0.1.0.jar attach %ld %ld"));
        assertTrue(DebuggerCommand.isWercli("\"C:\\wercli\\WERCLI.EXE\" attach %ld %ld %p"));
        assertFalse(DebuggerCommand.isWercli("winedbg --auto %ld %ld"));
        assertFalse(DebuggerCommand.isWercli("\"C:\\wercli\\procdump.exe\" -accepteula -j c:\\dumps %ld %ld %p"));
        assertFalse(DebuggerCommand.isWercli("\"C:\\notwercli.exe\" attach %ld %ld"));
        assertFalse(DebuggerCommand.isWercli(null));
    }

    @Test
    void programFilesOfAJarCommandAreJavaAndTheJar() {
        assertEquals(List.of("C:\\Program Files\\Java\\bin\\java.exe", "C:\\My Tools\\wercli.jar"),
                DebuggerCommand.programFiles(
                        "\"C:\\Program Files\\Java\\bin\\java.exe\" -jar \"C:\\My Tools\\wercli.jar\" attach %ld %ld %p"));
    }

    @Test
    void aPathWithADoubleQuoteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DebuggerCommand.forLauncher(Path.of("/tmp/we\"ird/wercli.exe")));
    }
}
