package dev.billwright.tax.gst;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.billwright.error.BillingException;
import dev.billwright.error.ErrorCode;
import dev.billwright.json.Json;
import dev.billwright.money.Money;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Maps a {@link GstInvoice} (tax invoice, credit note or debit note) to the e-invoice JSON of
 * FORM GST INV-01 schema version 1.1 (Notification 60/2020-Central Tax; NIC "Generate IRN"
 * payload) and validates it with {@link EInvoiceValidator#STRICT} before returning it.
 *
 * <p>Mapping: {@code TranDtls} (TaxSch GST, SupTyp, RegRev, IgstOnIntra N), {@code DocDtls}
 * (Typ, No, Dt as dd/mm/yyyy), {@code SellerDtls} and {@code BuyerDtls} (export buyers: GSTIN
 * {@code URP}, Pos and Stcd 96, Pin 999999, as Odoo and india-compliance send), {@code ItemList}
 * (one entry per line; UTGST in the {@code SgstAmt} slot, the schema having no UTGST field),
 * {@code ValDtls} (sums of the lines, invoice discount, other charges, round-off, total) and,
 * for notes, {@code RefDtls.PrecDocDtls} with the original invoices (Rule 53(1A)(g)). A document
 * billed in a foreign currency ({@link GstInvoice#foreignCurrency()}) adds {@code ExpDtls.ForCur}
 * (ISO 4217 code), {@code ExpDtls.CntCode} (buyer's ISO 3166-1 alpha-2 country, exports only)
 * and {@code ValDtls.TotInvValFc} (total in that currency); all other amounts stay in INR, the
 * values determined under CGST Rule 34. Amounts
 * are JSON numbers. No IRN is requested for B2C supplies or bills of supply (e-invoicing
 * applies to B2B, SEZ and export documents: Notification 13/2020-Central Tax).
 */
public final class EInvoiceMapper {

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");

  private EInvoiceMapper() {}

  /**
   * Maps and validates a document.
   *
   * @param document the document, not null
   * @return the INV-01 JSON, never null
   * @throws BillingException with {@link ErrorCode#INVALID_TAX_DOCUMENT} if the document is a
   *     bill of supply or a B2C supply, or the JSON breaks a schema rule (each violation named
   *     by its JSON path)
   */
  public static ObjectNode toJson(GstInvoice document) {
    if (document.type().eInvoiceCode().isEmpty() || document.supplyType() == SupplyType.B2C) {
      throw BillingException.invalid(ErrorCode.INVALID_TAX_DOCUMENT, "type", document.type() + "/"
          + document.supplyType(), "an INV, CRN or DBN of a B2B, SEZ or export supply (no IRN for B2C)");
    }
    ObjectNode root = Json.object();
    root.put("Version", "1.1");
    ObjectNode tran = root.putObject("TranDtls");
    tran.put("TaxSch", "GST");
    tran.put("SupTyp", document.supplyType().name());
    tran.put("RegRev", document.reverseCharge() ? "Y" : "N");
    tran.put("IgstOnIntra", "N");
    ObjectNode doc = root.putObject("DocDtls");
    doc.put("Typ", document.type().eInvoiceCode().orElseThrow());
    doc.put("No", document.number());
    doc.put("Dt", DATE.format(document.date()));
    ObjectNode seller = root.putObject("SellerDtls");
    party(seller, document.supplier(), null);
    ObjectNode buyer = root.putObject("BuyerDtls");
    party(buyer, document.recipient(), document.placeOfSupply());
    ArrayNode items = root.putArray("ItemList");
    for (GstInvoiceLine line : document.lines()) {
      ObjectNode item = items.addObject();
      item.put("SlNo", String.valueOf(line.serialNumber()));
      if (line.description().length() >= 3) {
        item.put("PrdDesc", line.description());
      }
      item.put("IsServc", line.service() ? "Y" : "N");
      item.put("HsnCd", line.hsnCode());
      item.put("Qty", line.quantity());
      line.unit().ifPresent(u -> item.put("Unit", u));
      item.put("UnitPrice", line.unitPrice());
      item.put("TotAmt", amount(line.grossAmount()));
      item.put("Discount", amount(line.discount()));
      item.put("AssAmt", amount(line.taxableValue()));
      item.put("GstRt", line.gstRate());
      item.put("IgstAmt", amount(line.igst()));
      item.put("CgstAmt", amount(line.cgst()));
      item.put("SgstAmt", amount(line.sgst()));
      item.put("CesRt", line.cessRate());
      item.put("CesAmt", amount(line.cess()));
      item.put("CesNonAdvlAmt", amount(line.cessNonAdvalorem()));
      item.put("StateCesRt", line.stateCessRate());
      item.put("StateCesAmt", amount(line.stateCess()));
      item.put("StateCesNonAdvlAmt", amount(line.stateCessNonAdvalorem()));
      item.put("OthChrg", amount(line.otherCharges()));
      item.put("TotItemVal", amount(line.total()));
    }
    ObjectNode val = root.putObject("ValDtls");
    val.put("AssVal", amount(document.taxableTotal()));
    val.put("CgstVal", amount(document.cgstTotal()));
    val.put("SgstVal", amount(document.sgstTotal()));
    val.put("IgstVal", amount(document.igstTotal()));
    val.put("CesVal", amount(document.cessTotal()));
    val.put("StCesVal", amount(document.stateCessTotal()));
    val.put("Discount", amount(document.discount()));
    val.put("OthChrg", amount(document.otherCharges()));
    val.put("RndOffAmt", amount(document.roundOff()));
    val.put("TotInvVal", amount(document.totalValue()));
    document.foreignCurrency().ifPresent(fc -> val.put("TotInvValFc", fc.totalValue().amount()));
    if (!document.precedingDocuments().isEmpty()) {
      ArrayNode preceding = root.putObject("RefDtls").putArray("PrecDocDtls");
      for (DocumentReference ref : document.precedingDocuments()) {
        ObjectNode p = preceding.addObject();
        p.put("InvNo", ref.number());
        p.put("InvDt", DATE.format(ref.date()));
      }
    }
    document.foreignCurrency().ifPresent(fc -> {
      ObjectNode exp = root.putObject("ExpDtls");
      exp.put("ForCur", fc.currency().getCurrencyCode());
      fc.countryCode().ifPresent(c -> exp.put("CntCode", c));
    });
    EInvoiceValidator.STRICT.validate(root);
    return root;
  }

  private static void party(ObjectNode node, GstParty party, GstState placeOfSupply) {
    boolean abroad = party.state().isForeign();
    node.put("Gstin", abroad ? GstParty.UNREGISTERED : party.gstin());
    node.put("LglNm", party.legalName());
    if (placeOfSupply != null) {
      node.put("Pos", placeOfSupply.code());
    }
    node.put("Addr1", party.address1());
    node.put("Loc", party.location());
    Optional<String> pin = abroad ? Optional.of(party.pin().orElse("999999")) : party.pin();
    pin.ifPresent(p -> node.put("Pin", Integer.parseInt(p)));
    node.put("Stcd", party.state().code());
  }

  private static BigDecimal amount(Money money) {
    return money.amount();
  }
}
