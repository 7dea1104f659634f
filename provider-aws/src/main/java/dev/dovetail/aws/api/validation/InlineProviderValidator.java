package dev.dovetail.aws.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.FieldPath;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.api.validation.Problems;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec;
import dev.dovetail.aws.api.v1alpha1.AwsCrds;
import dev.dovetail.manifest.Mappers;
import dev.dovetail.manifest.SchemaChecker;
import java.util.List;

/**
 * Validates the deprecated inline {@code spec.provider} block of a Provisioner with the
 * AWSNodeTemplate rules, as upstream's AWS webhook does; problems are reported under {@code
 * spec.provider}.
 */
public final class InlineProviderValidator {
  private InlineProviderValidator() {}

  public static List<Problem> validate(Provisioner provisioner) {
    JsonNode provider = provisioner.getSpec() == null ? null : provisioner.getSpec().provider();
    if (provider == null || provider.isNull()) {
      return List.of();
    }
    String name = provisioner.getMetadata() == null ? null : provisioner.getMetadata().getName();
    Problems problems = new Problems(Provisioner.KIND, name);
    FieldPath path = FieldPath.root("spec").child("provider");
    if (!provider.isObject()) {
      problems.add(path, "must be an object");
      return problems.toList();
    }
    ObjectNode block = provider.deepCopy();
    // The inline block may name its own type, as the v1alpha1 AWS provider did.
    block.remove("apiVersion");
    block.remove("kind");
    JsonNode schema = AwsCrds.AWS_NODE_TEMPLATE.schema().path("properties").path("spec");
    Problems schemaProblems = new Problems(Provisioner.KIND, name);
    SchemaChecker.check(block, schema, path, schemaProblems);
    List<Problem> found = schemaProblems.toList();
    if (found.stream().anyMatch(p -> !p.rule().equals("unknown field"))) {
      return found;
    }
    AWSNodeTemplateSpec spec;
    try {
      spec = Mappers.json().treeToValue(block, AWSNodeTemplateSpec.class);
    } catch (Exception e) {
      problems.add(path, "cannot decode: " + e.getClass().getSimpleName());
      return problems.toList();
    }
    for (Problem problem : found) {
      problems.add(problem.fieldPath(), problem.rule());
    }
    for (Problem problem : AWSNodeTemplateValidator.validate(new AWSNodeTemplate(name, spec))) {
      problems.add(path + problem.fieldPath().substring("spec".length()), problem.rule());
    }
    return problems.toList();
  }
}
