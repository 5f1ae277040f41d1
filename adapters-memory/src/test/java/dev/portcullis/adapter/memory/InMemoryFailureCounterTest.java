package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.FailureCounter;
import dev.portcullis.application.shared.port.out.FailureCounterContract;

class InMemoryFailureCounterTest implements FailureCounterContract {
  private final InMemoryFailureCounter counter = new InMemoryFailureCounter();

  @Override
  public FailureCounter counter() {
    return counter;
  }
}
