package dev.wercli.install;

import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Registry} that remembers, before each change, what was there, so {@link #rollback()} can put every
 * touched value and key back as it was: all or nothing for install and uninstall.
 */
final class RegistryTransaction implements Registry {
    private final Registry registry;
    /** Undo steps, newest first. */
    private final Deque<Undo> undo = new ArrayDeque<>();

    private interface Undo {
        void run(Registry r) throws PlatformException;
    }

    RegistryTransaction(Registry registry) {
        this.registry = registry;
    }

    /**
     * Undoes every change, newest first. Keeps going after a failed step; returns the failures (empty when the
     * registry is back as it was).
     */
    List<String> rollback() {
        List<String> failures = new ArrayList<>();
        while (!undo.isEmpty()) {
            try {
                undo.pop().run(registry);
            } catch (PlatformException | RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        return failures;
    }

    @Override
    public Optional<RegistryValue> read(RegistryView view, String key, String name) throws PlatformException {
        return registry.read(view, key, name);
    }

    @Override
    public void write(RegistryView view, String key, String name, RegistryValue value) throws PlatformException {
        rememberMissingKeys(view, key);
        rememberValue(view, key, name);
        registry.write(view, key, name, value);
    }

    @Override
    public void deleteValue(RegistryView view, String key, String name) throws PlatformException {
        rememberValue(view, key, name);
        registry.deleteValue(view, key, name);
    }

    @Override
    public boolean keyExists(RegistryView view, String key) throws PlatformException {
        return registry.keyExists(view, key);
    }

    @Override
    public List<String> valueNames(RegistryView view, String key) throws PlatformException {
        return registry.valueNames(view, key);
    }

    @Override
    public List<String> subKeyNames(RegistryView view, String key) throws PlatformException {
        return registry.subKeyNames(view, key);
    }

    @Override
    public void createKey(RegistryView view, String key) throws PlatformException {
        rememberMissingKeys(view, key);
        registry.createKey(view, key);
    }

    @Override
    public void deleteKey(RegistryView view, String key) throws PlatformException {
        if (!registry.keyExists(view, key)) {
            return;
        }
        Map<String, RegistryValue> values = new LinkedHashMap<>();
        for (String name : registry.valueNames(view, key)) {
            Optional<RegistryValue> v = registry.read(view, key, name);
            if (v.isPresent() && v.get() instanceof RegistryValue.Other) {
                throw new PlatformException("will not delete HKLM\\" + key + ": value " + name
                        + " is a " + v.get().describe() + " that could not be put back", 0);
            }
            v.ifPresent(value -> values.put(name, value));
        }
        undo.push(r -> {
            r.createKey(view, key);
            for (Map.Entry<String, RegistryValue> e : values.entrySet()) {
                r.write(view, key, e.getKey(), e.getValue());
            }
        });
        registry.deleteKey(view, key);
    }

    private void rememberValue(RegistryView view, String key, String name) throws PlatformException {
        Optional<RegistryValue> before = registry.read(view, key, name);
        if (before.isPresent() && before.get() instanceof RegistryValue.Other) {
            throw new PlatformException("will not change HKLM\\" + key + " value " + name + ": its "
                    + before.get().describe() + " could not be put back", 0);
        }
        undo.push(r -> {
            if (before.isPresent()) {
                r.write(view, key, name, before.get());
            } else {
                r.deleteValue(view, key, name);
            }
        });
    }

    /** Each missing key on the path, so rollback deletes what this transaction created (deepest first). */
    private void rememberMissingKeys(RegistryView view, String key) throws PlatformException {
        String[] parts = key.split("\\\\");
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            path.append(path.length() == 0 ? "" : "\\").append(part);
            String p = path.toString();
            if (!registry.keyExists(view, p)) {
                undo.push(r -> r.deleteKey(view, p));
            }
        }
    }
}
