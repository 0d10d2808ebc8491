package dev.billwright.payment.webhook;

import java.util.List;
import java.util.Optional;

/**
 * SPI: where events that failed every retry are parked for a person to look at and replay. An
 * in-memory implementation is {@code dev.billwright.memory.InMemoryDeadLetterStore}.
 */
public interface DeadLetterStore {
  /**
   * Parks an event (replacing an earlier letter of the same event id).
   *
   * @param letter the letter, not null
   */
  void add(DeadLetter letter);

  /**
   * Returns the parked events.
   *
   * @return the letters, oldest first, never null
   */
  List<DeadLetter> list();

  /**
   * Takes a parked event out of the store (to replay it).
   *
   * @param eventId the event id, not null
   * @return the letter, or empty if none is parked under that id
   */
  Optional<DeadLetter> remove(String eventId);
}
