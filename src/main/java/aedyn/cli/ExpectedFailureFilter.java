package aedyn.cli;

import org.apache.commons.lang3.exception.ExceptionUtils;

import aedyn.data.NonFiniteSampleException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps Spark's own report of an expected failure off the terminal: a samples file holding NaN fails the task that
 * reads it, and Spark logs the executor's stack trace (twice) and the aborted job, while aedyn reports the same as one
 * line of bad input; a fatal error (out of memory, stack overflow) in any thread is logged by Spark's handlers with
 * its stack trace, while {@link FatalErrors} prints the one line. Only console appenders are filtered, so a log file
 * keeps every line.
 */
final class ExpectedFailureFilter extends AbstractFilter {
    private static final String EXPECTED = NonFiniteSampleException.class.getName();
    private volatile boolean seen;
    /** The standalone master's addresses (host:port), whose connection failures Main reports in one line. */
    private final java.util.List<String> masterAddresses;

    ExpectedFailureFilter(String master) {
        super(Result.NEUTRAL, Result.NEUTRAL);
        masterAddresses = master != null && master.startsWith("spark://")
                ? java.util.List.of(master.substring("spark://".length()).split(",")) : java.util.List.of();
    }

    /** Adds the filter to every console appender of the log4j 2 configuration in use (none when another backend logs). */
    static void installOnConsole(String master) {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) return;
        for (Appender a : context.getConfiguration().getAppenders().values()) {
            if (a instanceof ConsoleAppender console) {
                ExpectedFailureFilter filter = new ExpectedFailureFilter(master);
                filter.start();
                console.addFilter(filter);
            }
        }
    }

    @Override
    public Result filter(LogEvent event) {
        String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
        if (NonFiniteSampleException.in(event.getThrown()) != null || (message != null && message.contains(EXPECTED))
                || ExceptionUtils.indexOfType(event.getThrown(), VirtualMachineError.class) >= 0) {
            seen = true;
            return Result.DENY;
        }
        // a standalone master that does not take the application: each of Spark's attempts logs a stack trace
        if (!masterAddresses.isEmpty() && event.getLoggerName() != null && event.getLoggerName().startsWith("org.apache.spark.")
                && event.getLevel().isMoreSpecificThan(Level.WARN) && message != null
                && (masterAddresses.stream().anyMatch(message::contains) || message.contains("All masters are unresponsive")
                || message.contains("Application ID is not initialized yet") || message.contains("not yet connected to master"))) {
            return Result.DENY;
        }
        // Once the failure is seen the job is aborting: Spark's warnings about it (the aborted job, the other tasks
        // it kills, the blocks it could not store) say nothing the one line does not.
        if (seen && event.getLoggerName() != null && event.getLoggerName().startsWith("org.apache.spark.")
                && event.getLevel().isMoreSpecificThan(Level.WARN)) {
            return Result.DENY;
        }
        return Result.NEUTRAL;
    }
}
