package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.stores.json.JsonStore;
import dev.secrets.sops.tree.Branch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secrets list}: names, statuses and used-by; --json parses; no value ever shows. */
class ListCommandTest {
    static final String SENTINEL = "sentinel-list-s3cr3t";

    @TempDir
    java.nio.file.Path tmp;
    ServiceRepo repo;

    @BeforeEach
    void setUp() {
        repo = new ServiceRepo(tmp);
        repo.service("alpha", "SHARED_DB=" + SENTINEL + "\nEMPTY=\nPH=<your token>\nOWN=" + SENTINEL + "\n");
        repo.service("beta", "SHARED_DB=" + SENTINEL + "2\nTODO_KEY=TODO\n");
        repo.service("gamma", "SHARED_DB=x" + SENTINEL + "\n");
    }

    @Test
    void tableShowsNamesStatusesAndUsedBy() {
        Cli.Result r = repo.cli().run("list");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = List.of(r.stdout().split("\n"));
        assertEquals(8, lines.size(), r.stdout()); // header + 7 keys
        assertTrue(lines.get(0).matches("SERVICE\\s+KEY\\s+STATUS\\s+SCOPE\\s+CHANGED\\s+USED BY"), lines.get(0));
        assertTrue(has(lines, "alpha    SHARED_DB  OK           service  TODAY  beta,gamma"), r.stdout());
        assertTrue(has(lines, "alpha    EMPTY      EMPTY        service  TODAY"), r.stdout());
        assertTrue(has(lines, "alpha    PH         PLACEHOLDER  service  TODAY"), r.stdout());
        assertTrue(has(lines, "alpha    OWN        OK           service  TODAY"), r.stdout());
        assertTrue(has(lines, "beta     TODO_KEY   PLACEHOLDER  service  TODAY"), r.stdout());
        assertTrue(has(lines, "gamma    SHARED_DB  OK           service  TODAY  alpha,beta"), r.stdout());
        assertFalse(r.stdout().contains(SENTINEL) || r.stderr().contains(SENTINEL));
        // one service: used-by still looks at all of them
        Cli.Result one = repo.cli().run("list", "beta");
        assertEquals(3, one.stdout().split("\n").length, one.stdout());
        assertTrue(has(List.of(one.stdout().split("\n")), "beta     SHARED_DB  OK           service  TODAY  alpha,gamma"), one.stdout());
    }

    /** A row with TODAY for the CHANGED column: this run's UTC day, 0 days old (files made out of git). */
    static boolean has(List<String> lines, String row) {
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC) + " (0d)";
        return lines.contains(row.replace("TODAY", today));
    }

    @Test
    void jsonParsesWithTheDocumentedSchema() {
        Cli.Result r = repo.cli().run("list", "--json");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.stdout().contains(SENTINEL) || r.stderr().contains(SENTINEL));
        Branch doc = new JsonStore(-1).loadPlain(r.stdoutBytes()).get(0);
        assertEquals(1L, ((Number) doc.get("version")).longValue());
        List<?> services = (List<?>) doc.get("services");
        assertEquals(3, services.size());
        Branch alpha = (Branch) services.get(0);
        assertEquals("alpha", alpha.get("name"));
        assertEquals("alpha/.env.enc", alpha.get("file"));
        assertNull(alpha.get("error"));
        Map<String, String> status = new HashMap<>();
        Map<String, List<?>> usedBy = new HashMap<>();
        for (Object k : (List<?>) alpha.get("keys")) {
            Branch key = (Branch) k;
            status.put((String) key.get("name"), (String) key.get("status"));
            usedBy.put((String) key.get("name"), (List<?>) key.get("usedBy"));
        }
        assertEquals(Map.of("SHARED_DB", "OK", "EMPTY", "EMPTY", "PH", "PLACEHOLDER", "OWN", "OK"), status);
        assertEquals(List.of("beta", "gamma"), usedBy.get("SHARED_DB"));
        assertEquals(List.of(), usedBy.get("OWN"));
    }

    @Test
    void aServiceThatDoesNotOpenIsReportedAndTheRestListed() {
        Cli.Result r = new Cli().dir(repo.repo.root).run("list", "--json"); // no key at all
        assertEquals(1, r.exit());
        Branch doc = new JsonStore(-1).loadPlain(r.stdoutBytes()).get(0);
        for (Object s : (List<?>) doc.get("services")) {
            assertTrue(((Branch) s).get("error") instanceof String, s.toString());
        }
    }
}
