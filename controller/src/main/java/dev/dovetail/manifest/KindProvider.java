package dev.dovetail.manifest;

/**
 * Contributes kinds to a {@link KindRegistry}. Modules that define their own kinds (provider-aws:
 * AWSNodeTemplate) implement it and list the class in {@code
 * META-INF/services/dev.dovetail.manifest.KindProvider}, so the controller module does not depend
 * on them.
 */
public interface KindProvider {
  void registerKinds(KindRegistry registry);
}
