package dev.billwright.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void codesAreUniqueDottedAndLowerCase() {
    List<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
    assertThat(codes).doesNotHaveDuplicates();
    assertThat(codes).allMatch(c -> c.matches("[a-z]+\\.[a-z_]+"), "area.name in lower snake case");
  }

  @Test
  void invalidNamesFieldValueAndExpectation() {
    BillingException e = BillingException.invalid(ErrorCode.INVALID_VALUE, "charges[2].price.tiers[1].up_to", "5",
        "a bound above the previous tier's 10");
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(e.getMessage()).isEqualTo(
        "field 'charges[2].price.tiers[1].up_to': got '5', expected a bound above the previous tier's 10");
  }
}
