package dev.dovetail.manifest;

import java.util.List;

/** The documents that were read, in file order, and the inputs that could not be read. */
public record ManifestSet(List<ManifestDocument> documents, List<ManifestError> errors) {
  public ManifestSet {
    documents = List.copyOf(documents);
    errors = List.copyOf(errors);
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }
}
