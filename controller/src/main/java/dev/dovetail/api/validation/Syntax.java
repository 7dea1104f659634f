package dev.dovetail.api.validation;

import java.util.regex.Pattern;

/** Kubernetes name syntax: qualified names (label and taint keys) and label values. */
public final class Syntax {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Syntax() {}

  /** Why {@code key} is not a qualified name ({@code [prefix/]name}), or null when it is. */
  public static String qualifiedNameError(String key) {
    if (key == null || key.isEmpty()) {
      return "must not be empty";
    }
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty()) {
        return "prefix part must not be empty";
      }
      if (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return "prefix part \""
            + prefix
            + "\" must be a DNS subdomain: lowercase alphanumerics, '-' and '.', at most 253"
            + " characters";
      }
    }
    if (name.isEmpty()) {
      return "name part must not be empty";
    }
    if (name.length() > 63) {
      return "name part must be no more than 63 characters";
    }
    if (!NAME.matcher(name).matches()) {
      return "name part \""
          + name
          + "\" must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
          + " with an alphanumeric character";
    }
    return null;
  }

  /** Why {@code value} is not a valid label value, or null when it is. Empty is allowed. */
  public static String labelValueError(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > 63) {
      return "label value must be no more than 63 characters";
    }
    if (!NAME.matcher(value).matches()) {
      return "label value \""
          + value
          + "\" must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
          + " with an alphanumeric character";
    }
    return null;
  }
}
