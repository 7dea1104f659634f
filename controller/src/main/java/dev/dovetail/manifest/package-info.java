/**
 * Reads Kubernetes manifests from files and directories: multi-document YAML and JSON, with the
 * source location of every document and field, and decodes them into typed objects through a {@link
 * dev.dovetail.manifest.KindRegistry} that providers extend.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * ManifestSet set = new ManifestReader().read(List.of(Path.of("examples")));
 * KindRegistry kinds = KindRegistry.discover();
 * for (ManifestDocument doc : set.documents()) {
 *   Decoded<?> decoded = kinds.decode(doc);
 * }
 * }</pre>
 */
package dev.dovetail.manifest;
