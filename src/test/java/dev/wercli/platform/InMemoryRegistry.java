package dev.wercli.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A registry in memory with Windows' rules that matter here: case-insensitive names, writes create missing
 * keys, a key with subkeys cannot be deleted, the two views are separate. {@link #failOnWrite(int)} makes the
 * Nth change from now fail, to test rollback.
 */
public final class InMemoryRegistry implements Registry {
    /** Keys by view and lower-cased path; each holds its values (case-insensitive names, insertion kept). */
    private final Map<RegistryView, Map<String, Map<String, RegistryValue>>> keys = new TreeMap<>();
    private int writesUntilFailure = -1;
    private int changes;

    public InMemoryRegistry() {
        for (RegistryView v : RegistryView.values()) {
            keys.put(v, new TreeMap<>());
        }
    }

    /** The {@code n}th change from now (1 = the next one) throws; later ones succeed again. */
    public InMemoryRegistry failOnWrite(int n) {
        writesUntilFailure = n;
        return this;
    }

    /** Changes (write, deleteValue, createKey, deleteKey) made so far, including no-op deletes. */
    public int changes() {
        return changes;
    }

    /** Test setup without counting as a change. */
    public InMemoryRegistry put(RegistryView view, String key, String name, RegistryValue value) {
        createPath(view, key).put(name, value);
        return this;
    }

    /** Every key and value of a view, for "exactly as before" comparisons. */
    public Map<String, Map<String, RegistryValue>> snapshot(RegistryView view) {
        Map<String, Map<String, RegistryValue>> copy = new TreeMap<>();
        keys.get(view).forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    @Override
    public Optional<RegistryValue> read(RegistryView view, String key, String name) {
        Map<String, RegistryValue> values = keys.get(view).get(norm(key));
        return values == null ? Optional.empty() : Optional.ofNullable(values.get(name));
    }

    @Override
    public void write(RegistryView view, String key, String name, RegistryValue value) throws PlatformException {
        if (value instanceof RegistryValue.Other) {
            throw new IllegalArgumentException("cannot write " + value.describe());
        }
        change("write " + key + "\\" + name);
        createPath(view, key).put(name, value);
    }

    @Override
    public void deleteValue(RegistryView view, String key, String name) throws PlatformException {
        change("delete " + key + "\\" + name);
        Map<String, RegistryValue> values = keys.get(view).get(norm(key));
        if (values != null) {
            values.remove(name);
        }
    }

    @Override
    public boolean keyExists(RegistryView view, String key) {
        return keys.get(view).containsKey(norm(key));
    }

    @Override
    public List<String> valueNames(RegistryView view, String key) {
        Map<String, RegistryValue> values = keys.get(view).get(norm(key));
        return values == null ? List.of() : new ArrayList<>(values.keySet());
    }

    @Override
    public List<String> subKeyNames(RegistryView view, String key) {
        String prefix = norm(key) + "\\";
        List<String> names = new ArrayList<>();
        for (String k : keys.get(view).keySet()) {
            if (k.startsWith(prefix) && k.indexOf('\\', prefix.length()) < 0) {
                names.add(k.substring(prefix.length()));
            }
        }
        return names;
    }

    @Override
    public void createKey(RegistryView view, String key) throws PlatformException {
        change("create " + key);
        createPath(view, key);
    }

    @Override
    public void deleteKey(RegistryView view, String key) throws PlatformException {
        change("delete key " + key);
        if (!subKeyNames(view, key).isEmpty()) {
            throw new PlatformException("key has subkeys: " + key, 5);
        }
        keys.get(view).remove(norm(key));
    }

    private void change(String what) throws PlatformException {
        changes++;
        if (writesUntilFailure > 0 && --writesUntilFailure == 0) {
            throw new PlatformException("injected failure: " + what, 1021);
        }
    }

    private Map<String, RegistryValue> createPath(RegistryView view, String key) {
        String[] parts = key.split("\\\\");
        StringBuilder path = new StringBuilder();
        Map<String, RegistryValue> values = null;
        for (String part : parts) {
            path.append(path.length() == 0 ? "" : "\\").append(part);
            values = keys.get(view).computeIfAbsent(norm(path.toString()),
                    k -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
        }
        return values;
    }

    private static String norm(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}
