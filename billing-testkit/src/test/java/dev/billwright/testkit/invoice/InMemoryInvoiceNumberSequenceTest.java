package dev.billwright.testkit.invoice;

import dev.billwright.invoice.InvoiceNumberSequence;

class InMemoryInvoiceNumberSequenceTest extends InvoiceNumberSequenceContract {
  @Override
  protected InvoiceNumberSequence newSequence() {
    return new InMemoryInvoiceNumberSequence();
  }
}
