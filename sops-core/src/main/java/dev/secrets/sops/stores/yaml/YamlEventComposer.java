package dev.secrets.sops.stores.yaml;

import dev.secrets.sops.stores.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CommentEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Builds {@link YamlNode} documents from snakeyaml-engine's event stream (rather than its Composer)
 * so that we see explicit tags, plain-vs-quoted style, entry positions and every comment line with
 * its position. Aliases are linked to their anchored node; anchors are per document.
 */
final class YamlEventComposer {
    /** One parsed document: its root (null for an empty document) and the comments inside it. */
    record Document(YamlNode root, List<CommentLine> comments) {
    }

    /** A comment line: text after '#', position, and whether it ends a line holding other content. */
    record CommentLine(String text, int line, int column, boolean inline) {
    }

    private final ParserImpl parser;
    private final Map<String, YamlNode> anchors = new HashMap<>();
    private List<CommentLine> pendingComments = new ArrayList<>();
    /** How many documents were read completely (tells where a syntax error is). */
    int completedDocuments;

    /** Start of each line in the text, to tell end-of-line comments from comment lines. */
    private final List<Integer> lineStarts = new ArrayList<>();
    private final String text;

    YamlEventComposer(String text) {
        this.text = text;
        lineStarts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
        LoadSettings settings = LoadSettings.builder()
                .setParseComments(true)
                .setAllowDuplicateKeys(true)
                .setMaxAliasesForCollections(Integer.MAX_VALUE)
                .setCodePointLimit(Integer.MAX_VALUE)
                // the whole text in one read: snakeyaml-engine 2.9's StreamReader fails with an
                // IndexOutOfBoundsException when a surrogate pair (an emoji) straddles the end of a read
                .setBufferSize(Math.max(1024, text.length() + 1))
                .build();
        this.parser = new ParserImpl(settings, new StreamReader(settings, text));
    }

    /** Every document of the stream. */
    List<Document> documents() {
        List<Document> docs = new ArrayList<>();
        expect(Event.ID.StreamStart);
        while (true) {
            Event e = nextSkippingComments();
            if (e.getEventId() == Event.ID.StreamEnd) {
                if (!docs.isEmpty() && !pendingComments.isEmpty()) {
                    docs.get(docs.size() - 1).comments().addAll(pendingComments);
                }
                return docs;
            }
            // DocumentStart: comments seen so far belong to this document (head comments).
            anchors.clear();
            Event first = nextSkippingComments();
            YamlNode root = null;
            if (first.getEventId() != Event.ID.DocumentEnd) {
                root = node(first);
                Event end = nextSkippingComments();
                if (end.getEventId() != Event.ID.DocumentEnd) {
                    throw new IllegalStateException("document end expected");
                }
            }
            List<CommentLine> comments = pendingComments;
            pendingComments = new ArrayList<>();
            docs.add(new Document(root, comments));
            completedDocuments++;
        }
    }

    private void expect(Event.ID id) {
        Event e = nextSkippingComments();
        if (e.getEventId() != id) {
            throw new IllegalStateException(id + " expected");
        }
    }

    private Event nextSkippingComments() {
        while (true) {
            Event e = parser.next();
            if (e instanceof CommentEvent c) {
                if (c.getCommentType() != CommentType.BLANK_LINE) {
                    Mark m = c.getStartMark().orElse(null);
                    int line = m == null ? 0 : m.getLine();
                    int col = m == null ? 0 : m.getColumn();
                    pendingComments.add(new CommentLine(c.getValue(), line, col, contentBefore(line, col)));
                }
                continue;
            }
            return e;
        }
    }

    /**
     * Whether something other than blanks precedes the comment on its line (snakeyaml-engine also
     * calls a comment line right after a block scalar "in-line").
     */
    private boolean contentBefore(int line, int column) {
        if (line >= lineStarts.size()) {
            return false;
        }
        int start = lineStarts.get(line);
        int lineEnd = line + 1 < lineStarts.size() ? lineStarts.get(line + 1) : text.length();
        int i = start;
        for (int k = 0; k < column && i < lineEnd; k++) {
            i += Character.charCount(text.codePointAt(i));
        }
        return !text.substring(start, i).isBlank();
    }

    /** How many collections enclose the node being read. */
    private int depth;

    private YamlNode node(Event e) {
        int line = e.getStartMark().map(Mark::getLine).orElse(0);
        if (depth >= Store.MAX_DEPTH && (e instanceof MappingStartEvent || e instanceof SequenceStartEvent)) {
            throw new YamlLoadException("exceeded max depth of " + Store.MAX_DEPTH, line);
        }
        int col = e.getStartMark().map(Mark::getColumn).orElse(0);
        if (e instanceof AliasEvent a) {
            String name = a.getAlias().getValue();
            YamlNode target = anchors.get(name);
            if (target == null) {
                throw new YamlLoadException("unknown anchor '" + name + "' referenced", line);
            }
            return new YamlNode.Alias(line, col, target);
        }
        YamlNode result;
        if (e instanceof ScalarEvent s) {
            result = new YamlNode.Scalar(line, col, s.getValue(), s.getScalarStyle() == ScalarStyle.PLAIN,
                    s.getTag().orElse(null));
        } else if (e instanceof MappingStartEvent m) {
            YamlNode.Mapping map = new YamlNode.Mapping(line, col, m.getFlowStyle() == FlowStyle.FLOW,
                    m.getTag().orElse(null));
            depth++;
            while (true) {
                Event k = nextSkippingComments();
                if (k.getEventId() == Event.ID.MappingEnd) {
                    break;
                }
                map.keys.add(node(k));
                map.values.add(node(nextSkippingComments()));
            }
            depth--;
            result = map;
        } else if (e instanceof SequenceStartEvent sq) {
            YamlNode.Sequence seq = new YamlNode.Sequence(line, col, sq.getFlowStyle() == FlowStyle.FLOW);
            depth++;
            while (true) {
                Event item = nextSkippingComments();
                if (item.getEventId() == Event.ID.SequenceEnd) {
                    break;
                }
                seq.items.add(node(item));
            }
            depth--;
            result = seq;
        } else {
            throw new IllegalStateException("unexpected event " + e.getEventId());
        }
        if (e instanceof NodeEvent ne) {
            ne.getAnchor().ifPresent(a -> anchors.put(a.getValue(), result));
        }
        return result;
    }
}
