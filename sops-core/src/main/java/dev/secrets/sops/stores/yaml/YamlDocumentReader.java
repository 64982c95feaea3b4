package dev.secrets.sops.stores.yaml;

import dev.secrets.sops.internal.ErrorText;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a YAML stream into sops documents with sops 3.10+'s checks: the first document must be a
 * map without duplicate keys, later documents must be maps, a zero-byte input has no documents,
 * an input with no document at all is an error. Errors carry a line number, never a value.
 */
final class YamlDocumentReader {
    private final int exitCode;

    /** exitCode: the code every parse error is reported with. */
    YamlDocumentReader(int exitCode) {
        this.exitCode = exitCode;
    }

    List<Branch> read(byte[] bytes) {
        if (bytes.length == 0) {
            return new ArrayList<>();
        }
        List<YamlEventComposer.Document> docs;
        String text;
        if (printableAsciiLines(bytes)) {
            // one pass told all three checks: valid UTF-8, allowed characters, none the fast reader refuses
            text = new String(bytes, StandardCharsets.US_ASCII);
            docs = FastYamlReader.readChecked(text);
        } else {
            text = decode(bytes);
            checkCharacters(text);
            // the common plain block YAML without snakeyaml-engine; anything else (and every error) with it
            docs = FastYamlReader.read(text);
        }
        if (docs == null) {
            docs = compose(text);
        }
        return branches(docs);
    }

    private List<YamlEventComposer.Document> compose(String text) {
        List<YamlEventComposer.Document> docs;
        YamlEventComposer composer = new YamlEventComposer(text);
        try {
            while (true) {
                try {
                    docs = composer.documents();
                    break;
                } catch (MarkedYamlEngineException e) {
                    String rewritten = withLineSeparatorEscape(text, e);
                    if (rewritten == null) {
                        throw e;
                    }
                    text = rewritten;
                    composer = new YamlEventComposer(text);
                }
            }
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw failIn(composer, "yaml: line " + line + ": " + firstLine(e.getProblem()));
        } catch (YamlLoadException e) {
            throw failIn(composer, "yaml: line " + (e.line + 1) + ": " + e.getMessage());
        } catch (YamlEngineException e) {
            throw failIn(composer, "yaml: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw failIn(composer, "yaml: exceeded max depth");
        } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
            // snakeyaml-engine bugs on odd input (a tag with spaces, a read past its buffer): still bad YAML
            throw failIn(composer, "yaml: invalid YAML (parser failed with " + e.getClass().getSimpleName() + ")");
        }
        return docs;
    }

    private List<Branch> branches(List<YamlEventComposer.Document> docs) {
        if (docs.isEmpty()) {
            throw fail(false, "EOF");
        }
        List<Branch> branches = new ArrayList<>();
        YamlTreeBuilder builder = new YamlTreeBuilder();
        for (int i = 0; i < docs.size(); i++) {
            YamlEventComposer.Document doc = docs.get(i);
            YamlNode root = doc.root() instanceof YamlNode.Alias a ? a.target : doc.root();
            checkRoot(root, i == 0);
            Branch branch;
            try {
                if (i == 0 && root instanceof YamlNode.Mapping m) {
                    new DuplicateKeyCheck().check(m).ifPresent(msg -> {
                        throw fail(false, "yaml: unmarshal errors: " + msg);
                    });
                }
                if (root instanceof YamlNode.Mapping m) {
                    new CommentPlacer(m).place(doc.comments());
                    branch = builder.document(m);
                } else {
                    branch = new Branch();
                    for (YamlEventComposer.CommentLine c : doc.comments()) {
                        branch.addComment(new Comment(c.text(), c.inline()));
                    }
                }
            } catch (YamlLoadException e) {
                throw fail("yaml: line " + (e.line + 1) + ": " + e.getMessage());
            } catch (StackOverflowError e) {
                throw fail("yaml: exceeded max depth");
            }
            branches.add(branch);
        }
        return branches;
    }

    /**
     * go-yaml writes U+2028/U+2029 in double-quoted strings as the YAML escapes \L and \P, which
     * snakeyaml-engine does not know: rewrites the one it stopped at as \u2028/\u2029 (null when
     * the error is something else).
     */
    private static String withLineSeparatorEscape(String text, MarkedYamlEngineException e) {
        String problem = String.valueOf(e.getProblem());
        String escape;
        if (problem.startsWith("found unknown escape character L(")) {
            escape = "\\L";
        } else if (problem.startsWith("found unknown escape character P(")) {
            escape = "\\P";
        } else {
            return null;
        }
        // the mark is at the letter; regionMatches is false for any position outside the text
        int at = e.getProblemMark().map(m -> text.offsetByCodePoints(0, m.getIndex())).orElse(-1);
        if (!text.regionMatches(at - 1, escape, 0, 2)) {
            return null;
        }
        return text.substring(0, at) + (escape.equals("\\L") ? "u2028" : "u2029") + text.substring(at + 1);
    }

    /** A document must be a map (an empty or null document is an empty map). */
    private void checkRoot(YamlNode root, boolean first) {
        if (root == null || root instanceof YamlNode.Mapping) {
            return;
        }
        if (root instanceof YamlNode.Scalar s && YamlTreeBuilder.scalar(s) == null) {
            return;
        }
        boolean sequence = root instanceof YamlNode.Sequence;
        if (first) {
            String tag = sequence ? "!!seq" : scalarTag((YamlNode.Scalar) root);
            throw fail(false, "yaml: unmarshal errors: line " + (root.line + 1) + ": cannot unmarshal " + tag
                    + " into map[string]interface {}");
        }
        throw fail(sequence ? "YAML documents that are sequences are not supported"
                : "YAML documents that are values are not supported");
    }

    private static String scalarTag(YamlNode.Scalar s) {
        Object v = YamlTreeBuilder.scalar(s);
        if (v instanceof Long) {
            return "!!int";
        }
        if (v instanceof Double) {
            return "!!float";
        }
        if (v instanceof Boolean) {
            return "!!bool";
        }
        if (v instanceof java.time.OffsetDateTime) {
            return "!!timestamp";
        }
        return "!!str";
    }

    private String decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        if (isAscii(bytes, start)) {
            // ASCII is valid UTF-8 as it is: one copy instead of a strict decoder's detour through chars
            return new String(bytes, start, bytes.length - start, StandardCharsets.US_ASCII);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        if (decoder.decode(in, out, true).isError()) {
            // the decoder stopped in front of the first invalid sequence
            int line = 1;
            for (int i = start, bad = in.position(); i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw fail(false, "yaml: line " + line + ": invalid UTF-8 (is this a binary file?)");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Printable ASCII and line feeds only (so no BOM, tab, CR or control character either). */
    private static boolean printableAsciiLines(byte[] bytes) {
        for (byte b : bytes) {
            if ((b < 0x20 || b > 0x7E) && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** go-yaml accepts tab, line breaks and printable characters only. */
    private void checkCharacters(String text) {
        // the common characters first, by char; the exact check by code point from the first other one
        int from = 0;
        for (int n = text.length(); from < n; from++) {
            char c = text.charAt(from);
            if (!((c >= 0x20 && c <= 0x7E) || c == '\n' || c == '\t' || c == '\r' || (c >= 0xA0 && c <= 0xD7FF))) {
                break;
            }
        }
        if (from == text.length()) {
            return;
        }
        int line = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                continue;
            }
            boolean ok = c == '\t' || c == '\r' || (c >= 0x20 && c <= 0x7E) || c == 0x85
                    || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) {
                throw fail(false, "yaml: line " + line + ": control characters are not allowed");
            }
        }
    }

    private static String firstLine(String s) {
        return s == null ? "invalid YAML" : ErrorText.firstLine(s);
    }

    /**
     * sops 3.10+ first decodes the first document on its own and returns go-yaml's error as is;
     * errors found later get sops' prefix.
     */
    private SopsException fail(boolean prefixed, String detail) {
        return new SopsException(exitCode, (prefixed ? "Error unmarshaling input YAML: " : "") + detail);
    }

    /** An error while composing: sops' prefix once a document was read completely (the error is past the first). */
    private SopsException failIn(YamlEventComposer composer, String detail) {
        return fail(composer.completedDocuments > 0, detail);
    }

    private SopsException fail(String detail) {
        return fail(true, detail);
    }
}
