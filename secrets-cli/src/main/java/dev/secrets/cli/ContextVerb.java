package dev.secrets.cli;

/**
 * A verb bound to the context it runs in. Its fields may use {@link #ctx} in their initialisers
 * (option groups that resolve paths against the working folder), since the context is set first.
 */
public abstract class ContextVerb implements Verb {
    protected final Context ctx;

    protected ContextVerb(Context ctx) {
        this.ctx = ctx;
    }
}
