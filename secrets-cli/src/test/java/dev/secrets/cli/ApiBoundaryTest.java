package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI is a client of the libraries like any Java program: its classes reference only what the
 * library modules export (read from their module-info), never an internal package.
 */
class ApiBoundaryTest {
    private static final Pattern LIBRARY_CLASS = Pattern.compile("dev/secrets/(?:sops|age|pgp)(?:/[a-z0-9]+)*/[A-Z][A-Za-z0-9_$]*");

    @Test
    void cliClassesUseOnlyExportedLibraryPackages() throws IOException {
        Set<String> exported = new HashSet<>();
        List<Path> cliClasses = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            ModuleDescriptor module = descriptor(p);
            if (module != null && module.name().startsWith("dev.secrets.")) {
                module.exports().stream().filter(e -> !e.isQualified()).forEach(e -> exported.add(e.source()));
            }
            if (Files.isDirectory(p.resolve("dev/secrets/cli")) && p.endsWith(Path.of("target", "classes"))) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.toString().endsWith(".class")).forEach(cliClasses::add);
                }
            }
        }
        assertTrue(exported.containsAll(Set.of("dev.secrets.sops", "dev.secrets.age", "dev.secrets.pgp")),
                "module descriptors of the three libraries: " + exported);
        assertTrue(cliClasses.size() > 20, "CLI classes found: " + cliClasses.size());
        Set<String> reached = new TreeSet<>();
        for (Path c : cliClasses) {
            Matcher m = LIBRARY_CLASS.matcher(new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                String name = m.group();
                String pkg = name.substring(0, name.lastIndexOf('/')).replace('/', '.');
                if (!exported.contains(pkg)) {
                    reached.add(c.getFileName() + " -> " + name);
                }
            }
        }
        assertEquals(Set.of(), reached, "CLI classes reaching non-exported library packages");
    }

    private static ModuleDescriptor descriptor(Path entry) throws IOException {
        if (Files.isRegularFile(entry.resolve("module-info.class"))) {
            try (InputStream in = Files.newInputStream(entry.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
            try (JarFile jar = new JarFile(entry.toFile())) {
                var e = jar.getEntry("module-info.class");
                if (e != null) {
                    try (InputStream in = jar.getInputStream(e)) {
                        return ModuleDescriptor.read(in);
                    }
                }
            }
        }
        return null;
    }
}
