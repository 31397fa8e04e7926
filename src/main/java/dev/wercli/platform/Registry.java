package dev.wercli.platform;

import java.util.List;
import java.util.Optional;

/**
 * The part of HKEY_LOCAL_MACHINE that install/uninstall/status need. Key paths are relative to HKLM
 * ("SOFTWARE\\Microsoft\\..."), names are case-insensitive as in Windows, and every call names its view.
 */
public interface Registry {
    /** The value, or empty when the value or its key does not exist. */
    Optional<RegistryValue> read(RegistryView view, String key, String name) throws PlatformException;

    /** Writes a value, creating the key (and its parents) when missing. {@link RegistryValue.Other} is refused. */
    void write(RegistryView view, String key, String name, RegistryValue value) throws PlatformException;

    /** Deletes a value; nothing happens when it (or its key) does not exist. */
    void deleteValue(RegistryView view, String key, String name) throws PlatformException;

    boolean keyExists(RegistryView view, String key) throws PlatformException;

    /** Names of the values of a key, in the registry's order; empty when the key does not exist. */
    List<String> valueNames(RegistryView view, String key) throws PlatformException;

    /** Names of the direct subkeys; empty when the key does not exist. */
    List<String> subKeyNames(RegistryView view, String key) throws PlatformException;

    /** Creates the key and its missing parents; nothing happens when it exists. */
    void createKey(RegistryView view, String key) throws PlatformException;

    /** Deletes a key that has no subkeys (its values go with it); nothing happens when it does not exist. */
    void deleteKey(RegistryView view, String key) throws PlatformException;
}
