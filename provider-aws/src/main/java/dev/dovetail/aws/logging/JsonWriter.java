package dev.dovetail.aws.logging;

import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Writes log field values as JSON without a library: strings escaped, numbers and booleans raw. */
final class JsonWriter {
  private JsonWriter() {}

  static void value(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case Boolean b -> out.append(b);
      case Integer i -> out.append(i);
      case Long l -> out.append(l);
      case Short s -> out.append(s);
      case Byte b -> out.append(b);
      case Double d when Double.isFinite(d) -> out.append(d);
      case Float f when Float.isFinite(f) -> out.append(f);
      case java.math.BigDecimal d -> out.append(d.toPlainString());
      case java.math.BigInteger i -> out.append(i);
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(out, String.valueOf(entry.getKey()));
          out.append(':');
          value(out, entry.getValue());
        }
        out.append('}');
      }
      case Collection<?> list -> {
        out.append('[');
        boolean first = true;
        for (Object item : list) {
          if (!first) {
            out.append(',');
          }
          first = false;
          value(out, item);
        }
        out.append(']');
      }
      case Object[] array -> value(out, java.util.Arrays.asList(array));
      case Optional<?> optional -> value(out, optional.orElse(null));
      case Duration d -> string(out, d.toString());
      case TemporalAccessor t -> string(out, t.toString());
      default -> string(out, String.valueOf(value));
    }
  }

  static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
