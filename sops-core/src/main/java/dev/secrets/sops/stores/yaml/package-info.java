/**
 * The YAML store: {@link dev.secrets.sops.stores.yaml.YamlStore}, byte-compatible with sops 3.13
 * (stores/yaml/store.go on go-yaml v3.0.4).
 *
 * <p>Reading: snakeyaml-engine's event stream (comments on) becomes {@code YamlNode}s
 * ({@code YamlEventComposer}); {@code CommentPlacer} puts every comment line into the map or list
 * go-yaml would give it to; {@code YamlTreeBuilder} types scalars with go-yaml's resolver
 * ({@code GoYamlResolver}) and expands aliases; {@code YamlDocumentReader} adds sops' document
 * checks and error messages.
 *
 * <p>Writing: {@code YamlEmitter} follows go-yaml's emitter (indentation rule, scalar style choice in
 * {@code GoScalarStyle}, Go float formatting in {@code GoFloatFormat}) and sops' comment placement.
 *
 * <p>Where go-yaml writes something that cannot be read back as written, we write readable YAML
 * instead: a block scalar's indentation digit inside list items, strings holding U+0085/U+2028/
 * U+2029 (double-quoted), a trailing comment of a list whose last element is a map (kept after the
 * list, where go-yaml moves it after the next entry or to the end of the document), and comments of
 * a map or list that has no entries (kept as an end-of-line comment).
 */
package dev.secrets.sops.stores.yaml;
