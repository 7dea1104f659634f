package dev.dovetail.aws.catalog;

/** A catalog file could not be read; the message names the file, the line and the column. */
public final class CatalogException extends RuntimeException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
