package dev.billwright.memory;

import dev.billwright.payment.webhook.DeadLetter;
import dev.billwright.payment.webhook.DeadLetterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory, thread-safe {@link DeadLetterStore}, in arrival order. */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
  private final Map<String, DeadLetter> letters = new LinkedHashMap<>();

  /** Creates an empty store. */
  public InMemoryDeadLetterStore() {}

  @Override
  public synchronized void add(DeadLetter letter) {
    letters.remove(letter.event().eventId());
    letters.put(letter.event().eventId(), letter);
  }

  @Override
  public synchronized List<DeadLetter> list() {
    return List.copyOf(new ArrayList<>(letters.values()));
  }

  @Override
  public synchronized Optional<DeadLetter> remove(String eventId) {
    return Optional.ofNullable(letters.remove(eventId));
  }
}
