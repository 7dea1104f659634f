package dev.dovetail.manifest;

import dev.dovetail.api.crd.CrdDefinition;
import dev.dovetail.api.validation.Problem;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How to decode, validate and default one {@code apiVersion}/{@code kind}.
 *
 * @param apiVersion e.g. {@code karpenter.sh/v1alpha5}
 * @param kind e.g. {@code Provisioner}
 * @param type the Java type documents decode into
 * @param owned true for Dovetail's own kinds (validated by {@code dovetail validate}); false for
 *     Kubernetes built-in kinds, which are only decoded
 * @param crd the CRD of an owned kind: its schema rejects unknown and mistyped fields; null for
 *     built-in kinds
 * @param validator returns the problems of a decoded object (empty when valid)
 * @param defaulter returns the object with upstream's defaults applied
 */
public record KindDescriptor<T>(
    String apiVersion,
    String kind,
    Class<T> type,
    boolean owned,
    CrdDefinition crd,
    Function<T, List<Problem>> validator,
    UnaryOperator<T> defaulter) {

  /** One of Dovetail's own custom kinds. */
  public static <T> KindDescriptor<T> owned(
      CrdDefinition crd,
      Class<T> type,
      Function<T, List<Problem>> validator,
      UnaryOperator<T> defaulter) {
    return new KindDescriptor<>(
        crd.apiVersion(), crd.kind(), type, true, crd, validator, defaulter);
  }

  /** A Kubernetes built-in kind, decoded into a fabric8 model type and not validated. */
  public static <T> KindDescriptor<T> builtIn(String apiVersion, String kind, Class<T> type) {
    return new KindDescriptor<>(
        apiVersion, kind, type, false, null, object -> List.of(), UnaryOperator.identity());
  }

  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
