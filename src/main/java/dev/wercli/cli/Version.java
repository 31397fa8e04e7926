package dev.wercli.cli;

import picocli.CommandLine;

/** wercli's version, from the jar manifest (Implementation-Version), "dev" when run from classes. */
public final class Version implements CommandLine.IVersionProvider {
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"wercli " + current()};
    }
}
