package io.scorestream.io;

import java.nio.file.Path;

/**
 * A problem with something the user gave us (a file, a value), as opposed to a bug.
 *
 * <p>The message is already in its final user-facing form, {@code <file>:<line>: <reason>} or
 * {@code <file>: <reason>}, so the command line can print it as is on one line.
 */
public final class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    public static InputException at(Path file, long line, String reason) {
        return new InputException(file + ":" + line + ": " + reason);
    }

    public static InputException in(Path file, String reason) {
        return new InputException(file + ": " + reason);
    }
}
