package dev.dovetail.manifest;

/** Input that could not be read at all: a missing file, an I/O error, a YAML syntax error. */
public record ManifestError(SourceLocation location, String message) {
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
