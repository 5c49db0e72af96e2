package io.scorestream.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start of a command line that runs a class of this test JVM's class path in a JVM of its own. */
public final class ChildJvm {
    /**
     * The JIT's first tier only. The child JVMs the tests start (`scorestream run`, `demo`,
     * `produce`) spend most of their life starting up and do seconds of work at most; without C2
     * compiling in the background, `scorestream run` on this class path reached its "consuming"
     * line in 6.3-6.8 s instead of 10.3-10.6 s (2 cores, load 12). Which tier compiles the code
     * changes how fast it runs, not what it computes.
     */
    static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    private ChildJvm() {}

    /** java, {@link #QUICK_START}, the given JVM options, then -cp and this JVM's class path: append the main class and its arguments. */
    public static List<String> command(String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(QUICK_START);
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return command;
    }
}
