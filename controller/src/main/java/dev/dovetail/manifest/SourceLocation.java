package dev.dovetail.manifest;

/** A place in a manifest file; line and column are 1-based, 0 when unknown. */
public record SourceLocation(String file, int line, int column) {
  @Override
  public String toString() {
    return line <= 0 ? file : file + ":" + line + ":" + column;
  }
}
