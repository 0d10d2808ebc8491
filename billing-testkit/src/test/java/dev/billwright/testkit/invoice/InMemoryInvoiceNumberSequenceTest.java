package dev.billwright.testkit.invoice;

import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;

class InMemoryInvoiceNumberSequenceTest extends InvoiceNumberSequenceContract {
  @Override
  protected InvoiceNumberSequence newSequence() {
    return new InMemoryInvoiceNumberSequence();
  }
}
