package io.scorestream.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorestream.io.AtomicFiles;
import io.scorestream.io.InputException;
import io.scorestream.mixture.GaussianMixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes a true mixture as JSON, turning every failure into a one-line InputException. */
final class Truths {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Truths() {}

    static GaussianMixture read(Path file) {
        if (Files.isDirectory(file)) throw InputException.in(file, "is a directory, not a JSON file");
        try {
            return MAPPER.readValue(file.toFile(), GaussianMixture.class);
        } catch (JsonProcessingException e) {
            // The mixture constructor's own validation arrives wrapped; its message is the useful part.
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
            String reason = cause != null ? cause.getMessage() : e.getOriginalMessage();
            JsonLocation where = e.getLocation();
            if (where != null && where.getLineNr() > 0)
                throw InputException.at(file, where.getLineNr(), "not a valid mixture: " + reason);
            throw InputException.in(file, "not a valid mixture: " + reason);
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
    }

    static void write(Path file, GaussianMixture mixture) {
        try {
            AtomicFiles.write(file, out -> MAPPER.writeValue(out, mixture));
        } catch (IOException e) {
            throw InputException.writing(file, e);
        }
    }
}
