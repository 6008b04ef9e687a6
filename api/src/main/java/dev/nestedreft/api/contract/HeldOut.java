package dev.nestedreft.api.contract;

import dev.nestedreft.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link Task} divides its held-out problems, kept in one fixed order, between the test set and the
 * validation set: test from the front, validation from the back (the last problem first). {@code test(n)} and
 * {@code validation(m)} are therefore disjoint while {@code n + m} is at most the number of held-out problems; a
 * validation set that would meet the test set of its own size is refused.
 */
public final class HeldOut {
  private HeldOut() {}

  /**
   * The validation set of {@code count} problems: the last {@code count} of {@code heldOut}, last first.
   *
   * @param task the task's name, for messages
   * @param heldOut every held-out problem, in the order whose front the test set takes
   * @throws InvalidInputException for a negative count, or naming both counts when {@code 2 * count} exceeds the
   *     held-out problems (the validation set would meet {@code test(count)})
   */
  public static <T> List<T> validation(String task, List<T> heldOut, int count) {
    if (count < 0) {
      throw InvalidInputException.of("%s: validation(%d): count must be >= 0", task, count);
    }
    int size = heldOut.size();
    if (2L * count > size) {
      throw InvalidInputException.of("%s: validation(%d) would share problems with test(%d): the task has %d "
          + "held-out problems, test takes them from the front and validation from the back, so each may take at "
          + "most %d when both ask for the same count", task, count, count, size, size / 2);
    }
    List<T> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(heldOut.get(size - 1 - i));
    }
    return out;
  }
}
