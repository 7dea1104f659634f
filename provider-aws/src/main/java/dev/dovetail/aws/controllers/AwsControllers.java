package dev.dovetail.aws.controllers;

import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.controllers.nodetemplate.NodeTemplateStatusController;
import dev.dovetail.aws.pricing.PricingProvider;
import dev.dovetail.operator.Controllers;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.ObjectController;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonLoop;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.state.ClusterInformers;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The controllers only the AWS provider runs: pricing refresh and AWSNodeTemplate status. A new AWS
 * controller is built in {@link #create} and added to the list it returns.
 */
public final class AwsControllers {
  /**
   * How often the pricing loop asks whether a price list is due; the lists themselves refresh every
   * {@link PricingProvider#REFRESH}.
   */
  static final Duration PRICING_CHECK = Duration.ofMinutes(1);

  private AwsControllers() {}

  /** The AWS controllers as the core composition's provider registration. */
  public static Controllers.Registration registration(AwsProviders providers) {
    return w ->
        create(w.client(), providers, w.informers(), w.clock(), w.scheduler(), w.registry());
  }

  public static List<Controller> create(
      KubernetesClient client,
      AwsProviders providers,
      ClusterInformers informers,
      Clock clock,
      TaskScheduler scheduler,
      MeterRegistry registry) {
    PricingProvider pricing = providers.pricing();
    SingletonLoop pricingRefresh =
        new SingletonLoop(
            "pricing",
            () -> {
              pricing.refreshIfDue();
              return Result.requeueAfter(PRICING_CHECK);
            },
            clock,
            scheduler,
            registry);

    ObjectController<String> nodeTemplates =
        new ObjectController<>(
            "nodetemplate",
            new NodeTemplateStatusController(client, providers.resolver()),
            1,
            clock,
            scheduler,
            registry);
    informers.nodeClasses().orElseThrow().addEventHandler(enqueueOnChange(nodeTemplates));
    return List.of(pricingRefresh, nodeTemplates);
  }

  private static ResourceEventHandler<GenericKubernetesResource> enqueueOnChange(
      ObjectController<String> controller) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource template) {
        controller.enqueue(template.getMetadata().getName());
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        controller.enqueue(after.getMetadata().getName());
      }

      @Override
      public void onDelete(GenericKubernetesResource template, boolean unknownFinalState) {}
    };
  }
}
