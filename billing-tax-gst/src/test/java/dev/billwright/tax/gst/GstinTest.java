package dev.billwright.tax.gst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

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

  /**
   * Issue 13 item 16: {@code toUpperCase} folded dotless ı (U+0131) to I and long ſ (U+017F) to
   * S, so these look-alikes of valid IDs were accepted as the valid IDs.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "19AAACı1681G1DV|position 7",
    "19AAACI1681G1DV|",
    "9917ſGP29001OST|position 5",
    "9917SGP29001OſT|position 14",
    "27AAPFU0939F1ZＶ|position 15",
    "27AAPFU0939F1\u212AV|position 14",
    "２7AAPFU0939F1ZV|position 1"
  })
  void nonAsciiLookAlikesAreRejectedNotFolded(String id, String position) {
    String text = id;
    if (position == null) {
      assertThat(Gstin.isValid(text)).as("control: the ASCII original").isTrue();
      return;
    }
    assertThatThrownBy(() -> Gstin.parse(text, Gstin.Mode.SANDBOX))
        .isInstanceOfSatisfying(BillingException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TAX_ID);
          assertThat(e.getMessage()).contains("field 'gstin'", "'" + text + "'", position, "not ASCII");
        });
  }

  /** Dotless ı and long ſ were the two that folded; each replaces every i/I, s/S it looks like. */
  @Test
  void lowerCaseAsciiIsStillAcceptedButLookAlikeLettersAreNot() {
    assertThat(Gstin.parse(" 19aaaci1681g1dv ").value()).isEqualTo("19AAACI1681G1DV");
    assertThat(Gstin.isValid("19aaac\u0131" + "1681g1dv")).isFalse();
    assertThat(Gstin.isValid("9917\u017Fgp29001o\u017Ft")).isFalse();
    assertThat(Gstin.isValid("27AAPFU0939F1ZV\u00A0")).isFalse(); // no-break space is not trimmed
  }

  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /**
   * A valid regular GSTIN built from generated parts (state 01-38 but the legacy 25 and 28,
   * PAN {@code [A-Z]{5}[0-9]{4}[A-Z]}, entity {@code [1-9A-Z]}, position 14 from
   * {@code [Z1-9ABE-J]} (C and D are TCS/TDS), check by {@link Gstin#checkCharacter}).
   */
  private static String regular(int state, long pan, int entity, int z) {
    StringBuilder b = new StringBuilder(String.format("%02d", state));
    long n = pan;
    for (int i = 0; i < 5; i++) {
      b.append((char) ('A' + n % 26));
      n /= 26;
    }
    b.append(String.format("%04d", n % 10_000));
    n /= 10_000;
    b.append((char) ('A' + n % 26));
    b.append(ALPHABET.charAt(1 + entity % 35));
    b.append("Z123456789ABEFGHIJ".charAt(z % 18));
    return b + String.valueOf(Gstin.checkCharacter(b.toString()));
  }

  /** Property: every generated valid GSTIN passes, in any ASCII case and with surrounding spaces. */
  @Test
  void everyGeneratedValidGstinPassesInAnyAsciiCase() {
    qt().forAll(integers().between(1, 38), longs().between(0, Long.MAX_VALUE), integers().between(0, 1000),
        integers().between(0, Integer.MAX_VALUE))
        .assuming((state, pan, entity, mix) -> state != 25 && state != 28)
        .checkAssert((state, pan, entity, mix) -> {
          String id = regular(state, pan, entity, mix);
          StringBuilder cased = new StringBuilder();
          for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            cased.append(((mix >> (i % 31)) & 1) == 1 ? Character.toLowerCase(c) : c);
          }
          Gstin g = Gstin.parse("  " + cased + " ");
          assertThat(g.value()).isEqualTo(id);
          assertThat(g.category()).isEqualTo(Gstin.Category.REGULAR);
        });
  }

  /**
   * Property: a valid ID (generated or published) with any one character replaced by, or with
   * any one non-ASCII character inserted, is rejected in every mode, naming the position. The
   * non-ASCII characters drawn include the look-alikes that case mapping folds to ASCII.
   */
  @Test
  void anyTextContainingANonAsciiCharacterIsRejected() {
    String lookAlikes = "\u0131\u017F\u212A\u212B\u0130\uFF21\uFF3A\uFF41\uFF10\uFB00\u00DF\u00A0\u2007"
        + "\u0391\u039A\u041E\u0417\uD835\uDC00\u0660";
    qt().forAll(integers().between(0, PUBLISHED.size()), longs().between(0, Long.MAX_VALUE),
        integers().between(0, 16 * 6 - 1), integers().between(0, 0x10FFFF + lookAlikes.length()))
        .checkAssert((idx, pan, posHow, pick) -> {
          int pos = posHow % 16;
          int how = posHow / 16;
          String id = idx == PUBLISHED.size() ? regular(1 + (int) (pan % 24), pan, (int) (pan % 35), 0)
              : PUBLISHED.get(idx);
          String foreign;
          if (pick < lookAlikes.length()) {
            char c = lookAlikes.charAt(pick);
            foreign = Character.isHighSurrogate(c) && pick + 1 < lookAlikes.length()
                ? lookAlikes.substring(pick, pick + 2) : String.valueOf(c);
          } else {
            int cp = 0x80 + (pick - lookAlikes.length()) % (0x10FFFF - 0x80);
            foreign = new String(Character.toChars(cp));
          }
          // lower-case the ASCII part only: the Kelvin sign, for one, lower-cases to an ASCII k
          String base = how >= 4 ? id.toLowerCase(java.util.Locale.ROOT) : id;
          int at = Math.min(pos, base.length());
          String input = how % 2 == 0 && at < base.length()
              ? base.substring(0, at) + foreign + base.substring(at + 1)
              : base.substring(0, at) + foreign + base.substring(at);
          for (Gstin.Mode mode : Gstin.Mode.values()) {
            assertThatThrownBy(() -> Gstin.parse(input, mode)).as("%s in %s", input, mode)
                .isInstanceOfSatisfying(BillingException.class, e -> {
                  assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TAX_ID);
                  assertThat(e.getMessage()).contains("field 'gstin'", "position");
                });
          }
          assertThat(Gstin.isValid(input)).isFalse();
        });
  }
}
