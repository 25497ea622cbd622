package aedyn.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import aedyn.choice.Choice;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.util.Map;

/**
 * run.json, checkpoint state.json and .ipynb files through Jackson (which Spark puts on every classpath; the
 * tools that run outside a Spark application get Spark's classpath too). Values map to Map (insertion-ordered),
 * List, String, Long or Double, Boolean and null. Written in the layout Jupyter itself saves (one space a level,
 * {@code "key": value}, empty containers as {} and []), with integral doubles as integers. A study's files are
 * written from records and read back into the same records ({@link #read}); a closed choice ({@link Choice}) is
 * its label, "bad-input", both ways.
 */
public final class Json {
  private Json() {}

  private static final JsonMapper MAPPER = JsonMapper.builder()
      // NaN/Infinity are not JSON, but a writer on the JVM may emit them for a diverged run.
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.USE_LONG_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer study's extra field is no error
      .addModule(new SimpleModule("aedyn-json") {
        @Override
        public void setupModule(SetupContext context) {
          super.setupModule(context);
          context.addDeserializers(new ChoiceDeserializers());
        }
      }.addSerializer(Double.class, new DoubleSerializer()).addSerializer(Choice.class, new ChoiceSerializer()))
      .build();

  private static final ObjectWriter WRITER = MAPPER.writer(jupyterLayout());

  private static DefaultPrettyPrinter jupyterLayout() {
    DefaultIndenter oneSpace = new DefaultIndenter(" ", "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
    printer.indentObjectsWith(oneSpace);
    printer.indentArraysWith(oneSpace);
    return printer;
  }

  /** Integral values as integers (1, not 1.0), as Python's json writes the numbers a notebook holds. */
  private static final class DoubleSerializer extends StdSerializer<Double> {
    DoubleSerializer() {
      super(Double.class);
    }

    @Override
    public void serialize(Double d, JsonGenerator g, SerializerProvider provider) throws IOException {
      if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON has no " + d);
      if (d == Math.rint(d) && Math.abs(d) < 1e15) g.writeNumber((long) (double) d);
      else g.writeNumber(d);
    }
  }

  /** A closed choice as its label. */
  private static final class ChoiceSerializer extends StdSerializer<Choice> {
    ChoiceSerializer() {
      super(Choice.class);
    }

    @Override
    public void serialize(Choice c, JsonGenerator g, SerializerProvider provider) throws IOException {
      g.writeString(c.label());
    }
  }

  /** Reads the enums that are closed choices from their labels, an unknown word naming the allowed ones. */
  private static final class ChoiceDeserializers extends Deserializers.Base {
    @Override
    public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config, BeanDescription bean) {
      return Choice.class.isAssignableFrom(type) ? choice(type.asSubclass(Enum.class)) : null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonDeserializer<?> choice(Class<? extends Enum> type) {
      return new StdDeserializer<Object>(type) {
        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
          try {
            return Choice.named((Class) type, p.getValueAsString());
          } catch (IllegalArgumentException e) {
            return ctxt.handleWeirdStringValue(type, p.getValueAsString(), e.getMessage());
          }
        }
      };
    }
  }

  /** The record (or other type) {@code type} that {@link #write} wrote as {@code text}. */
  public static <T> T read(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON: " + e.getOriginalMessage() + " at " + location(e), e);
    }
  }

  public static Object parse(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON: " + e.getOriginalMessage() + " at " + location(e), e);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) throw new IllegalArgumentException("JSON text is not an object");
    return (Map<String, Object>) v;
  }

  /** Writes v in Jupyter's layout, ending with a newline. */
  public static String write(Object v) {
    try {
      return WRITER.writeValueAsString(v) + "\n";
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof IllegalArgumentException bad) throw bad;
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** s as a JSON string literal (also a valid Python string literal). */
  public static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
