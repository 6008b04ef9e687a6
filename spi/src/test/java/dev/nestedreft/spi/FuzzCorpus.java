package dev.nestedreft.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The committed corpus of a Jazzer fuzz test, and a fixed budget of seeded mutations of it: hostile variants that a
 * plain test run (without {@code JAZZER_FUZZ}, which alone lets Jazzer mutate) still puts through the target. The
 * corpus of method {@code m} of test class {@code T} is Jazzer's: the files of the test resource directory
 * {@code <package of T>/TInputs/m/}.
 *
 * <p>Mutations are byte-level, as a fuzzer's first mutators are: bit flips, bytes set to values that break parsers
 * (quotes, brackets, 0xFF, digits), 4- and 8-byte little-endian integers set to edge values (0, -1, 2^31 - 1,
 * 2^63 - 1, sizes just past a buffer), inserted and deleted runs, duplicated runs, truncation and splices of two
 * inputs. The same seed gives the same inputs on every machine.
 *
 * <p>A copy of the tck's {@code dev.nestedreft.tck.support.FuzzCorpus}: spi sits below the tck, so its tests cannot
 * use the kit (as for its allocator checks). Change both together.
 */
public final class FuzzCorpus {
  private static final byte[] BYTES = {0, 1, -1, 0x7f, (byte) 0x80, '"', '\\', '{', '}', '[', ']', ':', ',', '-',
      '0', '9', 'e', '.', ' ', '\n', '&', '*', '#', (byte) 0xC3, (byte) 0xE2};
  private static final long[] NUMBERS = {0, 1, -1, 8, 255, 65_535, Integer.MAX_VALUE, Integer.MIN_VALUE,
      1L << 31, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 100L * 1024 * 1024 + 1};

  private FuzzCorpus() {}

  /**
   * The files of the corpus of {@code method} of {@code test}, in name order.
   *
   * @throws IllegalStateException when the directory is not on the test class path
   */
  public static List<byte[]> seeds(Class<?> test, String method) {
    String resource = test.getSimpleName() + "Inputs/" + method;
    URL url = test.getResource(resource);
    if (url == null) {
      throw new IllegalStateException("no corpus " + resource + " next to " + test.getName());
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      List<byte[]> out = new ArrayList<>();
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.add(Files.readAllBytes(f));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code count} mutations of {@code seeds} (chosen at random, one to four changes each), from {@code seed}. */
  public static List<byte[]> mutations(List<byte[]> seeds, int count, long seed) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("no seeds to mutate");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] input = seeds.get(random.nextInt(seeds.size()));
      int changes = 1 + random.nextInt(4);
      for (int c = 0; c < changes; c++) {
        input = mutate(input, seeds.get(random.nextInt(seeds.size())), random);
      }
      out.add(input);
    }
    return out;
  }

  /** One change of {@code input}; {@code other} is the second input of a splice. */
  static byte[] mutate(byte[] input, byte[] other, SplittableRandom random) {
    int n = input.length;
    int at = n == 0 ? 0 : random.nextInt(n);
    switch (random.nextInt(8)) {
      case 0 -> { // flip a bit
        if (n == 0) {
          return new byte[] {BYTES[random.nextInt(BYTES.length)]};
        }
        byte[] out = input.clone();
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
      }
      case 1 -> { // set a byte to a value that breaks parsers
        if (n == 0) {
          return new byte[] {BYTES[random.nextInt(BYTES.length)]};
        }
        byte[] out = input.clone();
        out[at] = BYTES[random.nextInt(BYTES.length)];
        return out;
      }
      case 2 -> { // an edge-value integer, 4 or 8 bytes little-endian
        int width = random.nextBoolean() ? 4 : 8;
        if (n < width) {
          return input;
        }
        byte[] out = input.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        long value = NUMBERS[random.nextInt(NUMBERS.length)];
        int pos = random.nextInt(n - width + 1);
        if (width == 4) {
          b.putInt(pos, (int) value);
        } else {
          b.putLong(pos, value);
        }
        return out;
      }
      case 3 -> { // insert a run of bytes
        byte[] run = new byte[1 + random.nextInt(8)];
        for (int i = 0; i < run.length; i++) {
          run[i] = random.nextBoolean() ? BYTES[random.nextInt(BYTES.length)] : (byte) random.nextInt(256);
        }
        return splice(input, 0, at, run, input, at, n);
      }
      case 4 -> { // delete a run
        int end = Math.min(n, at + 1 + random.nextInt(16));
        return splice(input, 0, at, new byte[0], input, end, n);
      }
      case 5 -> { // duplicate a run
        int end = Math.min(n, at + 1 + random.nextInt(32));
        return splice(input, 0, end, Arrays.copyOfRange(input, at, end), input, end, n);
      }
      case 6 -> { // truncate
        return Arrays.copyOf(input, at);
      }
      default -> { // the front of this input, the back of the other
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        return splice(input, 0, at, new byte[0], other, from, other.length);
      }
    }
  }

  private static byte[] splice(byte[] a, int aFrom, int aTo, byte[] middle, byte[] b, int bFrom, int bTo) {
    byte[] out = new byte[(aTo - aFrom) + middle.length + (bTo - bFrom)];
    System.arraycopy(a, aFrom, out, 0, aTo - aFrom);
    System.arraycopy(middle, 0, out, aTo - aFrom, middle.length);
    System.arraycopy(b, bFrom, out, aTo - aFrom + middle.length, bTo - bFrom);
    return out;
  }
}
