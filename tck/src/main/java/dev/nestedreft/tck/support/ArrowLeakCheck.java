package dev.nestedreft.tck.support;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of tests that allocate Arrow memory: {@link #allocator} is a new root allocator for each test and is closed
 * after it. Closing an allocator with live buffers throws, so every test that extends this is also a leak test
 * (weights, packed weights, batches).
 */
public abstract class ArrowLeakCheck {
  protected BufferAllocator allocator;

  @BeforeEach
  protected final void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  protected final void closeAllocator() {
    allocator.close();
  }
}
