package dev.wercli.platform;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The distribution's {@code lib\} folder, where the helper programs and DLLs live (wercli-dump32.exe,
 * wercli-wer-x64.dll...). Usually the jar's own folder, but not always: in a folder whose path has a space
 * the launcher runs a copy of the jar from %ProgramData%\wercli\app, where HotSpot 17 can share its classes
 * (native-launcher/src/cdscopy.h), and names the real folder in the system property {@value #PROPERTY}.
 */
public final class LibFolder {
    /** Set by wercli.exe to its lib folder. */
    public static final String PROPERTY = "wercli.lib";

    private LibFolder() {
    }

    /** The launcher's lib folder, else the folder of the jar (or classes folder) {@code anchor} was loaded from. */
    public static Optional<Path> of(Class<?> anchor) {
        String launcherLib = System.getProperty(PROPERTY);
        if (launcherLib != null && !launcherLib.isBlank()) {
            return Optional.of(Path.of(launcherLib));
        }
        try {
            Path jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Optional.ofNullable(jar.toAbsolutePath().getParent());
        } catch (Exception e) {
            // no code source (an unusual class loader): the caller says what is missing
            return Optional.empty();
        }
    }
}
