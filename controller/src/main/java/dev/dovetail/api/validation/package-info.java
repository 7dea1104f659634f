/**
 * Validation and defaulting of Dovetail's API objects as a pure library: validators return {@link
 * dev.dovetail.api.validation.Problem}s, defaulters return new objects. The CLI prints the
 * problems; controllers put them on status conditions and events.
 */
package dev.dovetail.api.validation;
