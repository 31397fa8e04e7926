package dev.wercli.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Every Jackson ObjectMapper set-up wercli needs, and why each differs. There are two, because wercli writes
 * two kinds of JSON whose names are already published and cannot change:
 * <ul>
 *   <li>{@link #snakeCase()}: the report and what is derived from it (list --json), whose schema uses
 *       snake_case names;</li>
 *   <li>{@link #javaNames()}: the settings file (config.json) and status --json, whose names are the Java
 *       ones (dumpDir, timeoutSeconds), written by earlier versions and read back by later ones.</li>
 * </ul>
 * JSON lines (the store's index) need no third set-up: {@code snakeCase().writer().without(INDENT_OUTPUT)}.
 * Both are indented and ignore unknown properties when reading (a file may come from a newer wercli). Each is
 * built on first use, not when this class loads: the capture's start-up path never builds one (the settings
 * are read with the streaming parser, see {@link CaptureConfig#load}), and the report's is built after the
 * crashed process was released.
 */
public final class Json {
    private Json() {
    }

    public static ObjectMapper snakeCase() {
        return SnakeCase.MAPPER;
    }

    public static ObjectMapper javaNames() {
        return JavaNames.MAPPER;
    }

    private static JsonMapper.Builder common() {
        return JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static final class SnakeCase {
        static final ObjectMapper MAPPER = common().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    private static final class JavaNames {
        static final ObjectMapper MAPPER = common().build();
    }
}
