package dev.wercli.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The capture settings {@code wercli install} saves and {@code wercli attach} reads, so the AeDebug command
 * line stays short. Stored as JSON at {@link #defaultPath()}; command-line options of attach override it.
 * Unknown fields are ignored (a newer wercli may add some); missing fields take the defaults below.
 *
 * @param dumpDir        where dumps and reports go (a Windows path on Windows)
 * @param dumpType       the dump kind name, as accepted by {@code --dump-type} ("mini", "mini-plus", "full", each optionally with "+aux", or 0x-hex flags, see DumpType)
 * @param timeoutSeconds the capture watchdog
 * @param keep           captures to keep (0 = no limit)
 * @param maxSizeBytes   total size of the dump folder to keep (0 = no limit)
 * @param release        "exit" or "signal": the release policy on the JIT_DEBUG_INFO path (see ReleasePolicy)
 * @param delivery       the crash backend captures are sent to ({@link DeliveryConfig#NONE}: none)
 */
public record CaptureConfig(String dumpDir, String dumpType, int timeoutSeconds, int keep, long maxSizeBytes,
                            String release, DeliveryConfig delivery) {

    public static final String DEFAULT_DUMP_TYPE = "mini";
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_KEEP = 50;
    public static final long DEFAULT_MAX_SIZE_BYTES = 2L << 30; // 2 GiB

    /**
     * Blank, negative or out-of-range values (hand-edited file) fall back to the defaults: attach would
     * otherwise refuse a --timeout nobody typed.
     */
    public CaptureConfig {
        if (dumpDir == null || dumpDir.isBlank()) {
            dumpDir = defaultDumpDir().toString();
        }
        if (dumpType == null || dumpType.isBlank()) {
            dumpType = DEFAULT_DUMP_TYPE;
        }
        if (timeoutSeconds < Limits.MIN_TIMEOUT_SECONDS || timeoutSeconds > Limits.MAX_TIMEOUT_SECONDS) {
            timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        }
        if (keep < 0) {
            keep = DEFAULT_KEEP;
        }
        if (maxSizeBytes < 0) {
            maxSizeBytes = DEFAULT_MAX_SIZE_BYTES;
        }
        if (release == null || release.isBlank()) {
            release = ReleasePolicy.EXIT.optionName();
        }
        if (delivery == null) {
            delivery = DeliveryConfig.NONE;
        }
    }

    /** Settings with the default release policy and no delivery. */
    public CaptureConfig(String dumpDir, String dumpType, int timeoutSeconds, int keep, long maxSizeBytes) {
        this(dumpDir, dumpType, timeoutSeconds, keep, maxSizeBytes, null, null);
    }

    /** Settings without delivery. */
    public CaptureConfig(String dumpDir, String dumpType, int timeoutSeconds, int keep, long maxSizeBytes,
                         String release) {
        this(dumpDir, dumpType, timeoutSeconds, keep, maxSizeBytes, release, null);
    }

    /** The values a file holds; an absent (null) one takes its default, while 0 written by a user stays 0. */
    static CaptureConfig fromJson(String dumpDir, String dumpType, Integer timeoutSeconds, Integer keep,
                                  Long maxSizeBytes, String release, DeliveryConfig delivery) {
        return new CaptureConfig(dumpDir, dumpType,
                timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds,
                keep == null ? DEFAULT_KEEP : keep,
                maxSizeBytes == null ? DEFAULT_MAX_SIZE_BYTES : maxSizeBytes, release, delivery);
    }

    public static CaptureConfig defaults() {
        return new CaptureConfig(null, null, DEFAULT_TIMEOUT_SECONDS, DEFAULT_KEEP, DEFAULT_MAX_SIZE_BYTES);
    }

    /**
     * %ProgramData%\wercli. Under Wine the debugger AeDebug starts gets a mangled environment without ProgramData
     * (measured: only SystemDrive, SystemRoot, COMSPEC, PROMPT and WINE* survive), so this falls back to
     * %ALLUSERSPROFILE%, then %SystemDrive%\ProgramData, and off Windows (no SystemDrive) to ~/.wercli.
     */
    public static Path defaultDirectory() {
        String forced = System.getProperty(PROGRAM_DATA_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Path.of(forced, "wercli");
        }
        return defaultDirectory(System::getenv, System.getProperty("user.home"));
    }

    /**
     * Set by the capture service to the machine's ProgramData as the registry names it: under Wine, services.exe
     * gives a LocalSystem service ProgramData=C:\Users\Public (measured), which would make the service read
     * another settings file than install wrote.
     */
    public static final String PROGRAM_DATA_PROPERTY = "wercli.programdata";

    static Path defaultDirectory(java.util.function.UnaryOperator<String> env, String userHome) {
        for (String name : new String[] {"ProgramData", "ALLUSERSPROFILE"}) {
            String dir = env.apply(name);
            if (dir != null && !dir.isBlank()) {
                return Path.of(dir, "wercli");
            }
        }
        String drive = env.apply("SystemDrive");
        if (drive != null && !drive.isBlank()) {
            return Path.of(drive + "\\ProgramData", "wercli");
        }
        return Path.of(userHome, ".wercli");
    }

    /** %ProgramData%\wercli\config.json (see {@link #defaultDirectory()}). */
    public static Path defaultPath() {
        return defaultDirectory().resolve("config.json");
    }

    /** %ProgramData%\wercli\dumps. */
    public static Path defaultDumpDir() {
        return defaultDirectory().resolve("dumps");
    }

    /**
     * The dump folder every command uses when none is given: the one {@code wercli install --dump-dir} saved,
     * else {@link #defaultDumpDir()}. An unreadable settings file gives the default (attach logs why).
     */
    public static Path installedDumpDir() {
        return installedDumpDir(defaultPath());
    }

    static Path installedDumpDir(Path settingsFile) {
        try {
            return Path.of(load(settingsFile).dumpDir());
        } catch (IOException | RuntimeException e) {
            return defaultDumpDir();
        }
    }

    /** Reads {@code file}; a missing file gives {@link #defaults()}. A damaged one is an IOException. */
    public static CaptureConfig load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return defaults();
        }
        // Every capture reads this file before it can attach. Jackson's streaming parser is read here instead
        // of an ObjectMapper: a cold databind start cost seconds under Wine, on the crashed process's clock.
        String dumpDir = null;
        String dumpType = null;
        Integer timeout = null;
        Integer keep = null;
        Long maxSize = null;
        String release = null;
        DeliveryConfig delivery = null;
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + " is empty or not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                boolean isNull = value == JsonToken.VALUE_NULL;
                switch (name) {
                    case "dumpDir" -> dumpDir = isNull ? null : p.getValueAsString();
                    case "dumpType" -> dumpType = isNull ? null : p.getValueAsString();
                    case "timeoutSeconds" -> timeout = isNull ? null : p.getIntValue();
                    case "keep" -> keep = isNull ? null : p.getIntValue();
                    case "maxSizeBytes" -> maxSize = isNull ? null : p.getLongValue();
                    case "release" -> release = isNull ? null : p.getValueAsString();
                    case "delivery" -> delivery = isNull ? null : readDelivery(p);
                    default -> p.skipChildren(); // unknown fields: ignored, as the file may be newer than us
                }
            }
        }
        return fromJson(dumpDir, dumpType, timeout, keep, maxSize, release, delivery);
    }

    /** The "delivery" object; the parser stands on its START_OBJECT. */
    private static DeliveryConfig readDelivery(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "delivery");
        String protocol = null;
        String url = null;
        boolean dumps = false;
        boolean gzip = false;
        java.util.Map<String, DeliveryConfig.ProductName> products = new java.util.TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            boolean isNull = value == JsonToken.VALUE_NULL;
            switch (name) {
                case "uploadProtocol" -> protocol = isNull ? null : p.getValueAsString();
                case "uploadUrl" -> url = isNull ? null : p.getValueAsString();
                case "uploadDumps" -> dumps = !isNull && p.getValueAsBoolean();
                case "gzip" -> gzip = !isNull && p.getValueAsBoolean();
                case "products" -> {
                    if (!isNull) {
                        expect(p, JsonToken.START_OBJECT, "products");
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String image = p.currentName();
                            p.nextToken();
                            products.put(image, readProduct(p));
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new DeliveryConfig(protocol, url, dumps, gzip, products);
    }

    private static DeliveryConfig.ProductName readProduct(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a product");
        String name = null;
        String version = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            boolean isNull = p.nextToken() == JsonToken.VALUE_NULL;
            switch (field) {
                case "name" -> name = isNull ? null : p.getValueAsString();
                case "version" -> version = isNull ? null : p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        return new DeliveryConfig.ProductName(name, version);
    }

    private static void expect(JsonParser p, JsonToken token, String what) throws IOException {
        if (p.currentToken() != token) {
            throw new IOException("settings: " + what + " must be a JSON object");
        }
    }

    /** Writes {@code file} atomically (temp file + rename), creating the folder when missing. */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "config", ".tmp");
        try {
            // Only install writes the file; databind stays off the capture's start-up path (see load).
            Json.javaNames().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
