package io.scorestream.stream;

/**
 * Marker of every actor message: bound to Akka's {@code jackson-cbor} serializer in
 * {@code reference.conf} (Java serialization is off), so messages can cross nodes once the band
 * regressors are Cluster Sharding entities. The library types the messages carry (matrices,
 * structures, models, statistics) are mapped by {@link ScoreStreamJacksonModule}.
 *
 * <p>Each actor's {@code Command} interface extends this marker, so a new command is covered
 * without further work; replies implement it themselves ({@code MessageSerializationTest} checks
 * both).
 */
public interface CborSerializable {}
