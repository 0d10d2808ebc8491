package dev.billwright.testkit.invoice;

import dev.billwright.invoice.InvoiceNumberSequence;
import dev.billwright.invoice.InvoiceStore;
import dev.billwright.memory.InMemoryInvoiceNumberSequence;
import dev.billwright.memory.InMemoryInvoiceStore;

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
