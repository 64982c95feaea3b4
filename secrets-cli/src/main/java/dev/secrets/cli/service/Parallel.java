package dev.secrets.cli.service;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs one step for each item on a few threads and waits for all of them (so nothing still runs
 * when it returns, even after a failure), then rethrows the first failure in item order. Renew's
 * files each wait on fsyncs; several in flight keep the disk and the cores busy.
 */
final class Parallel {
    private Parallel() {
    }

    static <T> void forEach(List<T> items, int threads, Consumer<T> step) {
        if (items.size() <= 1 || threads <= 1) {
            items.forEach(step);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
            Thread t = new Thread(r, "secrets-renew");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> step.accept(item)));
            }
            RuntimeException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re
                                : new SopsException(ExitCodes.ERROR_GENERIC, "internal error " + e.getCause().getClass().getName());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SopsException(ExitCodes.ERROR_GENERIC, "interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Four threads per core, as the bulk verbs (SECRETS_THREADS overrides). */
    static int threads(String env) {
        if (env != null && env.matches("[1-9][0-9]{0,2}")) {
            return Integer.parseInt(env);
        }
        return 4 * Runtime.getRuntime().availableProcessors();
    }
}
