package dev.rke2metrics.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One method spec from the properties: {@code fully.qualified.Type#method} (every overload) or
 * {@code fully.qualified.Type#method(param.Type,int,byte[])} (one overload). A spec whose type is
 * an interface or superclass also names the overriding methods of its subtypes.
 */
public final class MethodSpec {
  private static final Pattern JAVA_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");

  private final String text;
  private final String typeName;
  private final String methodName;
  /** Null when every overload matches. */
  private final List<String> parameterTypes;

  private MethodSpec(String text, String typeName, String methodName, List<String> parameterTypes) {
    this.text = text;
    this.typeName = typeName;
    this.methodName = methodName;
    this.parameterTypes = parameterTypes;
  }

  /**
   * Parses one spec.
   *
   * @throws IllegalArgumentException with a message saying what is wrong with it
   */
  public static MethodSpec parse(String text) {
    String spec = text.trim();
    int hash = spec.indexOf('#');
    if (hash < 0) {
      throw new IllegalArgumentException("'" + spec + "' has no '#': write fully.qualified.Type#method");
    }
    String type = spec.substring(0, hash).trim();
    String rest = spec.substring(hash + 1).trim();
    if (!isQualifiedName(type)) {
      throw new IllegalArgumentException("'" + spec + "': '" + type + "' is not a fully qualified type name");
    }
    List<String> params = null;
    String method = rest;
    int open = rest.indexOf('(');
    if (open >= 0) {
      if (!rest.endsWith(")")) {
        throw new IllegalArgumentException("'" + spec + "': the parameter list must end with ')'");
      }
      method = rest.substring(0, open).trim();
      params = parseParameters(spec, rest.substring(open + 1, rest.length() - 1));
    }
    if (!JAVA_NAME.matcher(method).matches()) {
      throw new IllegalArgumentException("'" + spec + "': '" + method + "' is not a method name");
    }
    return new MethodSpec(spec, type, method, params);
  }

  private static List<String> parseParameters(String spec, String list) {
    if (list.isBlank()) {
      return Collections.emptyList();
    }
    List<String> params = new ArrayList<>();
    for (String raw : list.split(",", -1)) {
      String param = raw.trim();
      if (param.endsWith("...")) {
        param = param.substring(0, param.length() - 3).trim() + "[]";
      }
      String element = param;
      while (element.endsWith("[]")) {
        element = element.substring(0, element.length() - 2).trim();
      }
      if (!isQualifiedName(element)) {
        throw new IllegalArgumentException("'" + spec + "': '" + raw.trim() + "' is not a parameter type");
      }
      params.add(param.replace(" ", ""));
    }
    return Collections.unmodifiableList(params);
  }

  private static boolean isQualifiedName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (String part : name.split("\\.", -1)) {
      if (!JAVA_NAME.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  /** The type as written, e.g. {@code com.example.Snapshots}; nested types use {@code $}. */
  public String typeName() {
    return typeName;
  }

  /** The type in internal form, e.g. {@code com/example/Snapshots}. */
  public String internalTypeName() {
    return typeName.replace('.', '/');
  }

  public String methodName() {
    return methodName;
  }

  /**
   * Whether a method of this name and erased parameter types (as {@link Class#getTypeName()} gives
   * them: {@code int}, {@code java.lang.String}, {@code byte[]}) is named by this spec.
   */
  public boolean matches(String name, List<String> erasedParameterTypes) {
    if (!methodName.equals(name)) {
      return false;
    }
    return parameterTypes == null || parameterTypes.equals(erasedParameterTypes);
  }

  @Override
  public String toString() {
    return text;
  }
}
