package dev.wercli.platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibFolderTest {
    @AfterEach
    void clear() {
        System.clearProperty(LibFolder.PROPERTY);
    }

    @Test
    void theLaunchersLibFolderWinsOverTheJarsFolder() {
        // The launcher runs a copy of the jar from %ProgramData%\wercli\app but names its own lib folder.
        System.setProperty(LibFolder.PROPERTY, "C:\\Program Files\\wercli\\lib");
        assertEquals(Path.of("C:\\Program Files\\wercli\\lib"), LibFolder.of(LibFolder.class).orElseThrow());
    }

    @Test
    void withoutTheLauncherItIsTheFolderTheClassesCameFrom() {
        Path folder = LibFolder.of(LibFolder.class).orElseThrow();
        // target/classes in a build (wercli-dump32.exe is built beside it into target/), lib\ of `java -jar`.
        assertTrue(Files.isRegularFile(folder.resolve("classes/dev/wercli/platform/LibFolder.class"))
                || Files.isRegularFile(folder.resolve("wercli.jar")), folder.toString());
    }
}
