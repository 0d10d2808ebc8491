package dev.billwright.spring;

import dev.billwright.billing.BillRun;
import dev.billwright.billing.ProrationCredits;
import dev.billwright.catalog.Conventions;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code billwright.*} properties of {@link BillwrightAutoConfiguration}: the named billing
 * options of a bill run (docs/conventions.md), the plans to publish at startup, the JDBC store
 * settings and the GST supplier. Every property has the default the library itself uses, so an
 * empty configuration bills exactly as {@code new BillRun(catalog, store, numbers,
 * InvoiceAssembler.DEFAULT)} does.
 *
 * @param conventions the convention preset of the bill run and
 *     of the plans read from {@code billwright.plans} ({@code stripe}, {@code lago},
 *     {@code killbill}, {@code openmeter}, {@code flexprice}); unset (the default) for the
 *     project defaults. A plan's own {@code conventions} and every option it writes win over it.
 *     When set it also decides where proration credits go ({@link Conventions#prorationCreditNotes()})
 *     and {@code proration-credits} is ignored.
 * @param prorationCredits where credits for unused time
 *     after a change go, {@code invoice-line} (the default: a negative line on the next invoice)
 *     or {@code credit-note} (a credit note against the invoice that billed the fee; use it under
 *     Indian GST), not null
 * @param gracePeriod how long a cycle's invoice stays a draft
 *     after its boundary before a run finalizes it, {@code 0s} (the default) to {@code 366d}
 * @param paymentTermsNetDays the due date of a
 *     finalized invoice, its finalization date plus this many days (0 is due on finalization);
 *     unset (the default) for no due date
 * @param claimLease how long a run's claim on a draft is held
 *     before another run may take it over, zero or positive (default {@code 15m},
 *     {@link BillRun#DEFAULT_CLAIM_LEASE})
 * @param plans Spring resource locations of plan documents (JSON, or
 *     YAML when the name ends in {@code .yaml} or {@code .yml}) published into the plan catalog at
 *     startup, such as {@code classpath:plans/api.json}; a pattern such as
 *     {@code classpath*:plans/*.json} is allowed; empty (the default) for none
 * @param creditNotes {@code billwright.credit-notes.*}: the numbering series of the credit notes
 *     the bill run stores, not null
 * @param jdbc {@code billwright.jdbc.*}: the settings of the JDBC stores used when a
 *     {@code DataSource} bean is present, not null
 * @param gst {@code billwright.gst.*}: the GST calculator, when billing-tax-gst is on the class
 *     path, not null
 */
@ConfigurationProperties("billwright")
public record BillwrightProperties(
    @Nullable Conventions conventions,
    @DefaultValue("invoice-line") ProrationCredits.Mode prorationCredits,
    @DefaultValue("0s") Duration gracePeriod,
    @Nullable Integer paymentTermsNetDays,
    @DefaultValue("15m") Duration claimLease,
    @DefaultValue List<String> plans,
    @DefaultValue CreditNotes creditNotes,
    @DefaultValue Jdbc jdbc,
    @DefaultValue Gst gst) {

  /**
   * The numbering series of stored credit notes ({@code InvoiceSeries.of(name, prefix, width)}).
   *
   * @param series the series name the numbers are counted
   *     in (default {@code CN}), not blank, at most 16 characters with the prefix and digits
   * @param prefix the text before the digits (default
   *     {@code CN-})
   * @param width the digits, zero-padded (default 6)
   */
  public record CreditNotes(@DefaultValue("CN") String series, @DefaultValue("CN-") String prefix,
      @DefaultValue("6") int width) {}

  /**
   * The JDBC store settings ({@code JdbcStoreSettings}).
   *
   * @param enabled use the JDBC stores when a {@code DataSource}
   *     bean is present (default true); false keeps the in-memory stores
   * @param actor who the stores name in the audit records they
   *     write (default {@code billwright}), not blank
   * @param migrate apply pending Flyway migrations at startup
   *     (default true); false refuses to start on a schema older than the code
   * @param dedupRetention how long an event id is
   *     remembered by the exact deduplication store (default {@code 34d}), positive
   */
  public record Jdbc(@DefaultValue("true") boolean enabled, @DefaultValue("billwright") String actor,
      @DefaultValue("true") boolean migrate, @DefaultValue("34d") Duration dedupRetention) {}

  /**
   * The GST calculator ({@code GstTaxCalculator}) and the supplier of the invoices.
   *
   * @param enabled register the GST tax calculator when
   *     billing-tax-gst is on the class path (default true)
   * @param roundTotalToRupee round the grand total
   *     to the rupee with a round-off line (default false)
   * @param sandbox accept the NIC sandbox's test GSTINs (default
   *     false: strict validation)
   * @param supplier {@code billwright.gst.supplier.*}: the supplier registered as a
   *     {@code TaxParty} bean named {@code billwrightSupplier} when its legal name is set, not null
   */
  public record Gst(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean roundTotalToRupee,
      @DefaultValue("false") boolean sandbox, @DefaultValue Supplier supplier) {}

  /**
   * The supplier of the invoices as the tax engine sees it.
   *
   * @param legalName the legal name; unset for no
   *     supplier bean
   * @param gstin the supplier's GSTIN, validated at
   *     startup; unset for an unregistered supplier
   * @param state the 2-digit GST state code (such as
   *     {@code 29}, Karnataka); unset: the first two characters of the GSTIN
   * @param address the address printed on invoices, unset
   *     for none
   */
  public record Supplier(@Nullable String legalName, @Nullable String gstin, @Nullable String state,
      @Nullable String address) {}
}
