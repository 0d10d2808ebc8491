package dev.billwright.examples.cli;

import dev.billwright.money.Allocation;
import dev.billwright.money.Money;
import dev.billwright.money.RoundingPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code billwright bill}: a billing run. Until the bundled month lands, it rates a small
 * bundled example with the money primitives.
 */
@Command(name = "bill", mixinStandardHelpOptions = true,
    description = "Run a billing period over bundled (or given) plans, subscriptions and events.")
public final class BillCommand implements Callable<Integer> {
  /** Where to write invoices. */
  @Option(names = "--out", description = "Directory for invoice files (default: ${DEFAULT-VALUE}).",
      defaultValue = "target/bill-run")
  private Path out;

  /** Creates the command; used by picocli. */
  public BillCommand() {}

  @Override
  public Integer call() {
    Money fee = Money.of("INR", "999.00");
    Money seats = fee.multipliedBy(new BigDecimal("3"));
    List<Money> split = Allocation.allocate(seats, List.of(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
        BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE), RoundingPolicy.DEFAULT);
    System.out.println("3 seats x " + fee + " = " + seats + ", split over 7 cost centres: " + split);
    return 0;
  }
}
