package dev.wercli.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * This machine's client id for crash backends (Crashpad's {@code guid}): random, made once, then stable, so a
 * backend can count affected machines without wercli sending anything that identifies the machine itself.
 * Kept in {@code client-id} beside the settings file (wercli's folder, with its restrictive ACL).
 */
public final class ClientId {
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{32}");

    private ClientId() {
    }

    /** The id in {@code folder}, made (and saved) when missing or damaged. */
    public static String in(Path folder) throws IOException {
        Path file = folder.resolve("client-id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file).trim();
            if (VALID.matcher(id).matches()) {
                return id;
            }
            Files.delete(file); // damaged: made again below
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, "client-id", ".tmp");
        try {
            Files.writeString(tmp, id);
            try {
                // No REPLACE_EXISTING: of two captures at once the first one's id wins, the second reads it.
                Files.move(tmp, file);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                return in(folder);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return id;
    }

    /** The id in wercli's folder ({@link CaptureConfig#defaultDirectory()}). */
    public static String ofThisMachine() throws IOException {
        return in(CaptureConfig.defaultDirectory());
    }
}
