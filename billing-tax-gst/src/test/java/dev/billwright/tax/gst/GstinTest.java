package dev.billwright.tax.gst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Published identifiers are from /work/shared/reference/gst.md §3.3, with the source named there. */
class GstinTest {

  /** Published, checksum-valid IDs (python-stdnum docs, india-compliance tests and gstin_info samples). */
  static final List<String> PUBLISHED = List.of(
      "27AAPFU0939F1ZV", "07AAPFU0939F1ZX", "09AAAUP8175A1ZG", "27AAACR5055K1Z7", "29AABCT1332L1ZA",
      "24AAQCA8719H1ZC", "05AAACG2115R1ZN", "05AAACG2140A1ZL", "29AABCR1718E1ZL", "24AANFA2641L1ZF",
      "33AAAAR6720M1ZG", "36AASFP8573D2ZN", "29AABCF8078M2ZW", "27AAJCS5738D1Z6", "29AABCF8078M1C8",
      "27AAECG3736E1C2", "29AAFCB7707D1C1", "06DELI09652G1DA", "09ALDN00287A1DD", "27AAFT56212B1DO",
      "19AAACI1681G1DV", "0717UNO00157UNO", "0717UNO00211UN2", "2117UNO00002UNF", "0717UNO00154UNU",
      "9917SGP29001OST");

  @Test
  void acceptsEveryPublishedId() {
    for (String id : PUBLISHED) {
      assertThat(Gstin.isValid(id)).as(id).isTrue();
      assertThat(Gstin.checkCharacter(id.substring(0, 14))).as(id).isEqualTo(id.charAt(14));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "27AAPFU0939F1ZV, REGULAR, 27, AAPFU0939F",
    "29AABCF8078M1C8, TCS, 29, AABCF8078M",
    "06DELI09652G1DA, TDS, 06, ",
    "0717UNO00157UNO, UIN, 07, ",
    "9917SGP29001OST, OIDAR, 99, "
  })
  void detectsCategoryStateAndPan(String id, Gstin.Category category, String state, String pan) {
    Gstin gstin = Gstin.parse(" " + id.toLowerCase(java.util.Locale.ROOT) + " ");
    assertThat(gstin.value()).isEqualTo(id);
    assertThat(gstin.category()).isEqualTo(category);
    assertThat(gstin.state().code()).isEqualTo(state);
    assertThat(gstin.pan().orElse(null)).isEqualTo(pan);
  }

  /** The worked example of gst.md §3.2 (python-stdnum): sum 221, check V. */
  @Test
  void workedCheckCharacterExample() {
    assertThat(Gstin.checkCharacter("27AAPFU0939F1Z")).isEqualTo('V');
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "27AAPFU0939F1ZW|check character 'V' at position 15",
    "27AAPFU0939F1ZO|check character 'V' at position 15",
    "72AAPFU0939F1ZV|positions 1-2",
    "27AAPFU9039F1ZV|check character",
    "27AAPFU0939F1Z|15 characters, found 14",
    "27AAPF10939F1ZV|position 7 (PAN)",
    "27AAPFU0939F0ZV|position 13 (entity number)",
    "96AAPFU0939F1ZV|96 is a place-of-supply code only",
    "25AAPFU0939F1ZV|legacy",
    "27AAPFU0939F1Z#|position 15"
  })
  void rejectsNamingThePosition(String id, String message) {
    assertThatThrownBy(() -> Gstin.parse(id))
        .isInstanceOf(BillingException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((BillingException) e).code()).isEqualTo(ErrorCode.INVALID_TAX_ID));
  }

  /** NIC sandbox test GSTINs fail the checksum (gst.md §3.4) but pass in sandbox mode. */
  @ParameterizedTest
  @ValueSource(strings = {"02AMBPG7773M002", "36AMBPG7773M002", "29AWGPV7107B1Z1", "24AAFCD5862R005",
      "37ARZPT4384Q1MT"})
  void sandboxModeAcceptsNicTestIds(String id) {
    assertThat(Gstin.isValid(id)).isFalse();
    Gstin sandbox = Gstin.parse(id, Gstin.Mode.SANDBOX);
    assertThat(sandbox.state().code()).isEqualTo(id.substring(0, 2));
    assertThat(sandbox.category()).isEqualTo(Gstin.Category.UNVERIFIED);
  }

  @Test
  void constructorCannotBypassTheCheckCharacter() {
    assertThatThrownBy(() -> new Gstin("27AAPFU0939F1ZW", Gstin.Category.REGULAR, GstState.MAHARASHTRA))
        .hasMessageContaining("check character 'V'");
    assertThat(Gstin.parse("27AAPFU0939F1ZV", Gstin.Mode.SANDBOX).category()).isEqualTo(Gstin.Category.REGULAR);
  }

  @Test
  void archiveModeAcceptsLegacyStateCodes() {
    String id = "25AAPFU0939F1Z" + Gstin.checkCharacter("25AAPFU0939F1Z");
    assertThat(Gstin.isValid(id)).isFalse();
    assertThat(Gstin.parse(id, Gstin.Mode.ARCHIVE).state()).isEqualTo(GstState.DAMAN_AND_DIU_LEGACY);
  }

  /** Synthetic IDs built with our own check function are valid; any single substitution is rejected. */
  @Test
  void everySingleCharacterMutationOfAValidIdIsRejected() {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    qt().forAll(integers().between(0, PUBLISHED.size() - 1), integers().between(0, 14), integers().between(1, 35))
        .checkAssert((idx, pos, shift) -> {
          String id = PUBLISHED.get(idx);
          char c = id.charAt(pos);
          char m = alphabet.charAt((alphabet.indexOf(c) + shift) % 36);
          String mutated = id.substring(0, pos) + m + id.substring(pos + 1);
          assertThat(Gstin.isValid(mutated)).as(mutated).isFalse();
        });
  }

  @Test
  void syntheticIdsWithComputedCheckAreValid() {
    qt().forAll(integers().between(1, 38), integers().between(0, 9999), integers().between(0, 25))
        .assuming((state, serial, letter) -> state != 25 && state != 28)
        .checkAssert((state, serial, letter) -> {
          String first14 = String.format("%02dAABC%c%04dK1Z", state, (char) ('A' + letter), serial);
          String id = first14 + Gstin.checkCharacter(first14);
          assertThat(Gstin.parse(id).category()).isEqualTo(Gstin.Category.REGULAR);
        });
  }
}
