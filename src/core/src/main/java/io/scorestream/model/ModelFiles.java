package io.scorestream.model;

import io.scorestream.io.AtomicFiles;
import io.scorestream.io.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model files on disk: written atomically (never half a model), read with every check of {@link ModelCodec}. */
public final class ModelFiles {
    private ModelFiles() {}

    public static void save(Path file, ScoreModel model) throws IOException {
        try {
            AtomicFiles.write(file, out -> ModelCodec.encode(model, out));
        } catch (IOException e) {   // a missing directory, no permission: one line naming the file
            throw InputException.writing(file, e);
        }
    }

    /** Loads a model; anything wrong with the file is an {@link InputException} naming it. */
    public static ScoreModel load(Path file) {
        return load(file, ModelCodec::decode);
    }

    /**
     * Loads a model whose levels are decoded on first use ({@link ModelCodec#decodeLazily}), with
     * the same checks of the whole file: for a short run that uses some of the levels.
     */
    public static ScoreModel loadLazily(Path file) {
        return load(file, ModelCodec::decodeLazily);
    }

    private static ScoreModel load(Path file, java.util.function.BiFunction<byte[], String, ScoreModel> decoder) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
        try {
            return decoder.apply(bytes, file.toString());
        } catch (ModelCodec.InvalidModelException e) {
            throw new InputException(e.getMessage(), e);
        }
    }
}
