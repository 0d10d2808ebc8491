package dev.billwright.tax.gst;

import java.util.Objects;

/**
 * A place of supply and the rule that decided it.
 *
 * @param state the place of supply ({@link GstState#FOREIGN_COUNTRY} when outside India), not
 *     null
 * @param basis the provision applied, such as {@code "IGST Act s.12(2)(a)"}, not null
 */
public record PlaceOfSupply(GstState state, String basis) {
  /**
   * Validates the components.
   *
   * @param state see the record component
   * @param basis see the record component
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the state is 99, which is never a place of supply
   */
  public PlaceOfSupply {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(basis, "basis");
    if (!state.isPlaceOfSupply()) {
      throw new IllegalArgumentException("99 is not a place of supply");
    }
  }
}
