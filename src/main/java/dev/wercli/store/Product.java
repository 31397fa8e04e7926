package dev.wercli.store;

import dev.wercli.report.CrashReport;

import java.util.Locale;
import java.util.Map;

/**
 * The product and version a backend files a crash under (Crashpad's {@code prod} and {@code ver}, Sentry's
 * release). By default the crashed image's name without ".exe" and its file version (from its version
 * resource); install's settings may name them per image.
 *
 * @param version null when the image has no version resource and no override gives one
 */
public record Product(String name, String version) {
    public static final String UNKNOWN = "unknown";

    /**
     * The product of {@code report}: the override for its image name (matched case-insensitively, as Windows
     * matches file names), else the defaults above. An override's null version keeps the default version.
     */
    public static Product of(CrashReport report, Map<String, Product> overrides) {
        String image = report.process() == null ? null : report.process().imageName();
        String version = defaultVersion(report);
        String name = image == null ? UNKNOWN : stripExe(image);
        if (image != null && overrides != null) {
            for (Map.Entry<String, Product> o : overrides.entrySet()) {
                if (o.getKey().equalsIgnoreCase(image)) {
                    Product p = o.getValue();
                    return new Product(p.name() == null || p.name().isBlank() ? name : p.name(),
                            p.version() == null || p.version().isBlank() ? version : p.version());
                }
            }
        }
        return new Product(name, version);
    }

    private static String defaultVersion(CrashReport report) {
        if (report.signature() != null && report.signature().appVersion() != null
                && !report.signature().appVersion().isBlank()) {
            return report.signature().appVersion();
        }
        return null;
    }

    private static String stripExe(String image) {
        return image.toLowerCase(Locale.ROOT).endsWith(".exe") ? image.substring(0, image.length() - 4) : image;
    }
}
