package dev.wercli.analysis.pe;

import java.util.Optional;

/**
 * A module's request for an auxiliary minidump provider (see {@link DumpHelperResource}).
 *
 * @param resourceName "DUMP_HELPER" or "MINIDUMP_AUXILIARY_PROVIDER"
 * @param provider     the provider DLL's file name the resource holds, empty when it holds no short string
 */
public record DumpHelper(String resourceName, Optional<String> provider) {
}
