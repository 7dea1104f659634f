package dev.dovetail.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads manifests from files and directories. Directories are walked recursively; files ending in
 * {@code .yaml}, {@code .yml} or {@code .json} are read in sorted path order. A file given
 * explicitly is read whatever its name; {@code -} reads standard input. Empty documents are
 * skipped. A file with a syntax error contributes the documents before the error and one {@link
 * ManifestError} with line and column. The items of a {@code v1} {@code List} (what {@code kubectl
 * get -o yaml} writes for several objects) are read as documents of their own.
 */
public final class ManifestReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The path that stands for standard input, as in {@code kubectl apply -f -}. */
  public static final String STDIN = "-";

  private final ManifestLimits limits;
  private final YAMLFactory yaml;
  private final JsonFactory json;
  private final Supplier<InputStream> stdin;

  /** A reader whose {@code -} path reads {@link System#in}. */
  public ManifestReader() {
    this(() -> System.in);
  }

  /** A reader whose {@code -} path reads {@code stdin}. */
  public ManifestReader(Supplier<InputStream> stdin) {
    this(stdin, ManifestLimits.DEFAULT);
  }

  /** A reader with its own limits on input size, aliases, nodes and nesting. */
  public ManifestReader(Supplier<InputStream> stdin, ManifestLimits limits) {
    this.stdin = stdin;
    this.limits = limits;
    this.yaml = limits.yamlFactory();
    this.json = limits.jsonFactory();
  }

  /** Reads every path: files and directories. */
  public ManifestSet read(List<Path> paths) {
    List<ManifestDocument> documents = new ArrayList<>();
    List<ManifestError> errors = new ArrayList<>();
    for (Path path : paths) {
      if (path.toString().equals(STDIN)) {
        readStdin(documents, errors);
      } else if (Files.isDirectory(path)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
          files =
              walk.filter(Files::isRegularFile)
                  .filter(ManifestReader::isManifest)
                  .sorted()
                  .toList();
        } catch (IOException | RuntimeException e) {
          errors.add(new ManifestError(new SourceLocation(path.toString(), 0, 0), describe(e)));
          continue;
        }
        for (Path file : files) {
          readFile(file, documents, errors);
        }
      } else {
        readFile(path, documents, errors);
      }
    }
    return new ManifestSet(documents, errors);
  }

  /** Reads manifests held in memory; {@code source} names them in locations. */
  public ManifestSet readString(String source, String text) {
    List<ManifestDocument> documents = new ArrayList<>();
    List<ManifestError> errors = new ArrayList<>();
    parse(source, text, source.toLowerCase(Locale.ROOT).endsWith(".json"), documents, errors);
    return new ManifestSet(documents, errors);
  }

  private void readStdin(List<ManifestDocument> documents, List<ManifestError> errors) {
    String text;
    try {
      text = limits.readBounded(stdin.get());
    } catch (IOException | RuntimeException e) {
      errors.add(new ManifestError(new SourceLocation("<stdin>", 0, 0), describe(e)));
      return;
    }
    parse("<stdin>", text, false, documents, errors);
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private void readFile(Path file, List<ManifestDocument> documents, List<ManifestError> errors) {
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      // bounded: /dev/zero or a huge file ends at the limit instead of filling the heap
      text = limits.readBounded(in);
    } catch (NoSuchFileException e) {
      errors.add(new ManifestError(new SourceLocation(file.toString(), 0, 0), "no such file"));
      return;
    } catch (IOException | RuntimeException e) {
      errors.add(new ManifestError(new SourceLocation(file.toString(), 0, 0), describe(e)));
      return;
    }
    boolean isJson = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    parse(file.toString(), text, isJson, documents, errors);
  }

  private void parse(
      String source,
      String text,
      boolean isJson,
      List<ManifestDocument> documents,
      List<ManifestError> errors) {
    int index = 0;
    try (JsonParser parser = isJson ? json.createParser(text) : yaml.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        index++;
        if (token == JsonToken.VALUE_NULL) {
          continue;
        }
        Map<String, SourceLocation> locations = new HashMap<>();
        SourceLocation start = location(source, parser.currentTokenLocation());
        JsonNode tree =
            readNode(source, parser, "", locations, new HashMap<>(), limits.newBudget(), 0);
        if (isList(tree)) {
          JsonNode items = tree.get("items");
          List<Map<String, SourceLocation>> itemLocations = itemLocations(locations, items.size());
          for (int i = 0; i < items.size(); i++) {
            SourceLocation at = locations.getOrDefault("/items/" + i, start);
            documents.add(document(source, index, at, items.get(i), itemLocations.get(i)));
          }
        } else {
          documents.add(document(source, index, start, tree, locations));
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      SourceLocation where = at == null ? new SourceLocation(source, 0, 0) : location(source, at);
      errors.add(new ManifestError(where, syntaxMessage(isJson, e)));
    } catch (IOException | RuntimeException e) {
      errors.add(new ManifestError(new SourceLocation(source, 0, 0), describe(e)));
    }
  }

  /**
   * A {@code kind: List} document, as {@code kubectl get -o yaml} writes several objects: its items
   * are read as documents of their own (they share the List's index).
   */
  private static boolean isList(JsonNode tree) {
    return tree.isObject()
        && "List".equals(text(tree.path("kind")))
        && "v1".equals(text(tree.path("apiVersion")))
        && tree.path("items").isArray();
  }

  /** The locations of each item of a List, keyed relative to the item. */
  private static List<Map<String, SourceLocation>> itemLocations(
      Map<String, SourceLocation> locations, int count) {
    List<Map<String, SourceLocation>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new HashMap<>());
    }
    String prefix = "/items/";
    locations.forEach(
        (pointer, at) -> {
          if (pointer.startsWith(prefix)) {
            int slash = pointer.indexOf('/', prefix.length());
            if (slash > 0) {
              int item = Integer.parseInt(pointer.substring(prefix.length(), slash));
              out.get(item).put(pointer.substring(slash), at);
            }
          }
        });
    return out;
  }

  private static String syntaxMessage(boolean isJson, JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    // SnakeYAML messages span several lines with a caret drawing; keep the first sentence.
    message = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    return (isJson ? "JSON" : "YAML") + " syntax error: " + message;
  }

  private static ManifestDocument document(
      String source,
      int index,
      SourceLocation start,
      JsonNode tree,
      Map<String, SourceLocation> locations) {
    String apiVersion = text(tree.path("apiVersion"));
    String kind = text(tree.path("kind"));
    JsonNode metadata = tree.path("metadata");
    return new ManifestDocument(
        source,
        index,
        start,
        apiVersion,
        kind,
        text(metadata.path("name")),
        text(metadata.path("namespace")),
        tree,
        Map.copyOf(locations));
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  /**
   * Builds the node at the parser's current token and records locations. YAML anchors ({@code
   * &name}) are remembered and aliases ({@code *name}) replaced by a copy of the anchored node.
   */
  private JsonNode readNode(
      String source,
      JsonParser parser,
      String pointer,
      Map<String, SourceLocation> locations,
      Map<String, JsonNode> anchors,
      ManifestLimits.Budget budget,
      int depth)
      throws IOException {
    String exceeded = budget.enter(depth);
    if (exceeded != null) {
      throw new StructureException(parser, exceeded);
    }
    if (locations.size() < limits.maxNodes()) {
      locations.putIfAbsent(pointer, location(source, parser.currentTokenLocation()));
    }
    if (parser instanceof YAMLParser yamlParser) {
      if (yamlParser.isCurrentAlias()) {
        JsonNode anchored = anchors.get(parser.getText());
        if (anchored == null) {
          throw new StructureException(parser, "unknown alias *" + parser.getText());
        }
        exceeded = budget.alias(anchored);
        if (exceeded != null) {
          throw new StructureException(parser, exceeded);
        }
        return anchored.deepCopy();
      }
      String anchor = yamlParser.getCurrentAnchor();
      JsonNode node = readValue(source, parser, pointer, locations, anchors, budget, depth);
      if (anchor != null) {
        anchors.put(anchor, node);
      }
      return node;
    }
    return readValue(source, parser, pointer, locations, anchors, budget, depth);
  }

  private JsonNode readValue(
      String source,
      JsonParser parser,
      String pointer,
      Map<String, SourceLocation> locations,
      Map<String, JsonNode> anchors,
      ManifestLimits.Budget budget,
      int depth)
      throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          SourceLocation at = location(source, parser.currentTokenLocation());
          if (object.has(field)) {
            throw new StructureException(parser, "duplicate key \"" + field + "\"");
          }
          String child = pointer + "/" + escape(field);
          if (locations.size() < limits.maxNodes()) {
            locations.put(child, at);
          }
          parser.nextToken();
          object.set(field, readNode(source, parser, child, locations, anchors, budget, depth + 1));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(
              readNode(
                  source,
                  parser,
                  pointer + "/" + array.size(),
                  locations,
                  anchors,
                  budget,
                  depth + 1));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDecimalValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      case VALUE_EMBEDDED_OBJECT -> {
        Object value = parser.getEmbeddedObject();
        return value == null ? NODES.nullNode() : NODES.textNode(value.toString());
      }
      default -> throw new StructureException(parser, "unexpected " + token.asString());
    }
  }

  private static String escape(String field) {
    return field.replace("~", "~0").replace("/", "~1");
  }

  private static SourceLocation location(String source, JsonLocation at) {
    return new SourceLocation(source, Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0));
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** A structural error we detect ourselves while building the tree. */
  private static final class StructureException extends JsonProcessingException {
    StructureException(JsonParser parser, String message) {
      super(message, parser.currentTokenLocation());
    }
  }
}
