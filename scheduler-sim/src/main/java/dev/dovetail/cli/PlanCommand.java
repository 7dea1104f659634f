package dev.dovetail.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dovetail.aws.catalog.BuiltInCatalog;
import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.aws.catalog.CatalogException;
import dev.dovetail.manifest.Decoded;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.LoadedManifests;
import dev.dovetail.manifest.ManifestError;
import dev.dovetail.manifest.Mappers;
import dev.dovetail.plan.ConsolidationPreview;
import dev.dovetail.plan.DuplicateObjects;
import dev.dovetail.plan.LiveClusterPlanner;
import dev.dovetail.plan.ManifestPlanner;
import dev.dovetail.plan.PlanReport;
import dev.dovetail.plan.PlanTable;
import dev.dovetail.scheduling.SolveOptions;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dovetail plan}: a dry run of provisioning. Reads Provisioners, AWSNodeTemplates and
 * workloads, and prints the nodes Dovetail would launch for the pods, with prices, the lower bound
 * and every pod it could not place. Each directory of manifests is planned on its own.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Dry run: print the nodes Dovetail would launch for the workloads in the manifests.",
      "Reads Provisioners, AWSNodeTemplates, Pods, Deployments, ReplicaSets, StatefulSets and Jobs"
          + " (expanded to replicas); each directory is planned separately.",
      "Nodes and the Pods bound to them (as 'kubectl get nodes,pods -A -o yaml' writes them) are"
          + " the existing cluster: pending pods go there first; without Nodes the cluster is"
          + " empty.",
      "With --kubeconfig FILE [--context C] it plans for the pending pods of a running cluster"
          + " instead, read-only, with the same output.",
      "Exit status: 0 every pod placed, 1 some pod unschedulable or some workload skipped, 2 an"
          + " input cannot be read (or defines a Provisioner or AWSNodeTemplate twice)."
    })
final class PlanCommand implements Callable<Integer> {
  /** The time a plan is made at: now. */
  private final Clock clock = Clock.systemUTC();

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|DIR",
      description = "Manifest file or directory (read recursively). Repeatable.")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Plan for a running cluster instead of files: reads Provisioners, AWSNodeTemplates,"
              + " nodes, Machines, daemonsets and pending pods (read-only, never writes).")
  Path kubeconfig;

  @Option(names = "--context", description = "kubeconfig context (default: the current one).")
  String context;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table, json or yaml.")
  String output;

  @Option(
      names = "--catalog",
      paramLabel = "instance-types.csv",
      description =
          "Instance types CSV (columns in docs/user/plan.md, Catalogs); default: the built-in"
              + " catalog.")
  Path catalogFile;

  @Option(names = "--prices", paramLabel = "prices.csv", description = "Prices CSV. Repeatable.")
  List<Path> priceFiles = new ArrayList<>();

  @Option(names = "--offerings", paramLabel = "offerings.csv", description = CatalogFiles.OFFERINGS)
  Path offeringsFile;

  @Option(names = "--region", description = "Region to plan in (default: us-east-1 when known).")
  String region;

  @Option(names = "--ignore-preferences", description = "Treat every preference as absent.")
  boolean ignorePreferences;

  @Option(
      names = "--packing",
      defaultValue = "CHEAPEST",
      description = "CHEAPEST (default), COST_AWARE or FIRST_FIT_DECREASING.")
  SolveOptions.Packing packing;

  @Option(
      names = "--consolidation",
      description =
          "With --kubeconfig: print what the deprovisioner would do now (expiration, emptiness,"
              + " consolidation) and why, read-only.")
  boolean consolidation;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!List.of("table", "json", "yaml").contains(output)) {
      err.println("error: --output must be table, json or yaml, got " + output);
      return 2;
    }
    Catalog catalog;
    try {
      catalog = catalog();
    } catch (CatalogException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (region != null && !catalog.regions().isEmpty() && !catalog.regions().contains(region)) {
      err.println(
          "error: --region "
              + region
              + " is unknown to the catalog "
              + catalog.source()
              + "; it knows "
              + String.join(", ", catalog.regions()));
      return 2;
    }
    String planRegion = region == null ? catalog.defaultRegion() : region;
    var types = catalog.instanceTypes(planRegion);
    if (types.isEmpty()) {
      err.println(
          "error: the catalog "
              + catalog.source()
              + " offers no instance type in region "
              + planRegion);
      return 2;
    }
    if (paths.isEmpty() == (kubeconfig == null)) {
      err.println("error: give either -f FILE|DIR or --kubeconfig FILE");
      return 2;
    }
    if (context != null && kubeconfig == null) {
      err.println("error: --context needs --kubeconfig");
      return 2;
    }
    if (consolidation && kubeconfig == null) {
      err.println("error: --consolidation needs --kubeconfig");
      return 2;
    }
    SolveOptions solveOptions = new SolveOptions(!ignorePreferences, packing);
    if (consolidation) {
      try (KubernetesClient client = liveClient()) {
        var preview = new ConsolidationPreview(types, clock).preview(client);
        ConsolidationPreview.print(
            preview, "cluster " + client.getConfiguration().getMasterUrl(), out);
      } catch (IOException | KubernetesClientException e) {
        err.println("error: reading the cluster through " + kubeconfig + ": " + e.getMessage());
        return 2;
      }
      return 0;
    }
    if (kubeconfig != null) {
      ManifestPlanner planner =
          new ManifestPlanner(types, planRegion, catalog.source(), solveOptions, clock);
      PlanReport report;
      try (KubernetesClient client = liveClient()) {
        report =
            new LiveClusterPlanner(planner, types, clock)
                .plan(client, "cluster " + client.getConfiguration().getMasterUrl());
      } catch (IOException | KubernetesClientException e) {
        err.println("error: reading the cluster through " + kubeconfig + ": " + e.getMessage());
        return 2;
      }
      print(List.of(report), out);
      return allPlaced(report) ? 0 : 1;
    }
    LoadedManifests manifests = KindRegistry.discover().load(paths);
    for (ManifestError e : manifests.errors()) {
      err.println(e);
    }
    List<String> duplicates = new ArrayList<>();
    manifests.byDirectory().values().forEach(g -> duplicates.addAll(DuplicateObjects.in(g)));
    if (!duplicates.isEmpty()) {
      duplicates.forEach(d -> err.println("error: " + d));
      return 2;
    }
    ManifestPlanner planner =
        new ManifestPlanner(types, planRegion, catalog.source(), solveOptions, clock);
    List<PlanReport> reports = new ArrayList<>();
    for (Map.Entry<String, List<Decoded<?>>> group : manifests.byDirectory().entrySet()) {
      reports.add(planner.plan(group.getKey(), group.getValue()));
    }
    print(reports, out);
    out.flush();
    if (!manifests.errors().isEmpty() && reports.isEmpty()) {
      return 2;
    }
    return reports.stream().allMatch(PlanCommand::allPlaced) ? 0 : 1;
  }

  /** Every pod placed: none unschedulable and no workload skipped. */
  private static boolean allPlaced(PlanReport report) {
    return report.unschedulable().isEmpty() && report.skipped().isEmpty();
  }

  private void print(List<PlanReport> reports, PrintWriter out) throws JsonProcessingException {
    switch (output) {
      case "json" ->
          out.println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(reports.size() == 1 ? reports.get(0) : reports));
      case "yaml" ->
          out.print(
              Mappers.yaml().writeValueAsString(reports.size() == 1 ? reports.get(0) : reports));
      default -> reports.forEach(r -> PlanTable.print(r, out));
    }
    out.flush();
  }

  private KubernetesClient liveClient() throws IOException {
    String text = Files.readString(kubeconfig);
    if (context != null) {
      List<String> known =
          KubeConfigUtils.parseConfigFromString(text).getContexts().stream()
              .map(NamedContext::getName)
              .toList();
      if (!known.contains(context)) {
        // fabric8 would fall back to the current context: plan the wrong cluster silently
        throw new IOException(
            "context \"" + context + "\" is not in the kubeconfig (it has " + known + ")");
      }
    }
    Config config = Config.fromKubeconfig(context, text, kubeconfig.toString());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private Catalog catalog() {
    if (catalogFile == null) {
      if (!priceFiles.isEmpty() || offeringsFile != null) {
        throw new CatalogException("--prices and --offerings need --catalog instance-types.csv");
      }
      return BuiltInCatalog.get();
    }
    return CatalogFiles.load(catalogFile, priceFiles, offeringsFile);
  }
}
