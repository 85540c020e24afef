package scoremodels.kernel;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The kernel's own log: the process's original stderr, never a notebook cell's output. */
final class KernelLog {
    private static volatile PrintStream sink = System.err;

    private KernelLog() {
    }

    /** Pins the log to the stream the process started with, before cells take System.err over. */
    static void useStream(PrintStream stream) {
        sink = stream;
    }

    static void warn(String message) {
        write("WARN", message);
    }

    static void info(String message) {
        write("INFO", message);
    }

    private static void write(String level, String message) {
        PrintStream s = sink;
        s.println("[score-models kernel " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + "] " + message);
        s.flush();
    }
}
