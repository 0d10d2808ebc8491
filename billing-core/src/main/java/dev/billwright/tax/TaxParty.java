package dev.billwright.tax;

import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A supplier or customer as a tax engine sees it.
 *
 * <p>Jurisdiction-specific flags (for GST: supply type, SEZ, LUT, reverse charge) travel in
 * {@link #attributes()}; each tax module documents its keys as constants.
 *
 * @param legalName the legal name, not blank
 * @param taxId the tax identifier as text (for India the GSTIN), if the party is registered
 * @param countryCode the ISO 3166-1 alpha-2 country code, upper case (such as {@code IN})
 * @param regionCode the region within the country if known (for India the 2-digit GST state
 *     code, such as {@code 29} for Karnataka)
 * @param address the address on record as free text, if any
 * @param attributes jurisdiction-specific flags, never null, copied and unmodifiable, in
 *     insertion order
 */
public record TaxParty(
    String legalName,
    Optional<String> taxId,
    String countryCode,
    Optional<String> regionCode,
    Optional<String> address,
    Map<String, String> attributes) {

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  /**
   * Validates and copies the components.
   *
   * @param legalName see the record component
   * @param taxId see the record component
   * @param countryCode see the record component
   * @param regionCode see the record component
   * @param address see the record component
   * @param attributes see the record component
   * @throws BillingException with {@link ErrorCode#REQUIRED_FIELD_MISSING} if a component is null
   *     or the legal name is blank, or {@link ErrorCode#INVALID_VALUE} if the country code is not
   *     an ISO 3166-1 alpha-2 code or an optional text is present but blank
   */
  public TaxParty {
    if (legalName == null || legalName.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "legal_name", legalName, "a non-blank name");
    }
    if (taxId == null || regionCode == null || address == null || attributes == null || countryCode == null) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, "tax_party", legalName,
          "tax_id, country_code, region_code, address and attributes not null (use Optional.empty())");
    }
    if (!COUNTRIES.contains(countryCode)) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, "country_code", countryCode,
          "an upper-case ISO 3166-1 alpha-2 code such as IN");
    }
    checkNotBlank("tax_id", taxId);
    checkNotBlank("region_code", regionCode);
    checkNotBlank("address", address);
    Map<String, String> copy = new LinkedHashMap<>();
    attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "attribute key"),
        Objects.requireNonNull(v, "attribute value")));
    attributes = java.util.Collections.unmodifiableMap(copy);
  }

  private static void checkNotBlank(String field, Optional<String> value) {
    if (value.isPresent() && value.get().isBlank()) {
      throw BillingException.invalid(ErrorCode.INVALID_VALUE, field, value.get(), "absent or non-blank");
    }
  }

  /**
   * Returns a party with only a legal name and a country.
   *
   * @param legalName the legal name, not blank
   * @param countryCode the ISO 3166-1 alpha-2 country code, such as {@code IN}
   * @return the party, never null
   * @throws BillingException as the canonical constructor does
   */
  public static TaxParty of(String legalName, String countryCode) {
    return new TaxParty(legalName, Optional.empty(), countryCode, Optional.empty(), Optional.empty(), Map.of());
  }

  /**
   * Returns a copy with a tax identifier.
   *
   * @param id the tax identifier text, not blank
   * @return the copy, never null
   * @throws BillingException if the identifier is null or blank
   */
  public TaxParty withTaxId(String id) {
    return new TaxParty(legalName, Optional.of(required("tax_id", id)), countryCode, regionCode, address, attributes);
  }

  /**
   * Returns a copy with a region code (for India the 2-digit GST state code).
   *
   * @param region the region code, not blank
   * @return the copy, never null
   * @throws BillingException if the region is null or blank
   */
  public TaxParty withRegionCode(String region) {
    return new TaxParty(legalName, taxId, countryCode, Optional.of(required("region_code", region)), address, attributes);
  }

  /**
   * Returns a copy with an address on record.
   *
   * @param text the address, not blank
   * @return the copy, never null
   * @throws BillingException if the address is null or blank
   */
  public TaxParty withAddress(String text) {
    return new TaxParty(legalName, taxId, countryCode, regionCode, Optional.of(required("address", text)), attributes);
  }

  /**
   * Returns a copy with one more attribute (replacing an attribute of the same key).
   *
   * @param key the attribute key, not null
   * @param value the attribute value, not null
   * @return the copy, never null
   * @throws NullPointerException if the key or value is null
   */
  public TaxParty withAttribute(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(attributes);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new TaxParty(legalName, taxId, countryCode, regionCode, address, copy);
  }

  /**
   * Returns an attribute.
   *
   * @param key the attribute key, not null
   * @return the value if set
   */
  public Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw BillingException.invalid(ErrorCode.REQUIRED_FIELD_MISSING, field, value, "a non-blank value");
    }
    return value;
  }
}
