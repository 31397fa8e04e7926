package dev.wercli.platform;

/** Whether this process may change machine-wide settings (HKLM, ProgramData). */
public interface Elevation {
    boolean isElevated() throws PlatformException;
}
