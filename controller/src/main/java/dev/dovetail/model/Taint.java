package dev.dovetail.model;

/** A node taint; {@code value} may be null. */
public record Taint(String key, String value, String effect) {}
