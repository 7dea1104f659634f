package dev.dovetail.cli;

import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.aws.catalog.CatalogException;
import dev.dovetail.aws.catalog.CatalogLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Loads a catalog from {@code --catalog}, {@code --prices} and {@code --offerings} files. */
final class CatalogFiles {
  /** Help text of {@code --offerings}. */
  static final String OFFERINGS =
      "Offerings CSV: region, zone, instance_type and an optional capacity_type (spot or"
          + " on-demand; empty: both).";

  private CatalogFiles() {}

  /**
   * @throws CatalogException naming the file when one is missing or malformed
   */
  static Catalog load(Path instanceTypes, List<Path> priceFiles, Path offeringsFile) {
    if (priceFiles.isEmpty()) {
      throw new CatalogException("--catalog needs at least one --prices file");
    }
    List<Reader> open = new ArrayList<>();
    try {
      Reader types = open(instanceTypes, open);
      Optional<Reader> offerings =
          offeringsFile == null ? Optional.empty() : Optional.of(open(offeringsFile, open));
      Map<String, Reader> prices = new LinkedHashMap<>();
      for (Path p : priceFiles) {
        prices.put(p.toString(), open(p, open));
      }
      return CatalogLoader.load(instanceTypes.toString(), types, offerings, prices);
    } finally {
      for (Reader r : open) {
        try {
          r.close();
        } catch (IOException ignored) {
          // Closing a file that was only read cannot lose data.
        }
      }
    }
  }

  private static Reader open(Path p, List<Reader> open) {
    try {
      Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8);
      open.add(r);
      return r;
    } catch (IOException e) {
      throw new CatalogException(p + ": cannot be read: " + e.getMessage(), e);
    }
  }
}
