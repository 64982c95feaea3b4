package dev.secrets.sops.git;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.GroupDiff;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigResolver;
import dev.secrets.sops.config.NestedConfig;
import dev.secrets.sops.files.EncryptedFiles;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The checks of a pre-commit guard over the files a commit stages, by their names and staged bytes:
 * <ul>
 * <li>refused: a file a {@code .sops.yaml} creation rule with a {@code path_regex} covers, or one
 *     named like an encrypted file ({@code .env.enc}, {@code X.enc.yaml} ...), that holds no sops
 *     metadata (plaintext); a plaintext {@code .env} beside a compose file or a {@code .env.enc};
 *     a sops file that does not parse, has no MAC, or whose MAC does not verify;</li>
 * <li>verified when one of the identities opens the file; without a key the MAC is not checked and
 *     the commit is not stopped for it (committing needs no key);</li>
 * <li>warned: a sops file whose recipients differ from its creation rule's.</li>
 * </ul>
 * A rule without {@code path_regex} (a catch-all default) names no file, so it makes none "covered";
 * its keys are still the ones recipients are compared with.
 */
public final class CommitGuard {
    /** Larger blobs are not secrets files worth opening (as {@code EncryptedFiles}). */
    public static final long MAX_SIZE = 16L << 20;

    /** The findings and what was checked: sops files seen, MACs verified, MACs left unverified for want of a key. */
    public record Report(List<GuardFinding> findings, int sopsFiles, int verified, int unverified) {
        public Report {
            findings = List.copyOf(findings);
        }

        public boolean refused() {
            return findings.stream().anyMatch(GuardFinding::refuses);
        }
    }

    private final Path top;
    private final ConfigResolver configs;
    private final List<Identity> identities;

    /**
     * @param top        the top of the work tree: staged paths are relative to it, and the {@code .sops.yaml}
     *                   and neighbouring files are looked up there
     * @param configs    the {@code .sops.yaml} lookup
     * @param identities what may open the files to verify their MACs (may be empty)
     */
    public CommitGuard(Path top, ConfigResolver configs, List<Identity> identities) {
        this.top = top;
        this.configs = configs;
        this.identities = List.copyOf(identities);
    }

    /**
     * Checks every file; files are independent, so they are checked in parallel (the common pool),
     * and the findings come back in the order of {@code files}.
     */
    public Report check(List<StagedFile> files) {
        Set<String> staged = new HashSet<>();
        files.forEach(f -> staged.add(f.path()));
        IntStream indexes = IntStream.range(0, files.size());
        List<FileResult> results = (files.size() > 8 ? indexes.parallel() : indexes)
                .mapToObj(i -> checkOne(files.get(i), staged)).toList();
        List<GuardFinding> findings = new ArrayList<>();
        Set<String> brokenConfigs = new HashSet<>();
        int sops = 0;
        int verified = 0;
        int unverified = 0;
        for (FileResult r : results) {
            if (r.configProblem() != null && brokenConfigs.add(r.configProblem().path())) {
                findings.add(r.configProblem());
            }
            findings.addAll(r.findings());
            sops += r.sops() ? 1 : 0;
            verified += r.verification() == Verification.VERIFIED ? 1 : 0;
            unverified += r.verification() == Verification.NO_KEY ? 1 : 0;
        }
        return new Report(findings, sops, verified, unverified);
    }

    /** What one file gave: findings, whether it is a sops file and how its MAC fared, a config that did not load. */
    private record FileResult(List<GuardFinding> findings, boolean sops, Verification verification,
                              GuardFinding configProblem) {
    }

    private FileResult checkOne(StagedFile f, Set<String> staged) {
        List<GuardFinding> findings = new ArrayList<>();
        if (f.name().equals(".sops.yaml")) {
            if (f.path().contains("/")) {
                nestedConfig(f, findings);
            }
            return new FileResult(findings, false, null, null);
        }
        RuleLookup rule = rule(f.path());
        boolean covered = covers(rule);
        boolean namedEncrypted = SecretNames.encryptedByName(f.path());
        boolean plainEnvName = SecretNames.plainEnv(f.name());
        if (f.content() == null) {
            if ((covered || namedEncrypted) && f.size() > MAX_SIZE) {
                findings.add(refused(f, "larger than " + (MAX_SIZE >> 20) + " MB: not a secrets file this guard opens"));
            }
            return new FileResult(findings, false, null, rule.problem);
        }
        boolean looksEncrypted = looksEncrypted(f.content());
        if (!covered && !namedEncrypted && !plainEnvName && !looksEncrypted) {
            return new FileResult(findings, false, null, rule.problem);
        }
        Format format = Format.ofPath(f.path());
        Store store = Stores.of(format);
        Metadata md = null;
        String parseError = null;
        try {
            md = Sops.metadata(f.content(), store);
        } catch (SopsException e) {
            parseError = oneLine(e.getMessage());
        } catch (RuntimeException e) {
            parseError = e.getClass().getSimpleName(); // a parser's own message may quote the input
        }
        if (md == null) {
            GuardFinding plain = plaintext(f, format, covered, namedEncrypted, plainEnvName, looksEncrypted,
                    parseError, rule, staged);
            if (plain != null) {
                findings.add(plain);
            }
            return new FileResult(findings, false, null, rule.problem);
        }
        if (md.mac() == null || md.mac().isEmpty()) {
            findings.add(refused(f, "has no MAC: sops always writes one, so the file was altered or not written by sops"));
            return new FileResult(findings, true, Verification.FAILED, rule.problem);
        }
        Verification v = verify(f, store, findings);
        if (rule.rule != null && !rule.rule.keyGroups().isEmpty()) {
            recipients(f, md, rule, findings);
        }
        NestedConfig nested = nested(top.resolve(f.path()));
        if (nested != null) {
            findings.add(new GuardFinding(f.path(), GuardFinding.Severity.WARNING, nestedReason(nested)));
        }
        return new FileResult(findings, true, v, rule.problem);
    }

    /** A staged .sops.yaml below the top: which sops files of its folder it gives other recipients. */
    private void nestedConfig(StagedFile f, List<GuardFinding> findings) {
        Path dir = top.resolve(f.path()).getParent();
        List<String> changed = new ArrayList<>();
        for (Path file : EncryptedFiles.under(dir)) {
            if (nested(file) != null) {
                changed.add(display(file));
            }
        }
        if (!changed.isEmpty()) {
            findings.add(new GuardFinding(f.path(), GuardFinding.Severity.WARNING, "a nested .sops.yaml: it, not the "
                    + "root's .sops.yaml, chooses other recipients for " + String.join(", ", changed)));
        }
    }

    private NestedConfig nested(Path file) {
        try {
            return NestedConfig.check(file, top, configs);
        } catch (SopsException e) {
            return null; // a config that does not load is reported on its own
        }
    }

    private String nestedReason(NestedConfig n) {
        return "its " + n.subject() + " come from the nested " + display(n.config()) + ", not from the root's .sops.yaml"
                + n.changes();
    }

    /**
     * Whether the guard reads a file whatever its content: a rule with a {@code path_regex} or its
     * name says it is encrypted, or it is a plaintext dotenv name (for {@link StagedFiles#read}).
     * Any other file is read only when it looks sops-encrypted.
     */
    public boolean wantsContent(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return SecretNames.encryptedByName(path) || SecretNames.plainEnv(name) || covers(rule(path));
    }

    private static boolean covers(RuleLookup rule) {
        return rule.rule != null && rule.rule.pathRegex() != null && !rule.rule.pathRegex().isEmpty();
    }

    private enum Verification { VERIFIED, NO_KEY, FAILED }

    private Verification verify(StagedFile f, Store store, List<GuardFinding> findings) {
        if (identities.isEmpty()) {
            return Verification.NO_KEY;
        }
        try {
            Sops.decrypt(f.content(), store, identities, false).close();
            return Verification.VERIFIED;
        } catch (SopsException e) {
            if (e.exitCode() == ExitCodes.COULD_NOT_RETRIEVE_KEY) {
                return Verification.NO_KEY;
            }
            findings.add(refused(f, e.exitCode() == ExitCodes.MAC_MISMATCH
                    ? "MAC does not verify: the file was modified or corrupted since sops wrote it"
                    : "does not decrypt: " + oneLine(e.getMessage())));
            return Verification.FAILED;
        } catch (RuntimeException e) {
            findings.add(refused(f, "does not decrypt: " + e.getClass().getSimpleName()));
            return Verification.FAILED;
        }
    }

    /** Why a file without sops metadata may not be committed, or null when it may. */
    private GuardFinding plaintext(StagedFile f, Format format, boolean covered, boolean namedEncrypted, boolean plainEnvName,
                                   boolean looksEncrypted, String parseError, RuleLookup rule, Set<String> staged) {
        String unstage = "unstage it (git rm --cached " + f.path() + ")";
        if (parseError != null && (looksEncrypted || f.name().equals(SecretNames.ENCRYPTED_ENV))) {
            return refused(f, "does not parse as " + format.id() + ": " + parseError);
        }
        if (covered) {
            return refused(f, "plaintext: the rule " + rule.rule.pathRegex() + " of " + rule.config
                    + " says it is encrypted, but it holds no sops metadata; " + unstage + " and encrypt it");
        }
        if (namedEncrypted) {
            return refused(f, "plaintext: named like an encrypted file, but it holds no sops metadata; " + unstage
                    + " and encrypt it");
        }
        if (plainEnvName) {
            String beside = beside(f, staged);
            if (beside != null) {
                String dir = f.folder().isEmpty() ? "." : f.folder().substring(0, f.folder().length() - 1);
                return refused(f, "plaintext " + f.name() + " beside " + beside + ": " + unstage
                        + ", keep it out of git (.gitignore) and commit the encrypted one (secrets encrypt " + dir + ")");
            }
        }
        return null;
    }

    /** A compose file or {@code .env.enc} in the same folder (staged, or in the work tree), or null. */
    private String beside(StagedFile f, Set<String> staged) {
        List<String> names = new ArrayList<>();
        names.add(SecretNames.ENCRYPTED_ENV);
        names.addAll(SecretNames.composeFiles());
        for (String name : names) {
            String rel = f.folder() + name;
            if (staged.contains(rel) || Files.isRegularFile(top.resolve(rel))) {
                return name;
            }
        }
        return null;
    }

    private void recipients(StagedFile f, Metadata md, RuleLookup rule, List<GuardFinding> findings) {
        List<GroupDiff> diffs = GroupDiff.of(md.keyGroups(), rule.rule);
        if (!GroupDiff.changes(diffs)) {
            return;
        }
        List<String> parts = new ArrayList<>();
        diffs.forEach(d -> d.added().forEach(k -> parts.add("missing " + k)));
        diffs.forEach(d -> d.removed().forEach(k -> parts.add("stale " + k)));
        findings.add(new GuardFinding(f.path(), GuardFinding.Severity.WARNING, "recipients differ from the rule in "
                + rule.config + ": " + String.join(", ", parts) + " (secrets updatekeys " + f.path() + ")"));
    }

    /** The creation rule matching a file, the config it came from, and the finding for a config that does not load. */
    private record RuleLookup(CreationRule rule, String config, GuardFinding problem) {
    }

    private RuleLookup rule(String path) {
        Path file = top.resolve(path);
        Path found = configs.find(file);
        if (found == null) {
            return new RuleLookup(null, null, null);
        }
        String name = display(found);
        SopsConfig config;
        try {
            config = configs.load(file);
        } catch (SopsException e) {
            return new RuleLookup(null, name, new GuardFinding(name, GuardFinding.Severity.WARNING,
                    "does not load, so no file is known to be covered by its rules: " + oneLine(e.getMessage())));
        }
        try {
            return new RuleLookup(config.ruleFor(file), name, null);
        } catch (SopsException e) {
            return new RuleLookup(null, name, null); // no rule matches: the file is not a secrets file
        }
    }

    private String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(top) ? top.relativize(abs).toString() : abs.toString();
    }

    /** An encrypted value and sops metadata in any store's layout (as {@code EncryptedFiles}). */
    static boolean looksEncrypted(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        return text.contains("ENC[AES256_GCM,") && (text.contains("sops_mac=") || text.contains("sops:")
                || text.contains("\"sops\":") || text.contains("[sops]"));
    }

    private static GuardFinding refused(StagedFile f, String reason) {
        return new GuardFinding(f.path(), GuardFinding.Severity.REFUSED, reason);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
