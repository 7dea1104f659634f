package dev.dovetail.api.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one object while a validator walks it. */
public final class Problems {
  private final String kind;
  private final String name;
  private final List<Problem> list = new ArrayList<>();

  public Problems(String kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public void add(FieldPath path, String rule) {
    list.add(new Problem(kind, name, path.toString(), rule));
  }

  public void add(String path, String rule) {
    list.add(new Problem(kind, name, path, rule));
  }

  /** A user value to quote in a rule: control characters escaped, at most 63 characters shown. */
  public static String shown(String value) {
    return OneLine.of(String.valueOf(value), 63);
  }

  public List<Problem> toList() {
    return List.copyOf(list);
  }
}
