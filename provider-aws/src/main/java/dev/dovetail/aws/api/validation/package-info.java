/** Validation of AWSNodeTemplate, with upstream v0.31's rules, as a pure library. */
package dev.dovetail.aws.api.validation;
