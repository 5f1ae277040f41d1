package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.application.shared.port.out.DecisionsContract;

class RecordedDecisionsTest implements DecisionsContract {
  private final RecordedDecisions decisions = new RecordedDecisions();

  @Override
  public Decisions decisions() {
    return decisions;
  }

  @Override
  public long count(String meter, String... labelValues) {
    String[] key = new String[labelValues.length + 1];
    key[0] = meter;
    System.arraycopy(labelValues, 0, key, 1, labelValues.length);
    return decisions.count(key);
  }
}
