package dev.rke2metrics.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves {@link SyncAdvice} or {@link AsyncAdvice} into the matching methods of one class file.
 * This is the only class that touches ByteBuddy, so ByteBuddy is loaded only once a class matches.
 * The class format is kept (no new fields or methods), which retransformation requires.
 */
final class AdviceWeaver {
  private final ByteBuddy byteBuddy = new ByteBuddy()
      .with(TypeValidation.DISABLED)
      .with(Implementation.Context.Disabled.Factory.INSTANCE)
      .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
      .with(InstrumentedType.Factory.Default.FROZEN)
      .with(VisibilityBridgeStrategy.Default.NEVER);
  private final ClassFileLocator own = ClassFileLocator.ForClassLoader.of(AdviceWeaver.class.getClassLoader());
  /** Built on first use: each costs a parse of the advice class, and most programs need a few. */
  private final Map<String, Advice> advice = new ConcurrentHashMap<>();

  private Advice advice(Operation op, boolean async) {
    Class<?> template = async ? AsyncAdvice.class : SyncAdvice.class;
    return advice.computeIfAbsent(op + (async ? "/async" : "/sync"), key -> Advice.withCustomMapping()
        .bind(MetricIndex.class, op.ordinal())
        .to(TypeDescription.ForLoadedType.of(template), own));
  }

  /** A method of the class being woven and the mappings that name it. */
  static final class Match {
    final MethodDescription method;
    final Mapping mapping;

    Match(MethodDescription method, Mapping mapping) {
      this.method = method;
      this.mapping = mapping;
    }

    /** A readable signature, e.g. {@code com.example.Store.save(java.lang.String)}. */
    String signature() {
      StringBuilder text = new StringBuilder(method.getDeclaringType().getTypeName())
          .append('.').append(method.getName()).append('(');
      List<String> params = parameterTypeNames(method);
      text.append(String.join(", ", params)).append(')');
      return text.toString();
    }
  }

  /**
   * The methods of a class that the candidate mappings name: declared here, with a body, neither
   * constructors nor bridges nor synthetic.
   */
  static List<Match> matches(TypeDescription type, List<Mapping> candidates) {
    List<Match> matches = new ArrayList<>();
    for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
      if (!method.isMethod() || method.isAbstract() || method.isNative() || method.isBridge()
          || method.isSynthetic()) {
        continue;
      }
      List<String> params = null;
      for (Mapping mapping : candidates) {
        if (!mapping.spec().methodName().equals(method.getName())) {
          continue;
        }
        if (params == null) {
          params = parameterTypeNames(method);
        }
        if (mapping.spec().matches(method.getName(), params)) {
          matches.add(new Match(method, mapping));
        }
      }
    }
    return matches;
  }

  static List<String> parameterTypeNames(MethodDescription method) {
    List<String> names = new ArrayList<>();
    for (TypeDefinition type : method.getParameters().asTypeList().asErasures()) {
      names.add(type.getTypeName());
    }
    return names;
  }

  /**
   * Returns the woven class file, or null when no method matched.
   *
   * @param onMatch told of every method that will be timed
   */
  byte[] weave(ClassLoader loader, String internalName, byte[] bytes, List<Mapping> candidates,
      Consumer<Match> onMatch) {
    String binaryName = internalName.replace('/', '.');
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(binaryName, bytes),
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
            : ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    TypeDescription type = pool.describe(binaryName).resolve();
    List<Match> matches = matches(type, candidates);
    if (matches.isEmpty()) {
      return null;
    }
    DynamicType.Builder<?> builder = byteBuddy.redefine(type, ClassFileLocator.Simple.of(binaryName, bytes));
    Set<String> woven = new HashSet<>();
    for (Match match : matches) {
      Operation op = match.mapping.operation();
      onMatch.accept(match);
      if (!woven.add(op + " " + match.method)) {
        continue; // two specs of one operation name this method (e.g. by type and by interface)
      }
      builder = builder.visit(advice(op, returnsStage(match.method)).on(ElementMatchers.is(match.method)));
    }
    return builder.make(pool).getBytes();
  }

  private static boolean returnsStage(MethodDescription method) {
    try {
      return method.getReturnType().asErasure().isAssignableTo(CompletionStage.class);
    } catch (RuntimeException unresolvable) {
      return false;
    }
  }
}
