package dev.wercli.analysis.pe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The named exports of an image that point at code or data inside it (forwarders are left out: they name
 * another module's function and have no address here), sorted by RVA for nearest-symbol lookup.
 */
public final class ExportTable {
    /** One named export. */
    public record Export(String name, int ordinal, long rva) {
    }

    public static final ExportTable EMPTY = new ExportTable(null, List.of());

    private final String dllName;
    private final List<Export> byRva;

    ExportTable(String dllName, List<Export> exports) {
        this.dllName = dllName;
        List<Export> sorted = new ArrayList<>(exports);
        sorted.sort(Comparator.comparingLong(Export::rva).thenComparing(Export::name));
        this.byRva = List.copyOf(sorted);
    }

    /** The DLL name the linker stored in the export directory, if any. */
    public Optional<String> dllName() {
        return Optional.ofNullable(dllName);
    }

    public List<Export> exports() {
        return byRva;
    }

    public Optional<Export> byName(String name) {
        return byRva.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The export with the greatest RVA not above {@code rva}: the symbol a debugger without PDBs shows. */
    public Optional<Export> nearestAtOrBefore(long rva) {
        int lo = 0;
        int hi = byRva.size() - 1;
        Export best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Export e = byRva.get(mid);
            if (e.rva() <= rva) {
                best = e;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.ofNullable(best);
    }
}
