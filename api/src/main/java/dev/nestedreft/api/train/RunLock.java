package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.io.FileTrees;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One writer per run: an exclusive lock on a run directory ({@code runs/<name>/}, or {@code compare}'s output
 * folder), held from {@link #acquire} until {@link #close()} or until the process ends, whichever comes first.
 *
 * <p>The lock is an operating-system file lock ({@link FileChannel#tryLock()}) on {@code <dir>/run.lock}; the file
 * also records the holder (process id, host, start time), so that a second writer is told who holds the directory.
 * The operating system releases a file lock when its process ends, even by {@code kill -9}. A lock file that names a
 * holder but that nobody has locked was therefore left by a process that ended without closing its lock: it is
 * taken over, and the {@code warnings} consumer is told so. {@link #close()} empties the file, so a run that ended
 * normally leaves no holder behind.
 *
 * <p>The file is never deleted: a process that had it open could otherwise lock a file that no longer has a name
 * while another process locks its replacement.
 *
 * <p>Within one JVM, POSIX file locks belong to the process, and closing <em>any</em> channel on the file releases
 * them (the {@link FileChannel} javadoc warns of this, and Linux behaves so). So this class keeps the lock files this
 * JVM holds in a table and answers "in use" from it, without opening the file a second time; the table is per JVM
 * because the operating system's lock is. Code in the same JVM must not open {@code run.lock} itself.
 *
 * <p>Instances are not thread-safe; {@link #acquire} may be called from any thread.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name inside the locked directory. */
  public static final String FILE = "run.lock";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The lock files this JVM holds (real paths) and their holders: see the class comment. */
  private static final Map<Path, Holder> HELD = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Holder holder;
  private boolean closed;

  private RunLock(Path file, FileChannel channel, FileLock lock, Holder holder) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /**
   * Who holds (or held) a lock.
   *
   * @param pid the process id
   * @param host the host name the process ran on
   * @param since when it took the lock
   */
  public record Holder(long pid, String host, Instant since) {
    /** This process, now. */
    static Holder self() {
      return new Holder(ProcessHandle.current().pid(), hostName(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code process 1234 on host h since 2026-12-01T10:00:00Z}. */
    public String describe() {
      return "process " + pid + " on host " + host + " since " + since;
    }

    String toJson() {
      return JSON.createObjectNode().put("pid", pid).put("host", host).put("since", since.toString()).toString();
    }

    /** The holder a lock file names, if it names one. */
    static Optional<Holder> parse(String text) {
      if (text.isBlank()) {
        return Optional.empty();
      }
      try {
        JsonNode node = JSON.readTree(text);
        return Optional.of(new Holder(node.path("pid").asLong(-1), node.path("host").asText("an unknown host"),
            Instant.parse(node.path("since").asText())));
      } catch (IOException | RuntimeException e) {
        return Optional.empty(); // torn or foreign content: the holder is unknown
      }
    }
  }

  /**
   * Locks {@code dir} (created if needed) for this process.
   *
   * @param warnings told, in one line, when a stale lock of a process that ended without releasing it is taken over
   * @return the lock; the caller closes it when done writing
   * @throws NestedReftException when another process, or this one, holds the lock: the message names the holder
   */
  public static RunLock acquire(Path dir, Consumer<String> warnings) {
    Path file;
    try {
      Files.createDirectories(dir);
      file = dir.toRealPath().resolve(FILE);
    } catch (IOException e) {
      throw new NestedReftException(dir + ": cannot create the directory to lock it: " + e.getMessage(), e);
    }
    Holder self = Holder.self();
    Holder inThisJvm = HELD.putIfAbsent(file, self);
    if (inThisJvm != null) {
      throw inUse(dir, Optional.of(inThisJvm));
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // locked through another channel of this JVM that bypassed this class
      }
      Optional<Holder> previous = Holder.parse(read(channel));
      if (lock == null) {
        throw inUse(dir, previous);
      }
      previous.ifPresent(p -> warnings.accept(String.format("%s: taking over the lock of %s, which ended without "
          + "releasing it (killed?)", dir, p.describe())));
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((self.toJson() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      RunLock acquired = new RunLock(file, channel, lock, self);
      channel = null;
      return acquired;
    } catch (IOException e) {
      throw new NestedReftException(file + ": cannot lock: " + e.getMessage(), e);
    } finally {
      if (channel != null) {
        HELD.remove(file);
        try {
          channel.close();
        } catch (IOException e) {
          // nothing was locked through this channel
        }
      }
    }
  }

  /**
   * Deletes everything in {@code dir} but its lock file, holding the lock while it does (a run that always starts
   * afresh, such as the demo's). Nothing happens when {@code dir} does not exist.
   *
   * @throws NestedReftException when another process holds the lock
   */
  public static void emptyDirectory(Path dir, Consumer<String> warnings) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (RunLock lock = acquire(dir, warnings); Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(FILE)) {
          FileTrees.delete(entry);
        }
      }
    } catch (IOException e) {
      throw new NestedReftException(dir + ": cannot list it to empty it: " + e.getMessage(), e);
    }
  }

  /** The holder this lock recorded: this process. */
  public Holder holder() {
    return holder;
  }

  /** Empties the lock file (no holder left behind) and releases the lock. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (FileChannel owned = channel) {
      channel.truncate(0);
      lock.release();
    } catch (IOException e) {
      // closing the channel (above) releases the lock even when emptying the file failed
      throw new NestedReftException(file + ": cannot release the lock cleanly: " + e.getMessage(), e);
    } finally {
      HELD.remove(file);
    }
  }

  private static NestedReftException inUse(Path dir, Optional<Holder> holder) {
    return NestedReftException.of("%s is in use by %s; wait for it to finish or stop it", dir,
        holder.map(Holder::describe).orElse("another process"));
  }

  private static String read(FileChannel channel) throws IOException {
    long size = Math.min(channel.size(), 4096);
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read until full or the end
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  /** This machine's name, without a DNS lookup where the kernel tells it. */
  static String hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        String name = Files.readString(kernel).strip();
        if (!name.isEmpty()) {
          return name;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return "an unknown host";
    }
  }
}
