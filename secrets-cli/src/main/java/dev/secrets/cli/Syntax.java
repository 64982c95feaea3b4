package dev.secrets.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The command line of one verb: its options and positional parameters, each bound to a field by a
 * small lambda, and the help text made from them. Hand-written rather than picocli: picocli's Java 5
 * class files cannot go into a class-data archive, and loading and reflecting over them cost about
 * 150 ms of every start (bench/startup.sh), most of what the CLI spent above a bare JVM.
 *
 * <p>Parsing follows picocli's defaults, which users of the earlier builds know: options anywhere
 * among the parameters, {@code --name=value} or {@code --name value}, {@code -xVALUE} for short
 * options, {@code --} ends the options, an option given twice is an error.
 */
public final class Syntax {
    private boolean verbose;

    /** A group of options several verbs share (FileOptions, OutputOptions...). */
    public interface Part {
        void declareIn(Syntax syntax);
    }

    /** What parsing asked for: run the verb, or print its help or the version. */
    public enum Request { RUN, HELP, VERSION }

    private record Option(List<String> names, String label, String description, Consumer<String> action,
                          List<String> choices) {
        Option(List<String> names, String label, String description, Consumer<String> action) {
            this(names, label, description, action, List.of());
        }

        boolean takesValue() {
            return label != null;
        }

        String display() {
            return String.join(", ", names) + (takesValue() ? "=" + label : "");
        }
    }

    private record Positional(String label, String description, int min, int max, Consumer<String> action,
                              List<String> choices) {
        Positional(String label, String description, int min, int max, Consumer<String> action) {
            this(label, description, min, max, action, List.of());
        }
    }

    private final String verb;
    private final List<String> description;
    private final List<Option> options = new ArrayList<>();
    private final List<Positional> positionals = new ArrayList<>();
    private boolean positionalLast;

    /** Whether {@code --verbose} was among the verb's arguments. */
    public boolean verbose() {
        return verbose;
    }

    public Syntax(String verb, String... description) {
        this.verb = verb;
        this.description = List.of(description);
    }

    /** A switch without a value; {@code names} like {@code "-i, --in-place"}. */
    public Syntax flag(String names, String description, Runnable action) {
        options.add(new Option(List.of(names.split(", ")), null, description, value -> action.run()));
        positionalLast = false;
        return this;
    }

    /** An option with a value; a value the action refuses (IllegalArgumentException) is a usage error. */
    public Syntax option(String names, String label, String description, Consumer<String> action) {
        options.add(new Option(List.of(names.split(", ")), label, description, action));
        positionalLast = false;
        return this;
    }

    /** A required positional parameter. */
    public Syntax parameter(String label, String description, Consumer<String> action) {
        positionals.add(new Positional(label, description, 1, 1, action));
        positionalLast = true;
        return this;
    }

    /** A positional parameter that may be left out (only the last ones may). */
    public Syntax optionalParameter(String label, String description, Consumer<String> action) {
        positionals.add(new Positional(label, description, 0, 1, action));
        positionalLast = true;
        return this;
    }

    /** The remaining positional parameters, at least {@code min} of them. */
    public Syntax parameters(String label, String description, int min, Consumer<String> action) {
        positionals.add(new Positional(label, description, min, Integer.MAX_VALUE, action));
        positionalLast = true;
        return this;
    }

    /**
     * The values the option or parameter declared last accepts, for shell completion (the action
     * still checks them): e.g. {@code --input-type}'s store names.
     */
    public Syntax choices(String... values) {
        if (positionalLast) {
            Positional p = positionals.remove(positionals.size() - 1);
            positionals.add(new Positional(p.label(), p.description(), p.min(), p.max(), p.action(), List.of(values)));
            return this;
        }
        Option last = options.remove(options.size() - 1);
        options.add(new Option(last.names(), last.label(), last.description(), last.action(), List.of(values)));
        return this;
    }

    /**
     * An option as shell completion sees it: its names, the label of its value (null for a switch),
     * the values it accepts (empty when any), and its description.
     */
    public record OptionSpec(List<String> names, String label, List<String> choices, String description) {
    }

    /** A positional parameter as shell completion sees it; {@code repeats} when it takes the rest. */
    public record ParameterSpec(String label, String description, boolean repeats, List<String> choices) {
    }

    /** The verb's options, those every verb has ({@code --verbose}, {@code --help}, {@code --version}) last. */
    public List<OptionSpec> optionSpecs() {
        List<OptionSpec> out = new ArrayList<>();
        for (Option o : options) {
            out.add(new OptionSpec(o.names(), o.label(), o.choices(), o.description()));
        }
        out.add(new OptionSpec(List.of("--verbose"), null, List.of(), "print each step on stderr (never a value)"));
        out.add(new OptionSpec(List.of("-h", "--help"), null, List.of(), "show this help and exit"));
        out.add(new OptionSpec(List.of("-V", "--version"), null, List.of(), "print the version and exit"));
        return out;
    }

    public List<ParameterSpec> parameterSpecs() {
        List<ParameterSpec> out = new ArrayList<>();
        for (Positional p : positionals) {
            out.add(new ParameterSpec(p.label(), p.description(), p.max() > 1, p.choices()));
        }
        return out;
    }

    /** The verb's name as typed ({@code git merge} for a git subcommand). */
    public String verb() {
        return verb;
    }

    public Syntax with(Part part) {
        part.declareIn(this);
        return this;
    }

    /** Binds {@code args} to the declared options and parameters. */
    public Request parse(List<String> args) {
        List<String> params = new ArrayList<>();
        // by identity: a record's equals is bootstrapped through method handles, ~30 ms at start on JDK 17
        Set<Option> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Request request = Request.RUN;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                params.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                request = Request.HELP;
                continue;
            }
            if (arg.equals("--verbose")) {
                verbose = true;
                continue;
            }
            if ((arg.equals("-V") || arg.equals("--version")) && request == Request.RUN) {
                request = Request.VERSION;
                continue;
            }
            String name = arg;
            String value = null;
            Option option = find(arg);
            if (option == null) {
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                } else if (!arg.startsWith("--") && arg.length() > 2) {
                    name = arg.substring(0, 2); // -oFILE
                    value = arg.substring(2);
                }
                option = find(name);
                if (option == null) {
                    throw usage("unknown option '" + name + "'");
                }
                if (!option.takesValue()) {
                    throw usage("option '" + name + "' takes no value");
                }
            }
            if (seen.contains(option)) {
                throw usage("option '" + name + "' given more than once");
            }
            seen.add(option);
            if (option.takesValue() && value == null) {
                if (i + 1 >= args.size() || find(args.get(i + 1)) != null) {
                    throw usage("option '" + name + "' needs a value (" + option.label() + ")");
                }
                value = args.get(++i);
            }
            apply(option.action(), value, "option '" + name + "'");
        }
        if (request != Request.RUN) {
            return request;
        }
        bindPositionals(params);
        return request;
    }

    private void bindPositionals(List<String> params) {
        int next = 0;
        for (Positional p : positionals) {
            int taken = 0;
            while (next < params.size() && taken < p.max()) {
                apply(p.action(), params.get(next++), p.label());
                taken++;
            }
            if (taken < p.min()) {
                throw usage("missing " + p.label());
            }
        }
        if (next < params.size()) {
            throw usage("unexpected argument '" + params.get(next) + "'");
        }
    }

    private void apply(Consumer<String> action, String value, String what) {
        try {
            action.accept(value);
        } catch (IllegalArgumentException e) {
            // NumberFormatException, InvalidPathException: the argument itself is wrong
            throw usage("invalid value for " + what + ": '" + value + "'");
        }
    }

    private Option find(String name) {
        for (Option o : options) {
            if (o.names().contains(name)) {
                return o;
            }
        }
        return null;
    }

    public UsageException usage(String problem) {
        return new UsageException(verb + ": " + problem + " (see: secrets " + verb + " --help)");
    }

    /** The help text, in picocli's layout. */
    public String help() {
        StringBuilder synopsis = new StringBuilder("Usage: secrets ").append(verb);
        if (!options.isEmpty()) {
            synopsis.append(" [OPTIONS]");
        }
        for (Positional p : positionals) {
            String label = p.max() > 1 ? p.label() + "..." : p.label();
            synopsis.append(' ').append(p.min() == 0 ? "[" + label + "]" : label);
        }
        StringBuilder out = new StringBuilder(synopsis).append('\n');
        description.forEach(line -> out.append(line).append('\n'));
        List<String[]> rows = new ArrayList<>();
        for (Positional p : positionals) {
            rows.add(new String[] {"    " + p.label(), p.description()});
        }
        for (Option o : options) {
            rows.add(new String[] {(o.names().get(0).startsWith("--") ? "    " : "") + o.display(), o.description()});
        }
        rows.add(new String[] {"    --verbose", "print each step on stderr (never a value)"});
        rows.add(new String[] {"-h, --help", "show this help and exit"});
        rows.add(new String[] {"-V, --version", "print the version and exit"});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        out.append('\n');
        for (String[] row : rows) {
            out.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 2))
                    .append(row[1] == null ? "" : row[1]).append('\n');
        }
        return out.toString();
    }
}
