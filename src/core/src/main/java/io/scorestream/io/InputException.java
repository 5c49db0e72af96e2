package io.scorestream.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A problem with something the user gave us (a file, a value), as opposed to a bug.
 *
 * <p>The message is already in its final user-facing form, {@code <file>:<line>: <reason>} or
 * {@code <file>: <reason>}, so the command line can print it as is on one line.
 */
public final class InputException extends RuntimeException {
    /** The problem is a missing value (an empty field, NA, NaN, null), which a reader could leave out with its row. */
    private final boolean missingValue;
    /** The problem is a field that is not a number (a label, a category), which a reader could leave out with its column. */
    private final boolean notANumber;

    public InputException(String message) {
        this(message, false, false);
    }

    private InputException(String message, boolean missingValue, boolean notANumber) {
        super(message);
        this.missingValue = missingValue;
        this.notANumber = notANumber;
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
        this.missingValue = false;
        this.notANumber = false;
    }

    /** As {@link #at}, for a missing value. */
    public static InputException missingAt(Path file, long line, String reason) {
        return new InputException(file + ":" + line + ": " + reason, true, false);
    }

    /** As {@link #in}, for a missing value. */
    public static InputException missingIn(Path file, String reason) {
        return new InputException(file + ": " + reason, true, false);
    }

    /** As {@link #at}, for a field that is not a number. */
    public static InputException notANumberAt(Path file, long line, String reason) {
        return new InputException(file + ":" + line + ": " + reason, false, true);
    }

    public boolean missingValue() { return missingValue; }

    public boolean notANumber() { return notANumber; }

    /** The same problem with a hint appended to the message. */
    public InputException withHint(String hint) {
        InputException e = new InputException(getMessage() + hint, missingValue, notANumber);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The same problem in other words (another file's name and line for the same place), of the same kind. */
    /**
     * This problem, met reading a temporary translation of a file (an ARFF or libsvm file written
     * as CSV), as the file's own: its name for the translation's, and at the file's line of the
     * translation's line (sourceLines[i]: the file's line of line i; past its end, the same number).
     */
    InputException translatedFrom(Path translation, Path file, long[] sourceLines) {
        String message = getMessage(), prefix = translation + ":";
        if (!message.startsWith(prefix)) return reworded(message.replace(translation.toString(), file.toString()));
        String rest = message.substring(prefix.length());
        int digits = 0;
        while (digits < rest.length() && Character.isDigit(rest.charAt(digits))) digits++;
        if (digits > 0 && rest.startsWith(": ", digits)) {
            int line = Integer.parseInt(rest.substring(0, digits));
            rest = (line < sourceLines.length ? sourceLines[line] : line) + rest.substring(digits);
        }
        return reworded(file + ":" + rest.replace(translation.toString(), file.toString()));
    }

    InputException reworded(String message) {
        InputException e = new InputException(message, missingValue, notANumber);
        e.setStackTrace(getStackTrace());
        return e;
    }

    public static InputException at(Path file, long line, String reason) {
        return new InputException(file + ":" + line + ": " + reason);
    }

    public static InputException in(Path file, String reason) {
        return new InputException(file + ": " + reason);
    }

    /** An Avro data file that does not open or read, with why: empty, another format, a block cut off. */
    public static InputException notAvro(Path file, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        try {
            if (java.nio.file.Files.size(file) == 0) why = "the file is empty";
        } catch (java.io.IOException unreadable) {
            // why stays the reader's own
        }
        return in(file, "is not a readable Avro data file: " + why);
    }

    /** What reading file failed with, in the user's terms. */
    public static InputException reading(Path file, IOException e) {
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) return in(file, "file not found");
        if (e instanceof AccessDeniedException) return in(file, "permission denied");
        if (e instanceof CharacterCodingException) return in(file, "not a UTF-8 text file");
        return in(file, "cannot read: " + e.getMessage());
    }

    /** What writing file failed with, in the user's terms. */
    public static InputException writing(Path file, IOException e) {
        if (e instanceof NoSuchFileException) return in(file, "cannot write: directory does not exist");
        if (e instanceof AccessDeniedException) return in(file, "cannot write: permission denied");
        return in(file, "cannot write: " + e.getMessage());
    }
}
