package dev.wercli.report.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JSON Schema validator for the subset docs/report.schema.json uses: type (one or a list), properties,
 * required, additionalProperties (a schema), items, $ref to "#/$defs/...", anyOf, enum, const, pattern,
 * minimum. Any other keyword in the schema is an error, so the schema cannot silently outgrow this validator.
 *
 * <p>Strict mode adds one rule JSON Schema leaves open: an object whose schema lists "properties" and no
 * "additionalProperties" may not carry other fields. Tests use it so every field wercli writes is documented;
 * the published schema stays open, because consumers must ignore fields they do not know.
 */
public final class SchemaValidator {
    private static final List<String> KNOWN = List.of("$schema", "$id", "title", "description", "type", "properties",
            "required", "additionalProperties", "items", "$ref", "$defs", "anyOf", "enum", "const", "pattern",
            "minimum");

    private final JsonNode root;
    private final boolean strict;

    public SchemaValidator(JsonNode root, boolean strict) {
        this.root = root;
        this.strict = strict;
    }

    /** The violations, each "path: message"; empty when the document is valid. */
    public List<String> validate(JsonNode document) {
        List<String> errors = new ArrayList<>();
        check(root, document, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!KNOWN.contains(keyword)) {
                errors.add(path + ": schema keyword '" + keyword + "' is not supported by this validator");
            }
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, errors);
        }
        if (schema.has("anyOf")) {
            List<String> closest = null;
            for (JsonNode option : schema.get("anyOf")) {
                List<String> sub = new ArrayList<>();
                check(option, value, path, sub);
                // The closest option is one of the right type (a null option says little about an object).
                if (closest == null || rank(sub, path) < rank(closest, path)) {
                    closest = sub;
                }
            }
            if (closest != null && !closest.isEmpty()) {
                errors.add(path + ": matches none of anyOf; the closest option says:");
                errors.addAll(closest);
            }
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(path + ": expected type " + schema.get("type") + ", got " + value.getNodeType());
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + ": expected " + schema.get("const") + ", got " + value);
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= option.equals(value);
            }
            if (!found) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("pattern") && value.isTextual()
                && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            errors.add(path + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (value.isObject()) {
            checkObject(schema, value, path, errors);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static int rank(List<String> errors, String path) {
        boolean wrongType = errors.stream().anyMatch(e -> e.startsWith(path + ": expected type"));
        return (wrongType ? 1_000_000 : 0) + errors.size();
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("required")) {
            for (JsonNode name : schema.get("required")) {
                if (!value.has(name.asText())) {
                    errors.add(path + ": missing required field '" + name.asText() + "'");
                }
            }
        }
        JsonNode properties = schema.get("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String childPath = path + "." + field.getKey();
            if (properties != null && properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), childPath, errors);
            } else if (schema.has("additionalProperties")) {
                check(schema.get("additionalProperties"), field.getValue(), childPath, errors);
            } else if (strict && properties != null) {
                errors.add(childPath + ": field is not documented in the schema");
            }
        }
    }

    private JsonNode resolve(String ref) {
        String prefix = "#/$defs/";
        if (!ref.startsWith(prefix) || !root.path("$defs").has(ref.substring(prefix.length()))) {
            throw new IllegalArgumentException("unresolvable $ref " + ref);
        }
        return root.get("$defs").get(ref.substring(prefix.length()));
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.asText()) {
            case "object": return value.isObject();
            case "array": return value.isArray();
            case "string": return value.isTextual();
            case "integer": return value.isIntegralNumber();
            case "number": return value.isNumber();
            case "boolean": return value.isBoolean();
            case "null": return value.isNull();
            default: throw new IllegalArgumentException("unknown type " + type);
        }
    }
}
