package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.application.shared.port.out.TransactionsContract;

class InMemoryTransactionsTest implements TransactionsContract {
  private final InMemoryTransactions transactions = new InMemoryTransactions();

  @Override
  public Transactions transactions() {
    return transactions;
  }
}
