package dev.wercli.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One service at most, like the SCM's database for our name. */
public final class FakeServiceManager implements ServiceManager {
    public final List<String> journal = new ArrayList<>();
    public Service service;
    public boolean stopsInTime = true;

    @Override
    public Optional<Service> query(String name) {
        return Optional.ofNullable(service);
    }

    @Override
    public Optional<String> create(String name, String displayName, String description, String commandLine)
            throws PlatformException {
        if (service != null) {
            throw new PlatformException("CreateService", 1073); // ERROR_SERVICE_EXISTS
        }
        journal.add("create " + name + " " + commandLine);
        service = new Service("STOPPED", 0, commandLine, true);
        return Optional.empty();
    }

    @Override
    public void start(String name) {
        journal.add("start");
        service = new Service("RUNNING", 77, service.commandLine(), true);
    }

    @Override
    public boolean stop(String name, Duration wait) {
        journal.add("stop");
        if (stopsInTime) {
            service = new Service("STOPPED", 0, service.commandLine(), true);
        }
        return stopsInTime;
    }

    @Override
    public void delete(String name) {
        journal.add("delete");
        service = null;
    }
}
