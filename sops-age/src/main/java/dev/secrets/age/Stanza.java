package dev.secrets.age;

import com.exceptionfactory.jagged.RecipientStanza;
import java.util.List;

/** One recipient stanza of an age header: {@code -> type args…} and its body. */
record Stanza(String type, List<String> arguments, byte[] body) implements RecipientStanza {
    @Override
    public String getType() {
        return type;
    }

    @Override
    public List<String> getArguments() {
        return arguments;
    }

    @Override
    public byte[] getBody() {
        return body.clone();
    }
}
