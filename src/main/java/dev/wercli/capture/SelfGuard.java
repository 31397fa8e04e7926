package dev.wercli.capture;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a wercli process. Windows skips images listed in AeDebug\AutoExclusionList, but Wine ignores
 * that list, and under "java -jar" the image is java.exe, which must never be excluded. So attach itself
 * refuses a target whose image is wercli.exe or wercli-dump32.exe or whose command line names our jar or
 * launcher.
 */
final class SelfGuard {
    private SelfGuard() {
    }

    /** Our own images: the launcher and the 32-bit dump helper (a 32-bit crash starts the 32-bit view's debugger). */
    private static final List<String> OWN_IMAGES = List.of("wercli.exe", "wercli-dump32.exe");

    static boolean isWercli(Optional<String> imagePath, Optional<String> commandLine, List<String> ownIdentity) {
        String image = imagePath.orElse("").toLowerCase(Locale.ROOT);
        for (String own : OWN_IMAGES) {
            if (image.endsWith("\\" + own) || image.endsWith("/" + own) || image.equals(own)) {
                return true;
            }
        }
        String cmd = commandLine.orElse("").toLowerCase(Locale.ROOT);
        for (String id : ownIdentity) {
            if (!id.isBlank() && cmd.contains(id.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
