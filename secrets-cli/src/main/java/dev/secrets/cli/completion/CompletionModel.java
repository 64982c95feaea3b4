package dev.secrets.cli.completion;

import dev.secrets.cli.Context;
import dev.secrets.cli.Main;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Verb;
import java.util.ArrayList;
import java.util.List;

/**
 * What the shell completion scripts offer, read from the declarations the parser itself uses: the
 * verbs of {@link Main#verbs()}, and each verb's {@link Syntax} (options, their values, parameters).
 * A verb or option added there appears in the scripts without a change here.
 */
final class CompletionModel {
    /** What a value or parameter completes to. */
    enum Kind { NONE, FILE, DIR, SERVICE, SERVICE_OR_FILE, CHOICES }

    record Option(List<String> names, Kind kind, List<String> choices, String label, String description) {
        boolean takesValue() {
            return label != null;
        }
    }

    record Parameter(String label, Kind kind, boolean repeats, List<String> choices) {
    }

    /** {@code name} as typed: {@code encrypt}, or {@code git merge}. */
    record VerbSpec(String name, String summary, List<Option> options, List<Parameter> parameters) {
        /** The verb's first word ({@code git} for {@code git merge}). */
        String head() {
            int space = name.indexOf(' ');
            return space < 0 ? name : name.substring(0, space);
        }
    }

    private CompletionModel() {
    }

    static List<VerbSpec> verbs(Context ctx) {
        List<VerbSpec> out = new ArrayList<>();
        for (String[] v : Main.verbs()) {
            Verb verb = Main.verb(v[0], ctx);
            if (verb == null) {
                continue;
            }
            Syntax syntax = verb.syntax();
            List<Option> options = new ArrayList<>();
            for (Syntax.OptionSpec o : syntax.optionSpecs()) {
                Kind kind = !o.choices().isEmpty() ? Kind.CHOICES : o.label() == null ? Kind.NONE : kindOf(o.label());
                options.add(new Option(o.names(), kind, o.choices(), o.label(), o.description()));
            }
            List<Parameter> parameters = new ArrayList<>();
            for (Syntax.ParameterSpec p : syntax.parameterSpecs()) {
                parameters.add(new Parameter(p.label(), p.choices().isEmpty() ? kindOf(p.label()) : Kind.CHOICES,
                        p.repeats(), p.choices()));
            }
            out.add(new VerbSpec(v[0], v[1], options, parameters));
        }
        return out;
    }

    /** By the label the help shows: {@code FILE|SERVICE}, {@code SERVICE}, {@code FILE}, {@code DIR}. */
    static Kind kindOf(String label) {
        boolean service = label.contains("SERVICE");
        boolean file = label.contains("FILE");
        if (service) {
            return file ? Kind.SERVICE_OR_FILE : Kind.SERVICE;
        }
        if (file) {
            return Kind.FILE;
        }
        return label.equals("DIR") ? Kind.DIR : Kind.NONE;
    }

    /** The distinct first words of the verbs, in help order. */
    static List<String> heads(List<VerbSpec> verbs) {
        List<String> out = new ArrayList<>();
        for (VerbSpec v : verbs) {
            if (!out.contains(v.head())) {
                out.add(v.head());
            }
        }
        return out;
    }

    /** The git subcommands ({@code merge}, {@code textconv}). */
    static List<VerbSpec> subcommands(List<VerbSpec> verbs, String head) {
        return verbs.stream().filter(v -> v.name().startsWith(head + " ")).toList();
    }
}
