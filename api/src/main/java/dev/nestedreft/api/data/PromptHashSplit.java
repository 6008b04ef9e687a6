package dev.nestedreft.api.data;

import dev.nestedreft.spi.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Assigns a prompt to the test split by a stable hash of its text: the first 8 bytes of its UTF-8 SHA-256, taken
 * as an unsigned number modulo 100, below the test percentage. The same prompt always lands on the same side, on
 * every machine and run, so duplicated prompts never straddle the split.
 */
public final class PromptHashSplit {
  private PromptHashSplit() {}

  /** Whether {@code prompt} belongs to a test split of {@code testPercent} percent (0 to 100). */
  public static boolean isTest(String prompt, int testPercent) {
    if (testPercent < 0 || testPercent > 100) {
      throw InvalidInputException.of("test percentage must be in [0, 100], got %d", testPercent);
    }
    return bucket(prompt) < testPercent;
  }

  /** The prompt's bucket, 0 to 99. */
  static int bucket(String prompt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
      return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), 100);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
