package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the start-up work of the everyday verbs (bench/startup.sh): the classes the JVM loads for
 * them must not include machinery that start-up measurements removed, since on JDK 17 each of these
 * generates classes at run time that no class-data archive keeps.
 */
class StartupPathTest {
    /** Class-name prefixes, each with why it must stay off the everyday paths. */
    private static final List<List<String>> FORBIDDEN = List.of(
            List.of("java.lang.runtime.ObjectMethods", "a record's equals/hashCode/toString called (~30 ms at first call)"),
            List.of("picocli.", "picocli (not archivable, ~150 ms)"),
            List.of("com.fasterxml.jackson.", "Jackson, not needed to read or write dotenv"));

    @TempDir
    Path tmp;

    /**
     * Each invokedynamic concatenation shape generates classes at its first run: the project's
     * classes are compiled with -XDstringConcat=inline (parent pom). The JDK loads the factory class
     * itself at start, so this reads the bytecode rather than the class-load log.
     */
    @Test
    void projectClassesConcatenateWithoutInvokedynamic() throws Exception {
        // the four modules' classes: folders inside the IDE or a single module's build, jars in a
        // reactor build
        List<Path> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).filter(StartupPathTest::isProjectMainClasses).toList();
        assertEquals(4, entries.size(), "sops-core, sops-age, sops-pgp and secrets-cli classes on the class path: " + entries);
        int checked = 0;
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    for (Path c : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
                        assertConcatenatesInline(c.toString(), Files.readAllBytes(c));
                        checked++;
                    }
                }
            } else {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    for (JarEntry e : Collections.list(jar.entries())) {
                        if (e.getName().endsWith(".class")) {
                            assertConcatenatesInline(entry + "!" + e.getName(), jar.getInputStream(e).readAllBytes());
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " classes found");
    }

    private static final byte[] CONCAT_BOOTSTRAP = "makeConcatWithConstants".getBytes(StandardCharsets.US_ASCII);

    private static void assertConcatenatesInline(String classFile, byte[] bytes) {
        assertTrue(indexOf(bytes, CONCAT_BOOTSTRAP) < 0, classFile + " uses invokedynamic string concatenation");
    }

    private static boolean isProjectMainClasses(Path entry) {
        String name = entry.getFileName().toString();
        return entry.endsWith(Path.of("target", "classes"))
                || (name.matches("(sops-core|sops-age|sops-pgp|secrets-cli)-[0-9].*\\.jar") && !name.contains("-tests"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void everydayVerbsStayOffTheSlowPaths() throws Exception {
        ServiceRepo services = new ServiceRepo(tmp);
        services.service("caddy", "DOMAIN=example.test\nTOKEN=sentinel-not-secret\n");
        Files.writeString(services.repo.root.resolve("plain.env"), "A=1\nB=two\n");
        List<List<String>> runs = List.of(
                List.of("decrypt", "caddy", "--stdout"),
                List.of("decrypt", "--input-type", "dotenv", "--output-type", "dotenv", "caddy/.env.enc"),
                List.of("encrypt", "--age", TestRepo.recipient(), "plain.env"),
                List.of("deploy", "caddy", "--dry-run"),
                List.of("exec-env", "caddy", "--", "true"));
        int n = 0;
        for (List<String> args : runs) {
            Path log = tmp.resolve("classes-" + n++ + ".txt");
            // the audit log on, as it is by default: writing its line must stay off the slow paths too
            Cli.Result r = services.cli().env("SECRETS_AUDIT", "on").env("SECRETS_AUDIT_LOG", tmp.resolve("audit.log").toString())
                    .jvmOption("-Xlog:class+load=info:file=" + log).run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), args + ": " + r);
            List<String> loaded = Files.readAllLines(log).stream()
                    .map(line -> line.replaceFirst("^\\[[^]]*\\]\\[info\\]\\[class,load\\] ", ""))
                    .collect(Collectors.toList());
            assertTrue(loaded.size() > 300, args + ": class-load log looks empty: " + loaded.size());
            for (List<String> rule : FORBIDDEN) {
                List<String> hits = loaded.stream().filter(c -> c.startsWith(rule.get(0))).limit(3).toList();
                assertTrue(hits.isEmpty(), args + " loads " + hits + ": " + rule.get(1));
            }
        }
        // every run but encrypt's was audited, and the runs after the first appended to an existing log
        assertEquals(4, Files.readAllLines(tmp.resolve("audit.log")).size());
    }
}
