package aedyn.data;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named PREFIX-1, PREFIX-2, ... Not commons-lang3's BasicThreadFactory.builder(): that method is new in
 * 3.18, and a task on an executor of an older Spark (4.0.1 ships 3.17, as YARN clusters run it) gets its own copy.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    public static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
