package dev.billwright.testkit.invoice;

import dev.billwright.invoice.CreditNoteStore;
import dev.billwright.memory.InMemoryCreditNoteStore;

class InMemoryCreditNoteStoreTest extends CreditNoteStoreContract {
  @Override
  protected CreditNoteStore newStore() {
    return new InMemoryCreditNoteStore();
  }
}
