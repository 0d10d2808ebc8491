package dev.billwright.testkit.invoice;

import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;

class InMemoryInvoiceStoreTest extends InvoiceStoreContract {
  @Override
  protected InvoiceStore newStore() {
    return new InMemoryInvoiceStore();
  }

  @Override
  protected InvoiceNumberSequence sharedNumbers(InvoiceStore store) {
    return new InMemoryInvoiceNumberSequence();
  }
}
