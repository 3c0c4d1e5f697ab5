package dev.rke2metrics.agent;

import java.nio.charset.StandardCharsets;

/**
 * The names a class file declares about itself: its own, its superclass and its interfaces, read
 * straight from the bytes with the JDK alone. This is what lets the agent decide whether a class
 * can match before it loads any of ByteBuddy.
 */
final class ClassHeader {
  private static final String[] NONE = new String[0];

  final String name;
  /** Internal names of the superclass (absent for java/lang/Object) and then the interfaces. */
  final String[] supertypes;

  private ClassHeader(String name, String[] supertypes) {
    this.name = name;
    this.supertypes = supertypes;
  }

  /**
   * Parses the header of a class file.
   *
   * @throws IllegalArgumentException when the bytes are not a class file
   */
  static ClassHeader parse(byte[] bytes) {
    try {
      return read(bytes);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated class file", e);
    }
  }

  private static ClassHeader read(byte[] b) {
    if (u4(b, 0) != 0xCAFEBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    int count = u2(b, 8);
    int[] offsets = new int[count];
    int pos = 10;
    for (int i = 1; i < count; i++) {
      offsets[i] = pos;
      int tag = b[pos] & 0xFF;
      switch (tag) {
        case 1: // Utf8
          pos += 3 + u2(b, pos + 1);
          break;
        case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
          pos += 3;
          break;
        case 15: // MethodHandle
          pos += 4;
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
          pos += 5;
          break;
        case 5: case 6: // Long, Double take two slots
          pos += 9;
          i++;
          break;
        default:
          throw new IllegalArgumentException("unknown constant pool tag " + tag);
      }
    }
    int thisClass = u2(b, pos + 2);
    int superClass = u2(b, pos + 4);
    int interfaceCount = u2(b, pos + 6);
    String name = className(b, offsets, thisClass);
    String[] supers = superClass == 0 && interfaceCount == 0 ? NONE
        : new String[(superClass == 0 ? 0 : 1) + interfaceCount];
    int n = 0;
    if (superClass != 0) {
      supers[n++] = className(b, offsets, superClass);
    }
    for (int i = 0; i < interfaceCount; i++) {
      supers[n++] = className(b, offsets, u2(b, pos + 8 + 2 * i));
    }
    return new ClassHeader(name, supers);
  }

  private static String className(byte[] b, int[] offsets, int classIndex) {
    int utf8 = offsets[u2(b, offsets[classIndex] + 1)];
    int length = u2(b, utf8 + 1);
    // Class names are plain ASCII in practice; modified UTF-8 matches UTF-8 outside NUL and surrogates.
    return new String(b, utf8 + 3, length, StandardCharsets.UTF_8);
  }

  private static int u2(byte[] b, int pos) {
    return ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
  }

  private static int u4(byte[] b, int pos) {
    return (u2(b, pos) << 16) | u2(b, pos + 2);
  }
}
