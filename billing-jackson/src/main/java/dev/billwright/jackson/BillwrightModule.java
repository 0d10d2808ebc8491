package dev.billwright.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.billwright.catalog.Plan;
import dev.billwright.catalog.PlanJson;
import dev.billwright.credit.CreditGrant;
import dev.billwright.credit.LedgerEntry;
import dev.billwright.credit.LedgerEntryJson;
import dev.billwright.error.BillingException;
import dev.billwright.invoice.CreditNote;
import dev.billwright.invoice.CreditNoteJson;
import dev.billwright.invoice.Invoice;
import dev.billwright.invoice.InvoiceJson;
import dev.billwright.json.Json;
import dev.billwright.json.JsonObjectReader;
import dev.billwright.metering.Meter;
import dev.billwright.metering.MeterJson;
import dev.billwright.metering.UsageEvent;
import dev.billwright.metering.UsageEventJson;
import dev.billwright.money.Money;
import dev.billwright.pricing.Price;
import dev.billwright.pricing.PriceJson;
import dev.billwright.subscription.Subscription;
import dev.billwright.subscription.SubscriptionJson;
import java.io.IOException;
import java.util.Currency;
import java.util.function.Function;

/**
 * A Jackson {@link com.fasterxml.jackson.databind.Module} that writes and reads Billwright's
 * values in their documented JSON, through any {@link ObjectMapper}:
 * {@code new ObjectMapper().registerModule(new BillwrightModule())}.
 *
 * <p>Each value is written exactly as its codec writes it and read by the same codec, with its
 * validation: {@link Plan} ({@link PlanJson}, docs/plan-format.md), {@link Meter}
 * ({@link MeterJson}), {@link Price} ({@link PriceJson}), {@link Subscription}
 * ({@link SubscriptionJson}), {@link UsageEvent} ({@link UsageEventJson}), {@link Invoice}
 * ({@link InvoiceJson}), {@link CreditNote} ({@link CreditNoteJson}), {@link LedgerEntry} and
 * {@link CreditGrant} ({@link LedgerEntryJson}). A {@link Money} on its own is written
 * {@code {"currency": "USD", "amount": "12.50"}}: the ISO 4217 code and the exact amount as a
 * plain decimal string, its scale kept (at least the currency's minor units, as {@link Money}
 * holds it). The values may sit anywhere in the host's own types (fields, lists, maps).
 *
 * <p>Decimals are written as JSON strings, so the mapper's number settings cannot change them;
 * on read, JSON numbers inside these values are taken as exact decimals whatever the mapper's
 * {@link DeserializationFeature#USE_BIG_DECIMAL_FOR_FLOATS} says. Unknown fields are rejected
 * (as the codecs do) whatever {@link DeserializationFeature#FAIL_ON_UNKNOWN_PROPERTIES} says. A
 * value that does not validate is reported as a {@link JsonMappingException} whose message names
 * the JSON path inside the value and the field, and whose cause is the codec's
 * {@link BillingException} (with its {@link dev.billwright.error.ErrorCode}). A JSON
 * {@code null} reads as Java {@code null}. Stateless and thread-safe.
 */
public final class BillwrightModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /**
   * Reads the value trees: exact decimals, trailing zeros kept, no check for trailing tokens (a
   * value may be one field of a larger document).
   */
  private static final ObjectMapper TREES = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  /** Creates the module with every value type above registered. */
  public BillwrightModule() {
    super("billwright", Version.unknownVersion());
    add(Money.class, BillwrightModule::writeMoney, BillwrightModule::readMoney);
    add(Plan.class, PlanJson::write, PlanJson::read);
    add(Meter.class, MeterJson::write, MeterJson::read);
    add(Price.class, PriceJson::write, PriceJson::read);
    add(Subscription.class, SubscriptionJson::write, SubscriptionJson::read);
    add(UsageEvent.class, UsageEventJson::write, UsageEventJson::read);
    add(Invoice.class, InvoiceJson::write, InvoiceJson::read);
    add(CreditNote.class, CreditNoteJson::write, CreditNoteJson::read);
    add(LedgerEntry.class, LedgerEntryJson::write, LedgerEntryJson::read);
    add(CreditGrant.class, LedgerEntryJson::writeGrant, LedgerEntryJson::readGrant);
  }

  private <T> void add(Class<T> type, Function<T, ObjectNode> writer, Function<JsonObjectReader, T> reader) {
    addSerializer(type, new Writer<>(type, writer));
    addDeserializer(type, new Reader<>(type, reader));
  }

  private static ObjectNode writeMoney(Money money) {
    ObjectNode node = Json.object();
    node.put("currency", money.currency().getCurrencyCode());
    node.put("amount", money.amount().toPlainString());
    return node;
  }

  private static Money readMoney(JsonObjectReader r) {
    Currency currency = currencyOf(r);
    return Money.of(currency, r.decimal("amount"));
  }

  private static Currency currencyOf(JsonObjectReader r) {
    String code = r.text("currency");
    try {
      return Money.currency(code);
    } catch (BillingException e) {
      throw JsonObjectReader.error(r.pathOf("currency"), code, "an ISO 4217 currency code such as USD");
    }
  }

  private static final class Writer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Function<T, ObjectNode> writer;

    Writer(Class<T> type, Function<T, ObjectNode> writer) {
      super(type);
      this.writer = writer;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeTree(writer.apply(value));
    }
  }

  private static final class Reader<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Function<JsonObjectReader, T> reader;

    Reader(Class<T> type, Function<JsonObjectReader, T> reader) {
      super(type);
      this.reader = reader;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = TREES.readTree(p);
      try {
        JsonObjectReader r = JsonObjectReader.root(node, "");
        T value = reader.apply(r);
        r.end();
        return value;
      } catch (BillingException e) {
        throw JsonMappingException.from(p, handledType().getSimpleName() + ": " + e.getMessage(), e);
      }
    }
  }
}
