package dev.dovetail.aws.controllers.interruption;

import java.util.Locale;

/**
 * What a rebalance recommendation does ({@code settings.interruption.rebalanceAction}): {@link
 * #NONE} publishes an event, as upstream; {@link #REPLACE} launches the node's replacement and then
 * drains it, as for a spot interruption warning.
 */
public enum RebalanceAction {
  NONE("None"),
  REPLACE("Replace");

  private final String value;

  RebalanceAction(String value) {
    this.value = value;
  }

  /** The setting's spelling: {@code None} or {@code Replace}. */
  public String value() {
    return value;
  }

  /**
   * @throws IllegalArgumentException naming the allowed values
   */
  public static RebalanceAction parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (RebalanceAction a : values()) {
      if (a.value.toLowerCase(Locale.ROOT).equals(t)) {
        return a;
      }
    }
    throw new IllegalArgumentException("must be None or Replace, got '" + text + "'");
  }
}
