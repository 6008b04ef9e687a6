package dev.nestedreft.api.train;

import java.nio.file.Path;

/**
 * A second process for {@link RunLockTest}: locks the directory given as its argument, prints {@code locked}, and
 * holds the lock until it is killed.
 */
public final class RunLockHolder {
  private RunLockHolder() {}

  public static void main(String[] args) throws InterruptedException {
    RunLock.acquire(Path.of(args[0]), warning -> { });
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
