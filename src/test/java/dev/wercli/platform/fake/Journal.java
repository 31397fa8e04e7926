package dev.wercli.platform.fake;

import java.util.ArrayList;
import java.util.List;

/** The order in which the fakes were called, so tests can assert sequences ("dump before signal"). */
public final class Journal {
    private final List<String> entries = new ArrayList<>();

    public synchronized void add(String entry) {
        entries.add(entry);
    }

    public synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    public synchronized int indexOf(String prefix) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
