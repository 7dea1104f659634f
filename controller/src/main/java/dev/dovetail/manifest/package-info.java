/**
 * Reads Kubernetes manifests from files and directories: multi-document YAML and JSON, with the
 * source location of every document and field, and decodes them into typed objects through a {@link
 * dev.dovetail.manifest.KindRegistry} that providers extend.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * LoadedManifests loaded = KindRegistry.discover().load(List.of(Path.of("examples/a2-inflate-spot")));
 * loaded.errors();                              // unreadable input: file:line:column
 * loaded.problems();                            // invalid objects, one Problem each
 * List<Provisioner> provisioners = loaded.objects(Provisioner.class);   // valid and defaulted
 * List<Deployment> workloads = loaded.objects(Deployment.class);
 * }</pre>
 *
 * <p>Lower level: {@link dev.dovetail.manifest.ManifestReader} yields raw documents with their
 * locations, and {@link dev.dovetail.manifest.KindRegistry#decode} decodes one.
 */
package dev.dovetail.manifest;
