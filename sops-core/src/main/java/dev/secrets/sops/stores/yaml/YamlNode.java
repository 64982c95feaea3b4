package dev.secrets.sops.stores.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsed YAML before it becomes a Branch: collections keep their entries' positions so that
 * comments can be placed in the container they belong to, and aliases point at the anchored node.
 */
abstract class YamlNode {
    /** 0-based line and column where the node starts (a block map: its first key; a block list: its first dash). */
    final int line;
    final int column;

    YamlNode(int line, int column) {
        this.line = line;
        this.column = column;
    }

    /** A scalar with its text, whether it was plain, and its explicit tag (null when none). */
    static final class Scalar extends YamlNode {
        final String text;
        final boolean plain;
        final String tag;

        Scalar(int line, int column, String text, boolean plain, String tag) {
            super(line, column);
            this.text = text;
            this.plain = plain;
            this.tag = tag;
        }
    }

    /** An alias: its target is the anchored node, expanded (copied) when the tree is built. */
    static final class Alias extends YamlNode {
        final YamlNode target;

        Alias(int line, int column, YamlNode target) {
            super(line, column);
            this.target = target;
        }
    }

    /** A map or a list, with the comments placed into it (before an entry, or trailing). */
    abstract static class Collection extends YamlNode {
        final boolean flow;
        /** Comments before entry i are in commentsBefore.get(i); trailing ones at index size(). */
        final List<List<dev.secrets.sops.tree.Comment>> commentsBefore = new ArrayList<>();

        Collection(int line, int column, boolean flow) {
            super(line, column);
            this.flow = flow;
        }

        abstract int size();

        /** The line of entry i: its key, or for a list element the line where the element starts. */
        abstract int entryLine(int i);

        void addComment(int beforeEntry, dev.secrets.sops.tree.Comment comment) {
            while (commentsBefore.size() <= beforeEntry) {
                commentsBefore.add(new ArrayList<>());
            }
            commentsBefore.get(beforeEntry).add(comment);
        }

        List<dev.secrets.sops.tree.Comment> commentsBefore(int i) {
            return i < commentsBefore.size() ? commentsBefore.get(i) : List.of();
        }
    }

    static final class Mapping extends Collection {
        final String tag;
        final List<YamlNode> keys = new ArrayList<>();
        final List<YamlNode> values = new ArrayList<>();

        Mapping(int line, int column, boolean flow, String tag) {
            super(line, column, flow);
            this.tag = tag;
        }

        @Override
        int size() {
            return keys.size();
        }

        @Override
        int entryLine(int i) {
            return keys.get(i).line;
        }
    }

    static final class Sequence extends Collection {
        final List<YamlNode> items = new ArrayList<>();

        Sequence(int line, int column, boolean flow) {
            super(line, column, flow);
        }

        @Override
        int size() {
            return items.size();
        }

        @Override
        int entryLine(int i) {
            return items.get(i).line;
        }
    }
}
