package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MethodSpecTest {
  @Test
  void typeAndMethodMatchEveryOverload() {
    MethodSpec spec = MethodSpec.parse(" com.example.Snapshots#save ");
    assertEquals("com.example.Snapshots", spec.typeName());
    assertEquals("com/example/Snapshots", spec.internalTypeName());
    assertTrue(spec.matches("save", List.of()));
    assertTrue(spec.matches("save", List.of("java.lang.String", "int")));
    assertFalse(spec.matches("saved", List.of()));
  }

  @Test
  void parameterListPicksOneOverload() {
    MethodSpec spec = MethodSpec.parse("com.example.Snapshots#save(java.lang.String, int)");
    assertTrue(spec.matches("save", List.of("java.lang.String", "int")));
    assertFalse(spec.matches("save", List.of("java.lang.String")));
    assertFalse(spec.matches("save", List.of()));
    assertTrue(MethodSpec.parse("a.B#save()").matches("save", List.of()));
    assertFalse(MethodSpec.parse("a.B#save()").matches("save", List.of("int")));
  }

  @Test
  void arraysVarargsAndNestedTypes() {
    MethodSpec spec = MethodSpec.parse("a.B$Inner#put(byte[], java.lang.String...)");
    assertEquals("a/B$Inner", spec.internalTypeName());
    assertTrue(spec.matches("put", List.of("byte[]", "java.lang.String[]")));
  }

  @Test
  void malformedSpecsSayWhatIsWrong() {
    assertEquals("'a.b.C.method' has no '#': write fully.qualified.Type#method",
        assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("a.b.C.method")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("#save")).getMessage()
        .contains("is not a fully qualified type name"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("a.B#")).getMessage()
        .contains("is not a method name"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("a.B#m(int")).getMessage()
        .contains("must end with ')'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("a.B#m(int,)")).getMessage()
        .contains("is not a parameter type"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("a..B#m")).getMessage()
        .contains("is not a fully qualified type name"));
  }
}
