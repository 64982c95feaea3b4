package dev.secrets.sops.merge;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.TestKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A git merge driver over {@link EncryptedMerge} for {@link GitMergeDriverTest}, standing in for
 * {@code secrets git merge %O %A %B %P}: writes the result to %A, or exits non-zero leaving %A as
 * it was. The key comes from {@code MERGE_TEST_KEY} (hex of a {@link TestKey}'s secret).
 */
public final class TestMergeDriver {
    private TestMergeDriver() {
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0]);
        Path ours = Path.of(args[1]);
        Path theirs = Path.of(args[2]);
        String name = args.length > 3 ? args[3] : args[1];
        TestKey key = TestKey.fromHex(System.getenv("MERGE_TEST_KEY"));
        try {
            EncryptedMerge.Result r = new EncryptedMerge(Stores.of(Format.ofPath(name)), List.of(key))
                    .merge(Files.readAllBytes(base), Files.readAllBytes(ours), Files.readAllBytes(theirs));
            r.notes().forEach(n -> System.err.println(name + ": " + n));
            if (!r.isClean()) {
                r.conflicts().forEach(c -> System.err.println(name + ": conflict at " + c));
                System.exit(1);
            }
            Files.write(ours, r.merged());
        } catch (SopsException e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(e.exitCode());
        }
    }
}
