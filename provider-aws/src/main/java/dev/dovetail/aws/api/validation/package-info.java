/** Validation of AWSNodeTemplate (karpenter-behaviour §1.5) as a pure library. */
package dev.dovetail.aws.api.validation;
