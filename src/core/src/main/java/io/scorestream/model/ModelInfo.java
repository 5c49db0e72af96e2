package io.scorestream.model;

/**
 * Provenance stamped on every model: its version (increasing per publisher), how many samples its
 * statistics absorbed, the partition version they were gathered on, and when it was made.
 */
public record ModelInfo(long version, long samplesAbsorbed, long partitionVersion, long createdAtMillis, String description) {
    public ModelInfo {
        if (description == null) description = "";
    }

}
