package dev.wercli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureConfigTest {
    @TempDir
    Path tmp;

    @Test
    void savedSettingsLoadBackUnchanged() throws IOException {
        Path file = tmp.resolve("sub/config.json");
        CaptureConfig saved = new CaptureConfig("C:\\dumps here", "full", 30, 7, 123_456_789L, "signal");
        saved.save(file);
        assertEquals(saved, CaptureConfig.load(file));
        assertTrue(Files.readString(file).contains("\"dumpDir\" : \"C:\\\\dumps here\""), Files.readString(file));
    }

    @Test
    void theDeliverySettingsAndProductNamesLoadBackUnchanged() throws IOException {
        Path file = tmp.resolve("config.json");
        DeliveryConfig delivery = new DeliveryConfig("breakpad", "https://crash.example/submit?token=t0k3n", false,
                true, java.util.Map.of("App.exe", new DeliveryConfig.ProductName("Our App", "2.1"),
                "tool.exe", new DeliveryConfig.ProductName("Tool", null)));
        CaptureConfig saved = new CaptureConfig("C:\\d", "mini", 60, 5, 0, "exit", delivery);
        saved.save(file);
        assertEquals(saved, CaptureConfig.load(file));
        assertEquals(DeliveryConfig.NONE, new CaptureConfig("C:\\d", "mini", 60, 5, 0).delivery(), "none by default");
        Files.writeString(file, "{\"delivery\":\"not an object\"}");
        assertThrows(IOException.class, () -> CaptureConfig.load(file), "a damaged delivery is a damaged file");
    }

    @Test
    void theInstalledDumpFolderIsWhatInstallSavedElseTheDefault() throws IOException {
        Path file = tmp.resolve("config.json");
        assertEquals(CaptureConfig.defaultDumpDir(), CaptureConfig.installedDumpDir(file), "nothing installed");
        new CaptureConfig("D:\\crash dumps", "mini", 60, 50, 1L << 31).save(file);
        assertEquals(Path.of("D:\\crash dumps"), CaptureConfig.installedDumpDir(file));
        Files.writeString(file, "{not json");
        assertEquals(CaptureConfig.defaultDumpDir(), CaptureConfig.installedDumpDir(file), "damaged settings");
    }

    @Test
    void missingFileGivesDefaults() throws IOException {
        CaptureConfig c = CaptureConfig.load(tmp.resolve("absent.json"));
        assertEquals(CaptureConfig.defaults(), c);
        assertEquals("mini", c.dumpType());
        assertEquals(60, c.timeoutSeconds());
        assertEquals(50, c.keep());
        assertEquals(2L * 1024 * 1024 * 1024, c.maxSizeBytes());
    }

    @Test
    void fieldsMissingFromAHandWrittenFileTakeDefaultsAndUnknownOnesAreIgnored() throws IOException {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"dumpDir\":\"D:\\\\crash\",\"keep\":0,\"fromTheFuture\":true}");
        CaptureConfig c = CaptureConfig.load(file);
        assertEquals("D:\\crash", c.dumpDir());
        assertEquals(0, c.keep(), "0 written by the user means no limit and must survive");
        assertEquals(60, c.timeoutSeconds());
        assertEquals("mini", c.dumpType());
        assertEquals(2L << 30, c.maxSizeBytes());
    }

    @Test
    void aTimeoutOutsideTheRangeAttachTakesFallsBackToTheDefault() throws IOException {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"timeoutSeconds\":86400}");
        assertEquals(CaptureConfig.DEFAULT_TIMEOUT_SECONDS, CaptureConfig.load(file).timeoutSeconds());
        Files.writeString(file, "{\"timeoutSeconds\":3600}");
        assertEquals(3600, CaptureConfig.load(file).timeoutSeconds());
    }

    @Test
    void damagedFileIsAnError() throws IOException {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"dumpDir\": ");
        assertThrows(IOException.class, () -> CaptureConfig.load(file));
    }

    @Test
    void defaultPathEndsInWercliConfigJson() {
        Path p = CaptureConfig.defaultPath();
        assertEquals("config.json", p.getFileName().toString());
        assertTrue(p.getParent().getFileName().toString().endsWith("wercli"), p.toString());
    }

    @Test
    void settingsFolderIsFoundEvenInTheEnvironmentWineGivesTheDebugger() {
        java.util.Map<String, String> normal = java.util.Map.of("ProgramData", "D:\\PD", "SystemDrive", "C:");
        assertEquals(Path.of("D:\\PD", "wercli"), CaptureConfig.defaultDirectory(normal::get, "/home/u"));
        java.util.Map<String, String> allUsers = java.util.Map.of("ALLUSERSPROFILE", "E:\\AU", "SystemDrive", "C:");
        assertEquals(Path.of("E:\\AU", "wercli"), CaptureConfig.defaultDirectory(allUsers::get, "/home/u"));
        java.util.Map<String, String> wineDebugger = java.util.Map.of("SystemDrive", "C:", "SystemRoot", "C:\\windows");
        assertEquals(Path.of("C:\\ProgramData", "wercli"), CaptureConfig.defaultDirectory(wineDebugger::get, "/home/u"));
        assertEquals(Path.of("/home/u", ".wercli"), CaptureConfig.defaultDirectory(k -> null, "/home/u"));
    }
}
