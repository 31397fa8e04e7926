package dev.wercli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The one place that turns reports into JSON text: snake_case names, pretty-printed, stable order. */
public final class ReportJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ReportJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Loads and links Jackson and the report analysis on a background thread. Under Wine a cold JVM needs seconds for it; a capture
     * starts this at once so that the report (or the watchdog's failure record) does not wait for it.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            write(new CrashReport.Error("warm-up", ""));
            ReportBuilder.warmUp();
        }, "wercli-json-warm-up");
        t.setDaemon(true);
        t.start();
    }

    public static String write(Object report) {
        try {
            return MAPPER.writeValueAsString(report) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
