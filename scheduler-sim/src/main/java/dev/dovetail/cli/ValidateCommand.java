package dev.dovetail.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.manifest.Decoded;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestDocument;
import dev.dovetail.manifest.ManifestError;
import dev.dovetail.manifest.ManifestReader;
import dev.dovetail.manifest.ManifestSet;
import dev.dovetail.manifest.Mappers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dovetail validate}: checks Provisioner, Machine and AWSNodeTemplate manifests the way the
 * admission webhooks would, before they reach a cluster. Problems go to stderr, one per line; the
 * defaulted objects ({@code --show-defaults}) go to stdout as YAML.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate Provisioner, Machine and AWSNodeTemplate manifests.",
      "Prints one line per problem: <kind>/<name>: <field path>: <rule>.",
      "Exit status: 0 all valid, 1 a manifest is invalid, 2 an input cannot be read."
    })
final class ValidateCommand implements Callable<Integer> {
  static final int EXIT_VALID = 0;
  static final int EXIT_INVALID = 1;
  static final int EXIT_UNREADABLE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE|DIR",
      description =
          "A manifest file, a directory (read recursively: *.yaml, *.yml, *.json), or - for"
              + " standard input. Repeatable.")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--show-defaults",
      description = "Print the valid objects with upstream's defaults applied, as YAML on stdout.")
  boolean showDefaults;

  @Option(
      names = "--all-kinds",
      description =
          "Also check kinds Dovetail does not own: built-in kinds (Deployment, Pod...) must decode,"
              + " and unknown kinds are reported.")
  boolean allKinds;

  @Option(
      names = "--show-source",
      description = "Prefix each problem with the file, line and column it refers to.")
  boolean showSource;

  private final KindRegistry kinds;

  ValidateCommand() {
    this(KindRegistry.discover());
  }

  ValidateCommand(KindRegistry kinds) {
    this.kinds = kinds;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ManifestSet manifests = new ManifestReader().read(paths);
    for (ManifestError error : manifests.errors()) {
      err.println(error);
    }
    int checked = 0;
    int invalid = 0;
    int problemCount = 0;
    List<Decoded<?>> defaulted = new ArrayList<>();
    for (ManifestDocument document : manifests.documents()) {
      Decoded<?> decoded = kinds.decode(document);
      if (!decoded.owned() && !allKinds && !looksLikeOurs(decoded)) {
        continue;
      }
      checked++;
      List<Problem> problems = decoded.validate();
      if (allKinds && decoded.descriptor() == null && decoded.problems().isEmpty()) {
        problems =
            List.of(
                new Problem(
                    document.kind(),
                    document.name(),
                    "kind",
                    "Dovetail does not know " + document.apiVersion() + " " + document.kind()));
      }
      if (!problems.isEmpty()) {
        invalid++;
        problemCount += problems.size();
        for (Problem problem : problems) {
          err.println(
              showSource
                  ? document.locationOfField(problem.fieldPath()) + ": " + problem
                  : problem.toString());
        }
      } else if (showDefaults && decoded.owned()) {
        defaulted.add(decoded);
      }
    }
    for (Decoded<?> decoded : defaulted) {
      String yaml = Mappers.yaml().writeValueAsString(decoded.defaulted());
      out.print(
          yaml.replaceFirst("^---\\n", "---\n# Source: " + decoded.document().source() + "\n"));
    }
    out.flush();
    err.println(summary(manifests, checked, invalid, problemCount));
    err.flush();
    if (manifests.hasErrors()) {
      return EXIT_UNREADABLE;
    }
    return invalid > 0 ? EXIT_INVALID : EXIT_VALID;
  }

  /**
   * A document nobody registered but that has decoding problems: a missing apiVersion or kind, or
   * one of our groups with a wrong version or kind. Most likely one of our kinds with a typo, so it
   * is reported even without {@code --all-kinds}.
   */
  private static boolean looksLikeOurs(Decoded<?> decoded) {
    return decoded.descriptor() == null && !decoded.problems().isEmpty();
  }

  private static String summary(ManifestSet manifests, int checked, int invalid, int problems) {
    StringBuilder line = new StringBuilder("validate: ");
    if (checked == 0) {
      line.append("no Provisioner, Machine or AWSNodeTemplate found");
    } else if (invalid == 0) {
      line.append(checked).append(" object(s) valid");
    } else {
      line.append(problems)
          .append(" problem(s) in ")
          .append(invalid)
          .append(" of ")
          .append(checked)
          .append(" object(s)");
    }
    if (manifests.hasErrors()) {
      line.append("; ").append(manifests.errors().size()).append(" input(s) could not be read");
    }
    return line.toString();
  }
}
