/**
 * The internal, version-independent model of an AWS node class. The v1alpha1 AWSNodeTemplate is an
 * adapter onto it ({@link dev.dovetail.aws.model.AWSNodeTemplateAdapter}), as upstream converts
 * every AWSNodeTemplate into an in-memory EC2NodeClass.
 */
package dev.dovetail.aws.model;
