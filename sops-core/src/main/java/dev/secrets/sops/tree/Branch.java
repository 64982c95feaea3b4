package dev.secrets.sops.tree;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An ordered map, sops' TreeBranch: items in input order, duplicate keys allowed (JSON keeps them).
 * A key is a String, or a {@link Comment} (then the value is null).
 *
 * <p>Values are: Branch (map), {@code List<Object>} (list; elements may be Comments), String,
 * {@link RawString}, Long (int), Double (float), Boolean, {@link java.time.OffsetDateTime} (YAML
 * timestamp), byte[] (legacy type {@code bytes}), or null.
 */
public final class Branch implements Iterable<Branch.Item> {
    /** One entry of the map. */
    public record Item(Object key, Object value) {
        public Item {
            if (!(key instanceof String) && !(key instanceof Comment)) {
                throw new IllegalArgumentException("a key is a String or a Comment");
            }
        }

        public boolean isComment() {
            return key instanceof Comment;
        }

        public Item withValue(Object newValue) {
            return new Item(key, newValue);
        }
    }

    private final List<Item> items;

    public Branch() {
        this.items = new ArrayList<>();
    }

    public Branch(List<Item> items) {
        this.items = new ArrayList<>(items);
    }

    public List<Item> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public Iterator<Item> iterator() {
        return items.iterator();
    }

    /** Appends an entry. */
    public Branch add(Object key, Object value) {
        items.add(new Item(key, value));
        return this;
    }

    public Branch addComment(Comment comment) {
        items.add(new Item(comment, null));
        return this;
    }

    /** Whether the map has the string key. */
    public boolean containsKey(String key) {
        return indexOf(key) >= 0;
    }

    /** The value of the first entry with that key, or null. */
    public Object get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : items.get(i).value();
    }

    /** Replaces the value of the first entry with that key, or appends a new entry. */
    public void put(String key, Object value) {
        int i = indexOf(key);
        if (i < 0) {
            items.add(new Item(key, value));
        } else {
            items.set(i, new Item(key, value));
        }
    }

    /** Removes every entry with that key; returns the first removed value or null. */
    public Object remove(String key) {
        Object first = null;
        boolean found = false;
        for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
            Item item = it.next();
            if (key.equals(item.key())) {
                if (!found) {
                    first = item.value();
                    found = true;
                }
                it.remove();
            }
        }
        return first;
    }

    public int indexOf(String key) {
        for (int i = 0; i < items.size(); i++) {
            if (key.equals(items.get(i).key())) {
                return i;
            }
        }
        return -1;
    }

    /** A deep copy: branches and lists are copied, leaves shared (they are immutable). */
    public Branch deepCopy() {
        Branch copy = new Branch();
        for (Item item : items) {
            copy.items.add(new Item(item.key(), copyValue(item.value())));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    public static Object copyValue(Object value) {
        if (value instanceof Branch b) {
            return b.deepCopy();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copyValue(element));
            }
            return copy;
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Branch b && items.equals(b.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(items);
    }

    @Override
    public String toString() {
        return "Branch" + items;
    }
}
