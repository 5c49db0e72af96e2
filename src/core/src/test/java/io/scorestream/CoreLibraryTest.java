package io.scorestream;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The core module is a plain library: nothing of the streaming stack is on its classpath (the
 * enforcer's banned-dependency rule stops the build first; this checks the result), and the
 * README's library example compiles and runs against this classpath alone.
 */
class CoreLibraryTest {

    @Test
    void noStreamingStackOnTheClasspath() {
        for (String name : new String[] {"akka.actor.typed.ActorSystem", "akka.http.javadsl.Http",
                "org.apache.kafka.clients.consumer.KafkaConsumer", "io.prometheus.client.Counter", "scala.Option"})
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " must not be on core's classpath");
    }

    @Test
    void readmeLibraryExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("<!-- library-example:start -->"), end = readme.indexOf("<!-- library-example:end -->");
        assertTrue(start >= 0 && end > start, "README.md has no library-example block");
        String block = readme.substring(start, end);
        String source = block.substring(block.indexOf("```java") + "```java".length(), block.lastIndexOf("```"));

        Path dir = Files.createTempDirectory("library-example");
        Files.writeString(dir.resolve("LibraryExample.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), dir.resolve("LibraryExample.java").toString());
        assertEquals(0, rc, "the README's library example does not compile:\n" + diagnostics);

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("LibraryExample").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertTrue(out.contains("two-sample accuracy"), "the example prints its accuracy:\n" + out);
        double accuracy = Double.parseDouble(out.replaceAll("(?s).*two-sample accuracy ([0-9.]+).*", "$1"));
        assertTrue(accuracy < 0.56, "the example's generated samples are close to the data: accuracy " + accuracy);
    }
}
