package dev.secrets.cli.git;

import dev.secrets.sops.git.Git;
import java.util.ArrayList;
import java.util.List;

/**
 * The diff and merge drivers for sops files: {@code .gitattributes} lines (committed, so every clone
 * routes the files to the drivers) and the drivers' commands in the local git config (not committed:
 * git never runs a command a repo names, each clone's user sets it). No {@code cachetextconv}: git
 * would keep the decrypted text in its notes.
 */
final class GitDrivers {
    /** Every name the {@code .sops.yaml} rule of {@code secrets init} covers. */
    static final List<String> ATTRIBUTES = List.of(
            "*.enc diff=sops merge=sops",
            ".env.enc diff=sops merge=sops",
            "*.enc.yaml diff=sops merge=sops",
            "*.enc.yml diff=sops merge=sops",
            "*.enc.json diff=sops merge=sops",
            "*.enc.env diff=sops merge=sops",
            "*.enc.ini diff=sops merge=sops");

    static final String TEXTCONV = "diff.sops.textconv";
    static final String DRIVER = "merge.sops.driver";
    static final String DRIVER_NAME = "merge.sops.name";

    /** One setting: its key, wanted value, and how a value of ours (any launcher) ends. */
    record Setting(String key, String value, String oursEndsWith) {
    }

    private GitDrivers() {
    }

    static List<Setting> settings(String command) {
        return List.of(
                new Setting(TEXTCONV, command + " git textconv", " git textconv"),
                new Setting(DRIVER, command + " git merge %O %A %B %P", " git merge %O %A %B %P"),
                new Setting(DRIVER_NAME, "sops files, merged key by key (secrets git merge)", "(secrets git merge)"));
    }

    /**
     * Sets what is missing or ours with another launcher; leaves a value someone else chose.
     * Returns one line per setting that is not as wanted (changed, or left with the reason).
     */
    static List<String> configure(Git git, String command, List<String> changed) {
        List<String> notes = new ArrayList<>();
        for (Setting s : settings(command)) {
            Git.Result current = git.run("config", "--local", "--get", s.key());
            String value = current.ok() ? current.text() : null;
            if (s.value().equals(value)) {
                continue;
            }
            if (value != null && !value.endsWith(s.oursEndsWith())) {
                notes.add("left git config " + s.key() + " as it is (" + value + "); secrets init would set: "
                        + s.value());
                continue;
            }
            Git.Result set = git.run("config", "--local", s.key(), s.value());
            if (!set.ok()) {
                notes.add("could not set git config " + s.key() + ": " + set.err());
                continue;
            }
            changed.add((value == null ? "set" : "updated") + " git config " + s.key() + " = " + s.value());
        }
        return notes;
    }

    /** The driver settings missing from the config git would use (any scope). */
    static List<String> missing(Git git) {
        List<String> out = new ArrayList<>();
        for (String key : List.of(TEXTCONV, DRIVER)) {
            if (!git.run("config", "--get", key).ok()) {
                out.add(key);
            }
        }
        return out;
    }
}
