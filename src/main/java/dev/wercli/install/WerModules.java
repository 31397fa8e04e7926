package dev.wercli.install;

import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * WER runtime exception modules registered in the registry: REG_DWORD values (data 0) named by a DLL's full
 * path under {@value #KEY}, in HKLM (each view) or HKCU. wercli's module is wercli-wer-x64.dll for 64-bit
 * processes and wercli-wer-x86.dll for 32-bit ones (native-launcher/wer).
 *
 * <p>Views: under HKLM the x64 DLL is written to the 64-bit view and the x86 DLL to the 32-bit view
 * (WOW6432Node). Whether WER reads this key through the WOW64 redirection for a 32-bit process is not
 * documented; a module of the wrong bitness fails to load and is skipped, so nothing breaks either way.
 * HKCU\SOFTWARE is not redirected: both DLLs go into the one key.
 */
public final class WerModules {
    public static final String KEY = "SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\RuntimeExceptionHelperModules";
    public static final String X64_DLL = "wercli-wer-x64.dll";
    public static final String X86_DLL = "wercli-wer-x86.dll";

    /** One registered module as status shows it. */
    public record Entry(String hive, String view, String path, String value, boolean enabled, boolean wercli) {
    }

    private WerModules() {
    }

    /** Every value of the key in HKLM (both views) and HKCU; a value in both HKLM views appears once per view. */
    public static List<Entry> list(Registry machine, Registry user) throws PlatformException {
        List<Entry> out = new ArrayList<>();
        for (RegistryView view : RegistryView.values()) {
            addAll(out, machine, "HKLM", view);
        }
        if (user != null && user != machine) {
            addAll(out, user, "HKCU", RegistryView.WOW64_64KEY);
        }
        return out;
    }

    private static void addAll(List<Entry> out, Registry registry, String hive, RegistryView view) throws PlatformException {
        for (String name : registry.valueNames(view, KEY)) {
            Optional<RegistryValue> v = registry.read(view, KEY, name);
            boolean enabled = v.isPresent() && v.get() instanceof RegistryValue.Dword d && d.value() == 0;
            out.add(new Entry(hive, view.label(), name, v.map(RegistryValue::describe).orElse("absent"), enabled,
                    isWercli(name)));
        }
    }

    public static boolean isWercli(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        String name = p.substring(Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/')) + 1);
        return name.equals(X64_DLL) || name.equals(X86_DLL);
    }

    /**
     * Registers the two DLLs. HKLM ({@code user == false}): x64 in the 64-bit view, x86 in the 32-bit view;
     * HKCU: both in the one key. Returns what was written, for the user.
     */
    public static List<String> register(Registry registry, boolean user, String x64Dll, String x86Dll)
            throws PlatformException {
        List<String> written = new ArrayList<>();
        RegistryView x86View = user ? RegistryView.WOW64_64KEY : RegistryView.WOW64_32KEY;
        registry.write(RegistryView.WOW64_64KEY, KEY, x64Dll, new RegistryValue.Dword(0));
        written.add((user ? "HKCU" : "HKLM 64-bit view") + ": " + x64Dll);
        registry.write(x86View, KEY, x86Dll, new RegistryValue.Dword(0));
        written.add((user ? "HKCU" : "HKLM 32-bit view") + ": " + x86Dll);
        return written;
    }

    /** Deletes every wercli module value from the hive (both views); other modules are left alone. */
    public static List<String> unregister(Registry registry, boolean user) throws PlatformException {
        List<String> removed = new ArrayList<>();
        for (RegistryView view : user ? List.of(RegistryView.WOW64_64KEY) : List.of(RegistryView.values())) {
            for (String name : registry.valueNames(view, KEY)) {
                if (isWercli(name)) {
                    registry.deleteValue(view, KEY, name);
                    removed.add((user ? "HKCU" : "HKLM " + view.label() + " view") + ": " + name);
                }
            }
        }
        return removed;
    }
}
