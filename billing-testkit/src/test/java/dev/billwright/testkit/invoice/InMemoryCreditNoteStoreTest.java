package dev.billwright.testkit.invoice;

import dev.billwright.invoice.CreditNoteStore;

class InMemoryCreditNoteStoreTest extends CreditNoteStoreContract {
  @Override
  protected CreditNoteStore newStore() {
    return new InMemoryCreditNoteStore();
  }
}
