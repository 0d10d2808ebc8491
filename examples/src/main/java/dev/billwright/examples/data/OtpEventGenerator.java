package dev.billwright.examples.data;

import dev.billwright.metering.UsageEvent;
import dev.billwright.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A seeded generator of a month of OTP events ({@code otp.sent}) for the customers of a data
 * set, streamed in time order so a month of any size never sits in memory.
 *
 * <p>Shape: the month is cut into hours of the data set's zone (IST for the bundled month); each
 * hour gets a share of the events in proportion to an hourly weight (a diurnal curve: quiet
 * between 01:00 and 05:00, peaks around 11:00 and 20:00, as OTP traffic follows people's
 * logins and payments) times a day weight (weekdays 1.0, Saturday 0.8, Sunday 0.7); the counts
 * per hour are exact integers (largest remainder), so the total is exactly the count asked
 * for. Within an hour, timestamps are uniform and sorted. Each event picks its customer by
 * traffic share, then a country and a channel by that customer's weights, and a status
 * ({@code delivered} 96 %, {@code failed} 4 %; the bundled meter counts only delivered OTPs),
 * and, for a customer whose traffic weighs several subscriptions, the subscription the event
 * names.
 *
 * <p>To show deduplication and late data, about 1 event in 1,000 is a second copy of the event
 * before it (same id, same content: a client retry), and about 1 in 5,000 carries a timestamp a
 * month earlier (an event for an already-invoiced period arriving late). Both are included in
 * the count. The same data set, count and seed give the same events, byte for byte.
 */
public final class OtpEventGenerator implements Iterator<UsageEvent> {
  /** Hourly weights (per mille of the peak) from 00:00 to 23:00 local time. */
  private static final int[] HOURLY = {
      14, 8, 5, 4, 4, 7, 16, 34, 58, 80, 92, 100, 96, 90, 86, 84, 82, 86, 92, 98, 94, 74, 48, 26};
  private static final String EVENT_TYPE = "otp.sent";

  private final List<Customer> customers;
  // cumulative sampling weights for drawing synthetic events (customer, country, channel,
  // subscription): probabilities of a random generator, never amounts or quantities
  private final double[] customerCdf;
  private final List<String[]> countries = new ArrayList<>();
  private final List<double[]> countryCdf = new ArrayList<>();
  private final List<String[]> channels = new ArrayList<>();
  private final List<double[]> channelCdf = new ArrayList<>();
  private final List<String[]> subscriptions = new ArrayList<>();
  private final List<double[]> subscriptionCdf = new ArrayList<>();
  private final Instant[] slotStart;
  private final long[] slotCount;
  private final SplittableRandom random;
  private final long total;
  private final Instant periodStart;

  private int slot = -1;
  private long[] offsets = new long[0];
  private int inSlot;
  private long produced;
  private UsageEvent previous;

  /**
   * Creates a generator over the customers of a data set that have traffic.
   *
   * @param dataset the data set (customers, month, zone), not null
   * @param count the number of events to produce, at least 0
   * @param seed the seed
   * @throws IllegalArgumentException if the count is negative or no customer has traffic
   */
  public OtpEventGenerator(Dataset dataset, long count, long seed) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be at least 0: " + count);
    }
    this.customers = dataset.customers().stream().filter(c -> c.traffic().isPresent()).toList();
    if (customers.isEmpty()) {
      throw new IllegalArgumentException("no customer of " + dataset.name() + " has traffic");
    }
    this.customerCdf = cdf(customers.stream().map(c -> c.traffic().orElseThrow().share()).toList());
    for (Customer c : customers) {
      Customer.Traffic t = c.traffic().orElseThrow();
      countries.add(t.countries().keySet().toArray(new String[0]));
      countryCdf.add(cdf(List.copyOf(t.countries().values())));
      channels.add(t.channels().keySet().toArray(new String[0]));
      channelCdf.add(cdf(List.copyOf(t.channels().values())));
      subscriptions.add(t.subscriptions().keySet().toArray(new String[0]));
      subscriptionCdf.add(t.subscriptions().isEmpty() ? new double[0] : cdf(List.copyOf(t.subscriptions().values())));
    }
    this.total = count;
    this.random = new SplittableRandom(seed);
    BillingPeriod period = dataset.period();
    this.periodStart = period.start();
    List<Instant> starts = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    for (LocalDate d = dataset.month().atDay(1); d.isBefore(dataset.month().plusMonths(1).atDay(1)); d = d.plusDays(1)) {
      int dayWeight = d.getDayOfWeek() == DayOfWeek.SATURDAY ? 80 : d.getDayOfWeek() == DayOfWeek.SUNDAY ? 70 : 100;
      for (int h = 0; h < 24; h++) {
        ZonedDateTime at = d.atStartOfDay(dataset.zone()).plusHours(h);
        starts.add(at.toInstant());
        weights.add((long) dayWeight * HOURLY[h]);
      }
    }
    this.slotStart = starts.toArray(new Instant[0]);
    this.slotCount = allocate(count, weights);
  }

  /** Largest-remainder split of {@code count} in proportion to integer weights (ties to the earlier slot). */
  static long[] allocate(long count, List<Long> weights) {
    long sum = weights.stream().mapToLong(Long::longValue).sum();
    long[] out = new long[weights.size()];
    long[] rem = new long[weights.size()];
    long given = 0;
    for (int i = 0; i < out.length; i++) {
      java.math.BigInteger[] qr = java.math.BigInteger.valueOf(count).multiply(java.math.BigInteger.valueOf(weights.get(i)))
          .divideAndRemainder(java.math.BigInteger.valueOf(sum));
      out[i] = qr[0].longValueExact();
      rem[i] = qr[1].longValueExact();
      given += out[i];
    }
    Integer[] order = new Integer[out.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Long.compare(rem[b], rem[a]) : Integer.compare(a, b));
    for (int k = 0; given < count; k++, given++) {
      out[order[k]]++;
    }
    return out;
  }

  private static double[] cdf(List<BigDecimal> weights) {
    double sum = 0;
    for (BigDecimal w : weights) {
      sum += w.doubleValue();
    }
    double[] out = new double[weights.size()];
    double acc = 0;
    for (int i = 0; i < out.length; i++) {
      acc += weights.get(i).doubleValue();
      out[i] = acc / sum;
    }
    out[out.length - 1] = 1.0;
    return out;
  }

  private int pick(double[] cdf) {
    double u = random.nextDouble();
    for (int i = 0; i < cdf.length; i++) {
      if (u < cdf[i]) {
        return i;
      }
    }
    return cdf.length - 1;
  }

  /**
   * Returns the number of events this generator produces in all.
   *
   * @return the count
   */
  public long total() {
    return total;
  }

  /**
   * Returns the number of events produced so far.
   *
   * @return the count
   */
  public long produced() {
    return produced;
  }

  @Override
  public boolean hasNext() {
    return produced < total;
  }

  @Override
  public UsageEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + total + " events produced");
    }
    while (inSlot >= offsets.length) {
      slot++;
      int n = Math.toIntExact(slotCount[slot]);
      offsets = new long[n];
      for (int i = 0; i < n; i++) {
        offsets[i] = random.nextLong(3_600_000L);
      }
      Arrays.sort(offsets);
      inSlot = 0;
    }
    long offset = offsets[inSlot++];
    produced++;
    double u = random.nextDouble();
    if (previous != null && u < 0.001) {
      return previous;
    }
    Instant at = slotStart[slot].plusMillis(offset);
    if (u > 0.9998) {
      at = at.minus(java.time.Duration.ofDays(31));
      if (!at.isBefore(periodStart)) {
        at = periodStart.minusMillis(1 + offset);
      }
    }
    int c = pick(customerCdf);
    String country = countries.get(c)[pick(countryCdf.get(c))];
    String channel = channels.get(c)[pick(channelCdf.get(c))];
    String status = random.nextInt(100) < 96 ? "delivered" : "failed";
    String subscription = subscriptions.get(c).length == 0 ? null : subscriptions.get(c)[pick(subscriptionCdf.get(c))];
    UsageEvent e = UsageEvent.of("evt_" + produced, customers.get(c).id(), subscription, EVENT_TYPE, at,
        Map.of("country", country, "channel", channel, "status", status));
    previous = e;
    return e;
  }
}
