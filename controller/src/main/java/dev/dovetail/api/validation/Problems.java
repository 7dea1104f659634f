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

  public List<Problem> toList() {
    return List.copyOf(list);
  }
}
