package dev.dovetail.api.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/** Renders a {@link CrdDefinition} as the YAML file that ships in the Helm chart. */
public final class CrdWriter {
  static final String HEADER =
      "# Generated from the Java API types by dev.dovetail.api.crd. Do not edit by hand:\n"
          + "# regenerate with ./mvnw -B test -pl controller,provider-aws -am -Ddovetail.crds.update=true"
          + " -Dtest='*CrdFilesTest' -Dsurefire.failIfNoSpecifiedTests=false\n";

  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  private CrdWriter() {}

  public static String toYaml(CrdDefinition crd) {
    try {
      return HEADER + YAML.writeValueAsString(crd.toCrd());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
