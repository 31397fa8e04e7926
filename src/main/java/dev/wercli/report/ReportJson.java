package dev.wercli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.config.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The one place that turns reports into JSON text and back: snake_case names, pretty-printed, stable order.
 * Reading goes through the same {@link CrashReport} records as writing, so a renamed field is a compile
 * error in every reader instead of a silent null. The mapper is {@link Json#snakeCase()}, which ignores
 * unknown fields: the schema's stability rule (a newer wercli may add fields, older readers ignore them).
 *
 * <p>Loads Jackson: keep it off the capture's path before the process is released (see {@link ReportWarmUp}).
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = Json.snakeCase();

    private ReportJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object report) {
        try {
            return MAPPER.writeValueAsString(report) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a report file. Fields it does not know are ignored; fields it lacks are null. A file that is not
     * a JSON object of the report's shape fails with an IOException; whether it is a wercli report at all
     * (it has a report id) is for the caller to decide, since {@code analyze} writes reports without one.
     */
    public static CrashReport read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), CrashReport.class);
    }

    /** The same, from JSON text. */
    public static CrashReport read(String json) throws IOException {
        return MAPPER.readValue(json, CrashReport.class);
    }
}
