package io.flowpolicy.sink.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The only way YAML is produced: Jackson over insertion-ordered maps and lists, so every scalar is quoted or
 * escaped by the emitter and no data can become YAML syntax. Quotes are minimised for readable diffs, but numbers
 * held as strings (Cilium's ports) and YAML's boolean/null words stay quoted.
 */
final class Yaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        // a long selector folded over lines is valid YAML but makes diffs noisy
        .disable(YAMLGenerator.Feature.SPLIT_LINES)
        .build());

    private Yaml() {
    }

    /** One or more documents, each starting with {@code ---}. */
    static String write(List<?> documents) {
        StringWriter out = new StringWriter();
        try (SequenceWriter writer = MAPPER.writer().writeValues(out)) {
            for (Object document : documents) {
                writer.write(document);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise policy document", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString();
        return text.endsWith("\n") ? text : text + "\n";
    }
}
