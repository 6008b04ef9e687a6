package dev.nestedreft.api.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's peak resident memory, as every benchmark reports it. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Peak resident memory of this process in MiB (Linux {@code VmHWM}), or -1 where unknown. */
  public static double peakResidentMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
