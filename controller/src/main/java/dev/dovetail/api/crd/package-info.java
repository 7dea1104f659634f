/**
 * Turns the Java API types into structural OpenAPI v3 schemas and CustomResourceDefinitions.
 *
 * <p>This is main code, not a build tool: the same schema that goes into the CRD under {@code
 * charts/dovetail/crds/} is what the manifest reader checks documents against, so {@code dovetail
 * validate} rejects exactly the unknown or mistyped fields that the API server would prune or
 * reject. A test regenerates the CRD files and fails on any difference.
 */
package dev.dovetail.api.crd;
