package dev.passerelle.invoicing.pdf;

import java.util.logging.Level;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;

/**
 * openhtmltopdf writes its own console lines (font loading, CSS timings) at INFO on every
 * render. This sends them through our logging instead: warnings as warnings, the rest at DEBUG.
 */
final class OpenHtmlToPdfLogging implements XRLogger {

    private static boolean installed;

    private OpenHtmlToPdfLogging() {
    }

    static synchronized void install() {
        if (!installed) {
            XRLog.setLoggerImpl(new OpenHtmlToPdfLogging());
            installed = true;
        }
    }

    @Override
    public void log(String where, Level level, String msg) {
        log(where, level, msg, null);
    }

    @Override
    public void log(String where, Level level, String msg, Throwable th) {
        Logger logger = LoggerFactory.getLogger(where);
        if (level.intValue() >= Level.SEVERE.intValue()) {
            logger.error(msg, th);
        } else if (level.intValue() >= Level.WARNING.intValue()) {
            logger.warn(msg, th);
        } else {
            logger.debug(msg, th);
        }
    }

    @Override
    public void setLevel(String logger, Level level) {
        // Levels are configured like every other logger (logging.level.com.openhtmltopdf...).
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        return diagnostic.getLevel().intValue() >= Level.WARNING.intValue()
                || LoggerFactory.getLogger("com.openhtmltopdf").isDebugEnabled();
    }
}
