package io.scorestream.stream;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium (`bin/test` installs it when missing), for tests of the dashboard page. */
final class Chromium {
    private Chromium() {}

    static String binary() {
        for (String name : new String[]{"chromium", "chromium-browser"})
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p.toString();
            }
        throw new AssertionError("no chromium on the PATH: install Debian's chromium package (.ci/run does)");
    }

    /** The page's DOM after it has run for a few seconds of (virtual) time; extra adds arguments such as --screenshot. */
    static String dumpDom(String url, Path profile, String... extra) throws Exception {
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-extensions", "--no-first-run", "--user-data-dir=" + profile,
                "--virtual-time-budget=4500", "--window-size=1100,700"));
        command.addAll(List.of(extra));
        command.add("--dump-dom");
        command.add(url);
        Path out = profile.resolve("dom.html"), err = profile.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isEmpty())
            throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        return dom;
    }

    /** A PNG of the page after a few seconds (what README's screenshot is made with). */
    static void screenshot(String url, Path profile, Path png) throws Exception {
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-extensions", "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=4500",
                "--window-size=1150,620", "--hide-scrollbars", "--screenshot=" + png.toAbsolutePath(), url)
                .redirectErrorStream(true).redirectOutput(profile.resolve("screenshot.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("chromium could not take a screenshot");
    }
}
