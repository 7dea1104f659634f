package dev.dovetail.api.crd;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Everything needed to write one single-version, cluster- or namespace-scoped
 * CustomResourceDefinition with a status subresource.
 */
public record CrdDefinition(
    String group,
    String version,
    String kind,
    String plural,
    boolean clusterScoped,
    List<String> shortNames,
    List<String> categories,
    String description,
    Class<?> specType,
    Class<?> statusType,
    List<PrinterColumn> printerColumns) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  public String name() {
    return plural + "." + group;
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  /** The file name under {@code charts/dovetail/crds/}, as controller-gen names it. */
  public String fileName() {
    return group + "_" + plural + ".yaml";
  }

  /** The openAPIV3Schema of the whole object. */
  public ObjectNode schema() {
    SchemaGenerator generator = new SchemaGenerator();
    ObjectNode root = NODES.objectNode();
    root.put("description", description);
    root.put("type", "object");
    ObjectNode properties = root.putObject("properties");
    properties
        .putObject("apiVersion")
        .put("description", "The versioned schema of this object.")
        .put("type", "string");
    properties
        .putObject("kind")
        .put("description", "The REST resource this object represents.")
        .put("type", "string");
    properties.putObject("metadata").put("type", "object");
    properties.set("spec", generator.schemaFor(specType));
    if (statusType != null) {
      properties.set("status", generator.schemaFor(statusType));
    }
    return root;
  }

  /** The CustomResourceDefinition as a tree, ready to be written as YAML. */
  public ObjectNode toCrd() {
    ObjectNode crd = NODES.objectNode();
    crd.put("apiVersion", "apiextensions.k8s.io/v1");
    crd.put("kind", "CustomResourceDefinition");
    crd.putObject("metadata").put("name", name());
    ObjectNode spec = crd.putObject("spec");
    spec.put("group", group);
    ObjectNode names = spec.putObject("names");
    if (!categories.isEmpty()) {
      ArrayNode array = names.putArray("categories");
      categories.forEach(array::add);
    }
    names.put("kind", kind);
    names.put("listKind", kind + "List");
    names.put("plural", plural);
    if (!shortNames.isEmpty()) {
      ArrayNode array = names.putArray("shortNames");
      shortNames.forEach(array::add);
    }
    names.put("singular", kind.toLowerCase(java.util.Locale.ROOT));
    spec.put("scope", clusterScoped ? "Cluster" : "Namespaced");
    ObjectNode versionNode = spec.putArray("versions").addObject();
    ArrayNode columns = versionNode.putArray("additionalPrinterColumns");
    for (PrinterColumn column : printerColumns) {
      ObjectNode c = columns.addObject();
      if (column.description() != null) {
        c.put("description", column.description());
      }
      c.put("jsonPath", column.jsonPath());
      c.put("name", column.name());
      if (column.priority() != 0) {
        c.put("priority", column.priority());
      }
      c.put("type", column.type());
    }
    versionNode.put("name", version);
    versionNode.putObject("schema").set("openAPIV3Schema", schema());
    versionNode.put("served", true);
    versionNode.put("storage", true);
    if (statusType != null) {
      versionNode.putObject("subresources").putObject("status");
    }
    return crd;
  }
}
