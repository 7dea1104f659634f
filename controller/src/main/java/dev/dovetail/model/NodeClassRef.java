package dev.dovetail.model;

/** Which node class (AWSNodeTemplate, later EC2NodeClass) a pool launches with. */
public record NodeClassRef(String apiVersion, String kind, String name) {}
