/**
 * The {@code karpenter.k8s.aws/v1alpha1} API: AWSNodeTemplate as Karpenter v0.31 users write it.
 */
package dev.dovetail.aws.api.v1alpha1;
