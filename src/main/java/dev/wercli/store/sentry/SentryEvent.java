package dev.wercli.store.sentry;

import dev.wercli.report.CrashReport;
import dev.wercli.store.Product;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Sentry event (the JSON payload of an envelope's {@code event} item) for a wercli report, as nested maps
 * with Sentry's field names, for Jackson to write. A report field that is null leaves the matching event
 * field out: Sentry fills in what it can (from the minidump, when one is attached), and nothing is invented.
 *
 * <p>When the envelope carries the minidump, Sentry processes it and its own stack walk and symbolication
 * replace much of this event; what is built here is what Sentry shows when the dump is missing, too large or
 * not processed, and the tags and contexts (bucket id, report id, product) that the dump does not hold.
 *
 * <p>No {@code fingerprint} is set: Sentry then groups by the (symbolicated) stack, which is finer than
 * wercli's bucket when symbols are uploaded, and a user who wants wercli's grouping can add a fingerprint
 * rule on the {@code wercli.bucket_id} tag without wercli forcing it on everyone.
 */
public final class SentryEvent {
    /**
     * The mechanism type: wercli caught the crash as a debugger (a second-chance exception, or a WER/AeDebug
     * launch), which none of Sentry's own mechanism names ("minidump", "signalhandler", ...) describes.
     */
    static final String MECHANISM = "wercli";

    private SentryEvent() {
    }

    /**
     * The event id: 32 lower-case hex digits, the first 16 bytes of SHA-256 over "wercli-report:" + report id.
     * Derived, not random, so that a resend after a lost response is the same event and Sentry drops the
     * repeat instead of counting the crash twice.
     */
    public static String eventId(String reportId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("wercli-report:" + reportId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The event for {@code report}, filed under {@code product}, sent by wercli {@code wercliVersion}. */
    public static Map<String, Object> of(CrashReport report, Product product, String wercliVersion) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", eventId(report.reportId()));
        put(event, "timestamp", timestamp(report.capturedAt()));
        event.put("level", "fatal");
        event.put("platform", "native");
        if (product.version() != null) {
            event.put("release", product.name() + "@" + product.version());
        }
        put(event, "exception", exception(report));
        put(event, "debug_meta", debugMeta(report));
        event.put("contexts", contexts(report, product));
        put(event, "tags", tags(report));
        event.put("sdk", Map.of("name", "wercli", "version", wercliVersion));
        return event;
    }

    /** captured_at when it is an RFC 3339 instant (what Sentry accepts); else left to Sentry's receive time. */
    private static String timestamp(String capturedAt) {
        if (capturedAt == null) {
            return null;
        }
        try {
            return Instant.parse(capturedAt).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<String, Object> exception(CrashReport report) {
        CrashReport.Exception ex = report.exception();
        if (ex == null) {
            return null;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        put(value, "type", exceptionType(ex));
        put(value, "value", ex.description());
        Map<String, Object> mechanism = new LinkedHashMap<>();
        mechanism.put("type", MECHANISM);
        mechanism.put("handled", false);
        Map<String, Object> data = new LinkedHashMap<>();
        put(data, "exception_code", ex.code());
        put(data, "exception_address", ex.address());
        put(data, "source", report.source());
        if (!data.isEmpty()) {
            mechanism.put("data", data);
        }
        value.put("mechanism", mechanism);
        Integer threadId = report.threadId() != null ? report.threadId()
                : report.crashStack() == null ? null : report.crashStack().threadId();
        put(value, "thread_id", threadId);
        put(value, "stacktrace", stacktrace(report));
        return Map.of("values", List.of(value));
    }

    /**
     * The exception's name, with the access kind appended for access violations and in-page errors
     * (EXCEPTION_ACCESS_VIOLATION_WRITE): the names Sentry gives the same crash when it reads a minidump, so
     * that events with and without a processed dump carry the same type. The code when there is no name.
     */
    static String exceptionType(CrashReport.Exception ex) {
        String name = ex.name() == null || ex.name().isBlank() ? ex.code() : ex.name();
        if (name == null || ex.access() == null) {
            return name;
        }
        if (!name.equals("EXCEPTION_ACCESS_VIOLATION") && !name.equals("EXCEPTION_IN_PAGE_ERROR")) {
            return name;
        }
        return switch (ex.access()) {
            case "read" -> name + "_READ";
            case "write" -> name + "_WRITE";
            case "execute" -> name + "_EXEC";
            default -> name;
        };
    }

    /** The faulting thread's frames, oldest first as Sentry wants them (the report lists innermost first). */
    private static Map<String, Object> stacktrace(CrashReport report) {
        if (report.crashStack() == null || report.crashStack().frames() == null
                || report.crashStack().frames().isEmpty()) {
            return null;
        }
        List<Map<String, Object>> frames = new ArrayList<>();
        for (CrashReport.Frame f : report.crashStack().frames()) {
            Map<String, Object> frame = new LinkedHashMap<>();
            put(frame, "instruction_addr", f.instructionPointer());
            put(frame, "package", modulePath(report, f.module()));
            put(frame, "function", f.symbol());
            put(frame, "trust", trust(f.trust()));
            frames.add(0, frame);
        }
        Map<String, Object> stacktrace = new LinkedHashMap<>();
        stacktrace.put("frames", frames);
        // The faulting thread's context, as the report read it; a register it could not read is left out.
        Map<String, String> registers = new LinkedHashMap<>();
        if (report.registers() != null) {
            report.registers().forEach((name, value) -> {
                if (value != null) {
                    registers.put(name, value);
                }
            });
        }
        if (!registers.isEmpty()) {
            stacktrace.put("registers", registers);
        }
        return stacktrace;
    }

    /** The module's full path from the module list when known (Sentry shows it), else its name. */
    private static String modulePath(CrashReport report, String module) {
        if (module == null || report.modules() == null) {
            return module;
        }
        for (CrashReport.Module m : report.modules()) {
            if (module.equalsIgnoreCase(m.name()) && m.path() != null) {
                return m.path();
            }
        }
        return module;
    }

    /** wercli's frame trust in Sentry's (symbolicator's) words; an unknown one is left out. */
    static String trust(String trust) {
        if (trust == null) {
            return null;
        }
        return switch (trust) {
            case "context" -> "context";
            case "unwind" -> "cfi";
            case "frame_pointer" -> "fp";
            case "scan" -> "scan";
            default -> null;
        };
    }

    /** One "pe" image per module: what Sentry needs to fetch each module's PDB and binary for symbolication. */
    private static Map<String, Object> debugMeta(CrashReport report) {
        if (report.modules() == null || report.modules().isEmpty()) {
            return null;
        }
        List<Map<String, Object>> images = new ArrayList<>();
        for (CrashReport.Module m : report.modules()) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("type", "pe");
            put(image, "code_file", m.path() != null ? m.path() : m.name());
            put(image, "code_id", codeId(m.timestamp(), m.size()));
            if (m.pdb() != null) {
                put(image, "debug_file", m.pdb().file());
                put(image, "debug_id", debugId(m.pdb().guid(), m.pdb().age()));
            }
            put(image, "image_addr", m.base());
            put(image, "image_size", hexValue(m.size()));
            images.add(image);
        }
        return Map.of("images", images);
    }

    /**
     * The PE code id as Microsoft's symbol server keys binaries: TimeDateStamp as 8 upper-case hex digits,
     * then SizeOfImage in lower-case hex without leading zeros ("5AB380779000"). Null unless both are known.
     */
    static String codeId(String timestamp, String size) {
        Long stamp = hexValue(timestamp);
        Long imageSize = hexValue(size);
        if (stamp == null || imageSize == null) {
            return null;
        }
        return String.format(Locale.ROOT, "%08X%x", stamp, imageSize);
    }

    /**
     * The PE debug id: the PDB GUID in canonical lower-case 8-4-4-4-12 form, "-", the age in lower-case hex
     * ("3249d99d-0c40-4931-8610-f4e4fb0b6936-1"). The report writes the GUID in registry form ({...}); null
     * when it is not a GUID.
     */
    static String debugId(String guid, long age) {
        if (guid == null) {
            return null;
        }
        String hex = guid.replaceAll("[{}\\-]", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{32}")) {
            return null;
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20) + "-" + Long.toHexString(age);
    }

    /** "0x..." as a number; null when absent or not hex. */
    private static Long hexValue(String hex) {
        if (hex == null || !hex.matches("0[xX][0-9a-fA-F]{1,16}")) {
            return null;
        }
        return Long.parseUnsignedLong(hex.substring(2), 16);
    }

    private static Map<String, Object> contexts(CrashReport report, Product product) {
        Map<String, Object> contexts = new LinkedHashMap<>();
        // The report holds no Windows version; Sentry reads it from the minidump's system info when attached.
        contexts.put("os", Map.of("name", "Windows"));
        String arch = report.process() == null ? null : sentryArch(report.process().architecture());
        if (arch != null) {
            contexts.put("device", Map.of("arch", arch));
        }
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("app_name", product.name());
        put(app, "app_version", product.version());
        contexts.put("app", app);
        CrashReport.Wine wine = report.runtime() == null ? null : report.runtime().wine();
        if (wine != null) {
            // Sentry has no context for a compatibility layer: a custom one, shown as its own section.
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("type", "wine");
            put(w, "version", wine.version());
            put(w, "evidence", wine.evidence());
            contexts.put("wine", w);
        }
        return contexts;
    }

    /** The report's architecture in Sentry's names; null for one it does not know. */
    static String sentryArch(String architecture) {
        if (architecture == null) {
            return null;
        }
        return switch (architecture) {
            case "x64" -> "x86_64";
            case "x86" -> "x86";
            case "arm64" -> "arm64";
            default -> null;
        };
    }

    /** Searchable in Sentry: the bucket and report ids tie an event back to wercli's store and list. */
    private static Map<String, Object> tags(CrashReport report) {
        Map<String, Object> tags = new LinkedHashMap<>();
        put(tags, "wercli.bucket_id", report.signature() == null ? null : report.signature().bucketId());
        put(tags, "exception_code", report.exception() == null ? null : report.exception().code());
        put(tags, "faulting_module", report.faultingModule() == null ? null : report.faultingModule().name());
        put(tags, "wercli.report_id", report.reportId());
        CrashReport.Wine wine = report.runtime() == null ? null : report.runtime().wine();
        put(tags, "wine.version", wine == null ? null : wine.version());
        return tags.isEmpty() ? null : tags;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
