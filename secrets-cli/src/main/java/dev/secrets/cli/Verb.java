package dev.secrets.cli;

import java.util.concurrent.Callable;

/** One verb of the CLI: its command-line syntax, bound to its fields, and what it does (the exit code). */
public interface Verb extends Callable<Integer> {
    Syntax syntax();
}
