package dev.dovetail.aws.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV file with a header row, read whole. Fields may be quoted with {@code "}; an empty field
 * means "unknown". Accessors report errors as {@code file:line: column 'x': ...}.
 */
final class CsvTable {
  private final String file;
  private final Map<String, Integer> columns = new HashMap<>();
  private final List<Row> rows = new ArrayList<>();

  /** One data row. */
  final class Row {
    private final int line;
    private final List<String> fields;

    private Row(int line, List<String> fields) {
      this.line = line;
      this.fields = fields;
    }

    int line() {
      return line;
    }

    /** The trimmed value, empty when the column is absent or the field is empty. */
    Optional<String> optional(String column) {
      Integer index = columns.get(column);
      if (index == null || index >= fields.size()) {
        return Optional.empty();
      }
      String v = fields.get(index).trim();
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    String required(String column) {
      return optional(column).orElseThrow(() -> error(column, "value is required"));
    }

    Optional<Long> optionalLong(String column) {
      return optional(column).map(v -> parseLong(column, v));
    }

    long requiredLong(String column) {
      return parseLong(column, required(column));
    }

    Optional<Double> optionalDouble(String column) {
      return optional(column)
          .map(
              v -> {
                try {
                  double d = Double.parseDouble(v);
                  if (!(d >= 0) || Double.isInfinite(d)) {
                    throw error(column, "'" + v + "' must be a non-negative number");
                  }
                  return d;
                } catch (NumberFormatException e) {
                  throw error(column, "'" + v + "' is not a number");
                }
              });
    }

    Optional<Boolean> optionalBoolean(String column) {
      return optional(column)
          .map(
              v ->
                  switch (v.toLowerCase(java.util.Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw error(column, "'" + v + "' is not true or false");
                  });
    }

    CatalogException error(String column, String message) {
      return new CatalogException(file + ":" + line + ": column '" + column + "': " + message);
    }

    private long parseLong(String column, String v) {
      try {
        long l = Long.parseLong(v);
        if (l < 0) {
          throw error(column, "'" + v + "' must not be negative");
        }
        return l;
      } catch (NumberFormatException e) {
        throw error(column, "'" + v + "' is not a whole number");
      }
    }
  }

  private CsvTable(String file) {
    this.file = file;
  }

  static CsvTable read(String file, Reader reader) {
    CsvTable table = new CsvTable(file);
    try (BufferedReader in = new BufferedReader(reader)) {
      String header = in.readLine();
      if (header == null) {
        throw new CatalogException(file + ": file is empty (a header row is required)");
      }
      if (header.startsWith("\uFEFF")) {
        header = header.substring(1);
      }
      List<String> names = split(file, 1, header);
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i).trim();
        if (table.columns.putIfAbsent(name, i) != null) {
          throw new CatalogException(file + ":1: column '" + name + "' appears twice");
        }
      }
      String line;
      int number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        table.rows.add(table.new Row(number, split(file, number, line)));
      }
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot be read: " + e.getMessage(), e);
    }
    return table;
  }

  String file() {
    return file;
  }

  List<Row> rows() {
    return rows;
  }

  boolean hasColumn(String column) {
    return columns.containsKey(column);
  }

  void requireColumns(String... required) {
    for (String c : required) {
      if (!columns.containsKey(c)) {
        throw new CatalogException(
            file
                + ":1: required column '"
                + c
                + "' is missing (header has "
                + columns.keySet()
                + ")");
      }
    }
  }

  private static List<String> split(String file, int line, String text) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c != '\r') {
        field.append(c);
      }
    }
    if (quoted) {
      throw new CatalogException(file + ":" + line + ": unterminated quoted field");
    }
    fields.add(field.toString());
    return fields;
  }
}
