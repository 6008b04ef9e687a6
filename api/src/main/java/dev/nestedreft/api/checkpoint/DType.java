package dev.nestedreft.api.checkpoint;

import java.util.Optional;

/**
 * Safetensors element types. Floating types are converted to fp32 on read; the others are recognised (so the
 * error can say "not supported" rather than "unknown") but cannot hold weights here.
 */
public enum DType {
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  F64(8, true),
  I64(8, false),
  I32(4, false),
  I16(2, false),
  I8(1, false),
  U64(8, false),
  U32(4, false),
  U16(2, false),
  U8(1, false),
  BOOL(1, false),
  F8_E4M3(1, false),
  F8_E5M2(1, false);

  private final int size;
  private final boolean readable;

  DType(int size, boolean readable) {
    this.size = size;
    this.readable = readable;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** Whether tensors of this type can be read into fp32 weights. */
  public boolean readable() {
    return readable;
  }

  public static Optional<DType> parse(String name) {
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
