package dev.secrets.sops.stores.yaml;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns composed YAML nodes into sops' tree: scalars typed by go-yaml's resolver (explicit tags
 * honoured), aliases expanded into independent copies, comments as Comment items, keys checked to
 * be strings.
 */
final class YamlTreeBuilder {
    static final String TAG_PREFIX = "tag:yaml.org,2002:";
    /** Stops alias bombs outright, whatever their share of the document. */
    private static final long MAX_BUILT_NODES = 5_000_000;

    private long built;
    /** Nodes built inside an alias expansion, and how many expansions are open. */
    private long fromAliases;
    private int aliasDepth;

    /** The document's root mapping as a Branch (an empty document is an empty Branch). */
    Branch document(YamlNode root) {
        if (root == null) {
            return new Branch();
        }
        YamlNode target = root instanceof YamlNode.Alias a ? a.target : root;
        return branch((YamlNode.Mapping) target);
    }

    Object value(YamlNode node) {
        built++;
        if (aliasDepth > 0) {
            fromAliases++;
        }
        if (built > MAX_BUILT_NODES || excessiveAliasing(built, fromAliases)) {
            throw new YamlLoadException("document contains excessive aliasing", node.line);
        }
        if (node instanceof YamlNode.Alias a) {
            aliasDepth++;
            try {
                return value(a.target);
            } finally {
                aliasDepth--;
            }
        }
        if (node instanceof YamlNode.Scalar s) {
            return scalar(s);
        }
        // aliases can nest a deep anchored node inside another: the composer's limit is not enough
        if (++depth > Store.MAX_DEPTH) {
            throw new YamlLoadException("exceeded max depth of " + Store.MAX_DEPTH, node.line);
        }
        try {
            return collection(node);
        } finally {
            depth--;
        }
    }

    private int depth;

    /**
     * go-yaml v3's rule for "excessive aliasing" (decode.go, allowedAliasRatio): past 100 aliased and
     * 1000 decoded nodes, at most 99% may come from aliases up to 400k nodes, scaling down to 10% at
     * 4M. sops itself walks yaml.Node trees, which that rule does not guard, so sops would try to
     * expand a bomb until memory runs out: refusing it is our choice (a 420-byte chain expands to
     * about a million nodes). Legitimate anchors (compose files, shared blocks) stay far below.
     */
    static boolean excessiveAliasing(long decoded, long aliased) {
        return aliased > 100 && decoded > 1000 && (double) aliased / decoded > allowedAliasRatio(decoded);
    }

    private static double allowedAliasRatio(long decoded) {
        final long low = 400_000;
        final long high = 4_000_000;
        if (decoded <= low) {
            return 0.99;
        }
        if (decoded >= high) {
            return 0.10;
        }
        return 0.99 - 0.89 * ((double) (decoded - low) / (high - low));
    }

    private Object collection(YamlNode node) {
        if (node instanceof YamlNode.Mapping m) {
            return branch(m);
        }
        YamlNode.Sequence seq = (YamlNode.Sequence) node;
        List<Object> list = new ArrayList<>(seq.size());
        for (int i = 0; i < seq.size(); i++) {
            list.addAll(seq.commentsBefore(i));
            list.add(value(seq.items.get(i)));
        }
        list.addAll(seq.commentsBefore(seq.size()));
        return list;
    }

    private Branch branch(YamlNode.Mapping m) {
        Branch b = new Branch();
        for (int i = 0; i < m.size(); i++) {
            for (Comment c : m.commentsBefore(i)) {
                b.addComment(c);
            }
            Object key = value(m.keys.get(i));
            if (!(key instanceof String)) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "Tree contains a non-string key (type "
                        + goTypeName(key) + "): " + goValueText(key) + ". Only string keys are supported");
            }
            b.add(key, value(m.values.get(i)));
        }
        for (Comment c : m.commentsBefore(m.size())) {
            b.addComment(c);
        }
        return b;
    }

    /** A scalar's value: plain text through the resolver, quoted text a string, tags as go-yaml reads them. */
    static Object scalar(YamlNode.Scalar s) {
        String tag = s.tag;
        if (tag == null) {
            return s.plain ? fromResolved(GoYamlResolver.resolve(s.text)) : s.text;
        }
        if (!tag.startsWith(TAG_PREFIX)) {
            return s.text; // "!" and custom tags: go-yaml keeps the text
        }
        String shortTag = "!!" + tag.substring(TAG_PREFIX.length());
        switch (shortTag) {
            case "!!str":
            case "!!merge":
                return s.text;
            case "!!binary":
                return binary(s);
            case "!!null":
            case "!!bool":
            case "!!int":
            case "!!float":
            case "!!timestamp":
                return tagged(s, shortTag);
            default:
                return s.text;
        }
    }

    private static Object tagged(YamlNode.Scalar s, String shortTag) {
        GoYamlResolver.Resolved r;
        if (shortTag.equals("!!timestamp")) {
            OffsetDateTime t = GoYamlResolver.parseTimestamp(s.text);
            if (t != null) {
                return t;
            }
            r = new GoYamlResolver.Resolved(GoYamlResolver.Kind.STRING, s.text);
        } else {
            r = s.text.isEmpty() ? new GoYamlResolver.Resolved(GoYamlResolver.Kind.NULL, null)
                    : GoYamlResolver.resolve(s.text);
        }
        GoYamlResolver.Kind want = switch (shortTag) {
            case "!!null" -> GoYamlResolver.Kind.NULL;
            case "!!bool" -> GoYamlResolver.Kind.BOOL;
            case "!!int" -> GoYamlResolver.Kind.INT;
            case "!!float" -> GoYamlResolver.Kind.FLOAT;
            default -> GoYamlResolver.Kind.TIMESTAMP;
        };
        if (want == GoYamlResolver.Kind.FLOAT && r.kind() == GoYamlResolver.Kind.INT) {
            return ((Long) r.value()).doubleValue();
        }
        if (want == GoYamlResolver.Kind.INT && r.kind() == GoYamlResolver.Kind.UINT) {
            return fromResolved(r);
        }
        if (r.kind() != want) {
            throw new YamlLoadException("cannot decode scalar as a " + shortTag, s.line);
        }
        return fromResolved(r);
    }

    private static Object fromResolved(GoYamlResolver.Resolved r) {
        if (r.kind() == GoYamlResolver.Kind.UINT) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "Cannot walk value, unknown type: uint64");
        }
        return r.value();
    }

    private static Object binary(YamlNode.Scalar s) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(s.text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new YamlLoadException("!!binary value contains invalid base64 data", s.line);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new RawString(bytes);
        }
    }

    /** Go's %T of a decoded YAML value. */
    static String goTypeName(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof OffsetDateTime) {
            return "time.Time";
        }
        if (v instanceof Branch) {
            return "map[string]interface {}";
        }
        if (v instanceof List) {
            return "[]interface {}";
        }
        return "string";
    }

    private static String goValueText(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof Double d) {
            return GoFloatFormat.formatG(d);
        }
        if (v instanceof Branch || v instanceof List) {
            return "(collection)";
        }
        return v.toString();
    }
}
