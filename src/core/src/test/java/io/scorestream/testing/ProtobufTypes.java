package io.scorestream.testing;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Protobuf message types for tests, built as protoc would describe them (no protoc is installed,
 * and the build must not need one). The file is, in .proto terms:
 * <pre>
 * syntax = "proto3";
 * package sensors;
 * enum Kind { KIND_UNSPECIFIED = 0; INDOOR = 1; OUTDOOR = 2; }
 * message Other { double x = 1; }                                   // message indexes [0]
 * message Reading {                                                 // [1]
 *   message Sensor { double temp = 1; optional double humidity = 2; }
 *   Sensor sensor = 1; Kind kind = 2; bool ok = 3; repeated float embedding = 4;
 *   string site = 5; bytes raw = 6; map&lt;string, double&gt; extra = 7;
 *   oneof choice { double a = 8; double b = 9; }
 * }
 * message Scalars {                                                 // [2]
 *   message Nested { double v = 1; }                                // [2, 0]
 *   int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5; sint64 s64 = 6;
 *   fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10; float fl = 11; double db = 12;
 * }
 * message Bird { string id = 1; string species = 2; double mass = 3; }   // [3]
 * </pre>
 * and a proto2 file {@code legacy.proto}: {@code package legacy; message Old { optional double level = 1; optional int32 count = 2; }}.
 */
public final class ProtobufTypes {
    private ProtobufTypes() {}

    public static final FileDescriptorProto SENSORS = FileDescriptorProto.newBuilder()
            .setName("sensors.proto").setPackage("sensors").setSyntax("proto3")
            .addEnumType(EnumDescriptorProto.newBuilder().setName("Kind")
                    .addValue(value("KIND_UNSPECIFIED", 0)).addValue(value("INDOOR", 1)).addValue(value("OUTDOOR", 2)))
            .addMessageType(DescriptorProto.newBuilder().setName("Other").addField(field("x", 1, Type.TYPE_DOUBLE)))
            .addMessageType(DescriptorProto.newBuilder().setName("Reading")
                    .addNestedType(DescriptorProto.newBuilder().setName("Sensor")
                            .addField(field("temp", 1, Type.TYPE_DOUBLE))
                            .addField(field("humidity", 2, Type.TYPE_DOUBLE).setProto3Optional(true).setOneofIndex(0))
                            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_humidity")))
                    .addNestedType(DescriptorProto.newBuilder().setName("ExtraEntry").setOptions(MessageOptions.newBuilder().setMapEntry(true))
                            .addField(field("key", 1, Type.TYPE_STRING)).addField(field("value", 2, Type.TYPE_DOUBLE)))
                    .addField(field("sensor", 1, Type.TYPE_MESSAGE).setTypeName(".sensors.Reading.Sensor"))
                    .addField(field("kind", 2, Type.TYPE_ENUM).setTypeName(".sensors.Kind"))
                    .addField(field("ok", 3, Type.TYPE_BOOL))
                    .addField(field("embedding", 4, Type.TYPE_FLOAT).setLabel(Label.LABEL_REPEATED))
                    .addField(field("site", 5, Type.TYPE_STRING))
                    .addField(field("raw", 6, Type.TYPE_BYTES))
                    .addField(field("extra", 7, Type.TYPE_MESSAGE).setLabel(Label.LABEL_REPEATED).setTypeName(".sensors.Reading.ExtraEntry"))
                    .addField(field("a", 8, Type.TYPE_DOUBLE).setOneofIndex(0))
                    .addField(field("b", 9, Type.TYPE_DOUBLE).setOneofIndex(0))
                    .addOneofDecl(OneofDescriptorProto.newBuilder().setName("choice")))
            .addMessageType(scalars())
            .addMessageType(DescriptorProto.newBuilder().setName("Bird")   // [3]: strings beside a number, no repeated field
                    .addField(field("id", 1, Type.TYPE_STRING)).addField(field("species", 2, Type.TYPE_STRING)).addField(field("mass", 3, Type.TYPE_DOUBLE)))
            .build();

    public static final FileDescriptorProto LEGACY = FileDescriptorProto.newBuilder()
            .setName("legacy.proto").setPackage("legacy")   // no syntax: proto2
            .addMessageType(DescriptorProto.newBuilder().setName("Old")
                    .addField(field("level", 1, Type.TYPE_DOUBLE)).addField(field("count", 2, Type.TYPE_INT32)))
            .build();

    private static DescriptorProto scalars() {
        DescriptorProto.Builder b = DescriptorProto.newBuilder().setName("Scalars")
                .addNestedType(DescriptorProto.newBuilder().setName("Nested").addField(field("v", 1, Type.TYPE_DOUBLE)));
        Type[] types = {Type.TYPE_INT32, Type.TYPE_INT64, Type.TYPE_UINT32, Type.TYPE_UINT64, Type.TYPE_SINT32, Type.TYPE_SINT64,
                Type.TYPE_FIXED32, Type.TYPE_FIXED64, Type.TYPE_SFIXED32, Type.TYPE_SFIXED64, Type.TYPE_FLOAT, Type.TYPE_DOUBLE};
        String[] names = {"i32", "i64", "u32", "u64", "s32", "s64", "f32", "f64", "sf32", "sf64", "fl", "db"};
        for (int i = 0; i < types.length; i++) b.addField(field(names[i], i + 1, types[i]));
        return b.build();
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(Label.LABEL_OPTIONAL).setJsonName(name);
    }

    private static EnumValueDescriptorProto value(String name, int number) {
        return EnumValueDescriptorProto.newBuilder().setName(name).setNumber(number).build();
    }

    /** The descriptor set of both files, as protoc --include_imports --descriptor_set_out writes one. */
    public static byte[] descriptorSet() {
        return FileDescriptorSet.newBuilder().addFile(SENSORS).addFile(LEGACY).build().toByteArray();
    }

    /** The descriptor set written to dir/sensors.desc. */
    public static Path writeDescriptorSet(Path dir) throws IOException {
        return Files.write(dir.resolve("sensors.desc"), descriptorSet());
    }

    public static Descriptor message(String fullName) {
        try {
            FileDescriptor sensors = FileDescriptor.buildFrom(SENSORS, new FileDescriptor[0]);
            FileDescriptor legacy = FileDescriptor.buildFrom(LEGACY, new FileDescriptor[0]);
            String name = fullName.substring(fullName.indexOf('.') + 1);
            FileDescriptor file = fullName.startsWith("legacy.") ? legacy : sensors;
            Descriptor d = file.findMessageTypeByName(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
            return name.contains(".") ? d.findNestedTypeByName(name.substring(name.indexOf('.') + 1)) : d;
        } catch (com.google.protobuf.Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final Descriptor READING = message("sensors.Reading");
    public static final Descriptor BIRD = message("sensors.Bird");

    /** A Bird message's bytes; a null species is left unset (proto3: it reads as ""). */
    public static byte[] bird(String id, String species, double mass) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(BIRD).setField(BIRD.findFieldByName("id"), id).setField(BIRD.findFieldByName("mass"), mass);
        if (species != null) b.setField(BIRD.findFieldByName("species"), species);
        return b.build().toByteArray();
    }

    /** A Reading: sensor.temp and (when not null) sensor.humidity set, kind by name (null: unset), ok, embedding. */
    public static DynamicMessage reading(double temp, Double humidity, String kind, boolean ok, float... embedding) {
        Descriptor sensorType = READING.findNestedTypeByName("Sensor");
        DynamicMessage.Builder sensor = DynamicMessage.newBuilder(sensorType).setField(sensorType.findFieldByName("temp"), temp);
        if (humidity != null) sensor.setField(sensorType.findFieldByName("humidity"), humidity);
        DynamicMessage.Builder r = DynamicMessage.newBuilder(READING).setField(READING.findFieldByName("sensor"), sensor.build())
                .setField(READING.findFieldByName("ok"), ok);
        if (kind != null) r.setField(READING.findFieldByName("kind"), READING.findFieldByName("kind").getEnumType().findValueByName(kind));
        for (float e : embedding) r.addRepeatedField(READING.findFieldByName("embedding"), e);
        return r.build();
    }
}
