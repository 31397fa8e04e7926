package dev.wercli.cli;

import dev.wercli.platform.Elevation;
import dev.wercli.platform.PipeServer;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ServiceHost;
import dev.wercli.platform.ServiceManager;
import dev.wercli.platform.win32.Win32Elevation;
import dev.wercli.platform.win32.Win32PipeServer;
import dev.wercli.platform.win32.Win32Platform;
import dev.wercli.platform.win32.Win32ServiceHost;
import dev.wercli.platform.win32.Win32ServiceManager;

import java.util.function.Supplier;

/** What the service commands work on: the real SCM and pipe, or fakes in tests. */
record ServiceContext(ServiceManager manager, Elevation elevation, ServiceHost host, PipeFactory pipes) {
    interface PipeFactory {
        PipeServer open(String name) throws PlatformException;
    }

    /** Seam for tests. */
    static Supplier<ServiceContext> factory = ServiceContext::system;

    static ServiceContext current() {
        return factory.get();
    }

    /** The context, or empty off Windows (uninstall and status then have no service to look at). */
    static java.util.Optional<ServiceContext> ifAvailable() {
        try {
            return java.util.Optional.of(factory.get());
        } catch (WercliException e) {
            return java.util.Optional.empty();
        }
    }

    private static ServiceContext system() {
        try {
            Win32Platform.create();
        } catch (PlatformException e) {
            throw new WercliException(ExitCode.NOT_WINDOWS, e.getMessage());
        }
        return new ServiceContext(new Win32ServiceManager(), new Win32Elevation(), new Win32ServiceHost(),
                Win32PipeServer::new);
    }
}
