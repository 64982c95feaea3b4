/**
 * The SOPS file format in pure Java: open, change and write sops files of every store (YAML, JSON,
 * dotenv, INI, binary), verify their MAC, rotate their data key and re-wrap it for new recipients,
 * and resolve {@code .sops.yaml} creation rules. Key types plug in through
 * {@link dev.secrets.sops.keys.Recipient} and {@link dev.secrets.sops.keys.Identity} (age:
 * {@code dev.secrets.age}; pgp: {@code dev.secrets.pgp}).
 */
module dev.secrets.sops {
    requires org.snakeyaml.engine.v2;
    requires com.fasterxml.jackson.core;
    requires re2j; // RE2/J has no module name of its own: the jar name; no RE2/J type is in the API

    exports dev.secrets.sops;
    exports dev.secrets.sops.config;
    exports dev.secrets.sops.files;
    exports dev.secrets.sops.git;
    exports dev.secrets.sops.keys;
    exports dev.secrets.sops.merge;
    exports dev.secrets.sops.metadata;
    exports dev.secrets.sops.stores;
    exports dev.secrets.sops.tree;
    // Shared with the key modules only; not API.
    exports dev.secrets.sops.internal to dev.secrets.age, dev.secrets.pgp;
}
