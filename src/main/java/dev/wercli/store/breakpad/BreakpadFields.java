package dev.wercli.store.breakpad;

import dev.wercli.report.CrashReport;
import dev.wercli.store.Outgoing;
import dev.wercli.store.Product;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The text fields of one capture's Breakpad/Crashpad upload, in the order they are sent. Collectors read
 * annotations by name and ignore names they do not know, so the same product is sent under each name a
 * collector is known to read:
 * <ul>
 *   <li>{@value #PROD}, {@value #VER}, {@value #PLAT}, {@value #GUID}: the Breakpad/Crashpad names (Chromium's
 *       Windows integration sets {@code prod}, {@code ver} and {@code plat}; Crashpad's handler sends the
 *       client id as {@code guid}); BugSplat's Breakpad endpoint files a crash under {@code prod}/{@code ver};
 *       Backtrace and Sentry keep every field as an attribute or extra;</li>
 *   <li>{@value #PRODUCT_NAME}, {@value #VERSION}: Socorro's collector (Antenna) throttles and files crashes
 *       by these names and drops a crash without {@code ProductName};</li>
 *   <li>{@value #BUGSPLAT_PRODUCT}, {@value #BUGSPLAT_VERSION}: BugSplat's Crashpad endpoint
 *       ({@code /post/bp/crash/crashpad.php}) requires these (with {@code database} and {@code format=minidump},
 *       which only the user can give: see {@link #withExtras}).</li>
 * </ul>
 * Field names are case-sensitive on the wire (a PHP or Python collector sees {@code Version} and
 * {@code version} as two fields), so sending each spelling is not a conflict.
 *
 * <p>Then wercli's own essentials under the report's snake_case names ({@code wercli_report_id} for the id, so
 * that it cannot be mistaken for the backend's own crash id), so a search in the backend finds them by the
 * names a user knows from the report. A value that is not known is left out rather than sent empty.
 *
 * <p>Crashpad's {@code ptime} (the process's uptime in ms) is never sent: the report has no process start
 * time, and an invented one would mislead. Add it here when {@link CrashReport} gains one.
 */
public final class BreakpadFields {
    public static final String PROD = "prod";
    public static final String VER = "ver";
    public static final String GUID = "guid";
    public static final String PLAT = "plat";
    public static final String PRODUCT_NAME = "ProductName";
    public static final String VERSION = "Version";
    public static final String BUGSPLAT_PRODUCT = "product";
    public static final String BUGSPLAT_VERSION = "version";
    public static final String REPORT_ID = "wercli_report_id";
    public static final String EXCEPTION_CODE = "exception_code";
    public static final String EXCEPTION_NAME = "exception_name";
    public static final String FAULTING_MODULE = "faulting_module";
    public static final String BUCKET_ID = "bucket_id";
    public static final String CRASH_ADDRESS = "crash_address";

    /** The part that carries the dump: the one name every Breakpad/Crashpad collector reads. */
    public static final String DUMP_PART = "upload_file_minidump";
    /** The part that carries wercli's JSON report (a file part, so collectors keep it as an attachment). */
    public static final String REPORT_PART = "wercli_report";

    private BreakpadFields() {
    }

    /**
     * @param product  from {@link Product#of}
     * @param clientId this machine's install id (Crashpad's client id): lets a backend count machines, not
     *                 crashes; null leaves {@code guid} out
     */
    public static Map<String, String> of(CrashReport report, Product product, String clientId) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, PROD, product.name());
        put(f, VER, product.version());
        put(f, GUID, clientId);
        put(f, PLAT, platform(report.process() == null ? null : report.process().architecture()));
        put(f, PRODUCT_NAME, product.name());
        put(f, VERSION, product.version());
        put(f, BUGSPLAT_PRODUCT, product.name());
        put(f, BUGSPLAT_VERSION, product.version());
        put(f, REPORT_ID, report.reportId());
        if (report.exception() != null) {
            put(f, EXCEPTION_CODE, report.exception().code());
            put(f, EXCEPTION_NAME, report.exception().name());
            put(f, CRASH_ADDRESS, report.exception().address());
        }
        if (report.faultingModule() != null) {
            put(f, FAULTING_MODULE, report.faultingModule().name());
        }
        if (report.signature() != null) {
            put(f, BUCKET_ID, report.signature().bucketId());
        }
        return Collections.unmodifiableMap(f);
    }

    /**
     * Crashpad's {@code plat} for a report's architecture ({@link dev.wercli.snapshot.Architecture#reportName()}):
     * "Win64" for x64, "Win32" for x86. Null (left out) for arm64 and unknown: no value for them was confirmed,
     * and a wrong platform is worse than none.
     */
    static String platform(String architecture) {
        if (architecture == null) {
            return null;
        }
        switch (architecture) {
            case "x64": return "Win64";
            case "x86": return "Win32";
            default: return null;
        }
    }

    /**
     * {@code fields} followed by the user's own constant fields (BugSplat's {@code database} and
     * {@code format}, a Backtrace attribute, a Sentry {@code sentry[environment]}).
     *
     * @throws IllegalArgumentException when an extra field would replace one of wercli's: the backend would
     *                                  then get a value other than the report's, so it is refused at set-up
     */
    public static Map<String, String> withExtras(Map<String, String> fields, Map<String, String> extras) {
        if (extras == null || extras.isEmpty()) {
            return fields;
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        for (Map.Entry<String, String> e : extras.entrySet()) {
            if (OWN_NAMES.contains(e.getKey()) || all.containsKey(e.getKey())) {
                throw new IllegalArgumentException("extra field '" + e.getKey() + "' is one wercli sends itself");
            }
            all.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(all);
    }

    /** Names wercli may send itself: extras may not use them even when this capture leaves one out. */
    static final java.util.Set<String> OWN_NAMES = java.util.Set.of(PROD, VER, GUID, PLAT, "ptime", PRODUCT_NAME,
            VERSION, BUGSPLAT_PRODUCT, BUGSPLAT_VERSION, REPORT_ID, EXCEPTION_CODE, EXCEPTION_NAME, FAULTING_MODULE,
            BUCKET_ID, CRASH_ADDRESS, DUMP_PART, REPORT_PART);

    /**
     * The whole upload of {@code capture}: {@code fields}, then the report as {@value #REPORT_PART}
     * ("&lt;report id&gt;.json"), then the dump as {@value #DUMP_PART} under its own file name (".dmp" added if
     * it lacks it). The dump goes last so that a collector that streams the body has read every annotation
     * before the bulk arrives; it is read from disk while sent.
     *
     * @throws IOException when the dump file is gone
     */
    public static MultipartBody body(Outgoing capture, Map<String, String> fields, Path dump) throws IOException {
        MultipartBody.Builder b = MultipartBody.builder();
        fields.forEach(b::field);
        b.file(REPORT_PART, capture.reportId() + ".json", "application/json", capture.reportJson());
        String name = dump.getFileName().toString();
        b.file(DUMP_PART, name.toLowerCase(Locale.ROOT).endsWith(".dmp") ? name : name + ".dmp",
                "application/octet-stream", dump);
        return b.build();
    }

    private static void put(Map<String, String> f, String name, String value) {
        if (value != null && !value.isBlank()) {
            f.put(name, value);
        }
    }
}
