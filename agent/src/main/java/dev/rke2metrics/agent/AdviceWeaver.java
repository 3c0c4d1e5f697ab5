package dev.rke2metrics.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.utility.OpenedClassReader;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves {@link SyncAdvice} or {@link AsyncAdvice} into the matching methods of one class file.
 * In the running agent this is the only class that touches ByteBuddy, created once a class can
 * match; the {@code check} command uses its matching too.
 * The class format is kept (no new fields or methods), which retransformation requires.
 */
public final class AdviceWeaver {
  /** By name: the advice classes are only read as class files, never loaded. */
  private static final String SYNC_ADVICE = "dev.rke2metrics.agent.SyncAdvice";
  private static final String ASYNC_ADVICE = "dev.rke2metrics.agent.AsyncAdvice";

  private final ClassFileLocator own = ClassFileLocator.ForClassLoader.of(AdviceWeaver.class.getClassLoader());
  /** The advice classes described from their bytes, not by reflection, which costs far more to set up. */
  private final TypePool ownPool = TypePool.Default.of(own);
  /**
   * Built on first use, per kind (sync, async) and slot, not per operation: building one costs
   * several ms even once ByteBuddy is warm. A method mapped by n operations is woven with the
   * advice of slots 0..n-1; nearly every method has one, so a program needs one or two of these.
   */
  private final Map<String, Advice> advice = new ConcurrentHashMap<>();

  private Advice advice(boolean async, int slot) {
    return advice.computeIfAbsent((async ? "async " : "sync ") + slot, key -> Advice.withCustomMapping()
        .bind(MetricIndex.class, new MetricIndexMapping(slot))
        .to(ownPool.describe(async ? ASYNC_ADVICE : SYNC_ADVICE).resolve(), own));
  }

  /** While a class is woven on this thread: each method's operations, in slot order. */
  private static final ThreadLocal<Map<String, List<Operation>>> OPERATIONS = new ThreadLocal<>();

  private static String key(MethodDescription method) {
    return method.getInternalName() + method.getDescriptor();
  }

  /**
   * Binds {@code @MetricIndex} to the index of the method's operation in this slot, as an int
   * constant in the woven code. (A value bound with {@code bind(type, Object)} instead goes through
   * ByteBuddy's constant machinery, which sets up JDK dispatchers on first use: ~25 ms.)
   */
  private static final class MetricIndexMapping implements Advice.OffsetMapping {
    private final int slot;

    MetricIndexMapping(int slot) {
      this.slot = slot;
    }

    @Override
    public Target resolve(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
        Assigner assigner, Advice.ArgumentHandler argumentHandler, Sort sort) {
      Map<String, List<Operation>> operations = OPERATIONS.get();
      List<Operation> ops = operations == null ? null : operations.get(key(instrumentedMethod));
      if (ops == null || ops.size() <= slot) {
        throw new IllegalStateException("no operation for " + instrumentedMethod + " in slot " + slot);
      }
      return new Target.ForStackManipulation(IntegerConstant.forValue(ops.get(slot).ordinal()));
    }
  }

  AdviceWeaver() {}

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
   * @param onMatch told of the mapping of every method that will be timed
   */
  byte[] weave(ClassLoader loader, String internalName, byte[] bytes, List<Mapping> candidates,
      Consumer<Mapping> onMatch) {
    String binaryName = internalName.replace('/', '.');
    TypePool pool = pool(loader, binaryName, bytes);
    TypeDescription type = pool.describe(binaryName).resolve();
    List<Match> matches = matches(type, candidates);
    if (matches.isEmpty()) {
      return null;
    }
    // Advice applied as an ASM visitor over our own reader and writer: ByteBuddy's type writer
    // (and its ByteBuddy instance) would load a few hundred more classes for nothing we need.
    AsmVisitorWrapper.ForDeclaredMethods wrapper = new AsmVisitorWrapper.ForDeclaredMethods();
    Map<String, List<Operation>> operations = new HashMap<>();
    for (Match match : matches) {
      Operation op = match.mapping.operation();
      onMatch.accept(match.mapping);
      List<Operation> ops = operations.computeIfAbsent(key(match.method), k -> new ArrayList<>());
      if (!ops.contains(op)) { // two specs of one operation may name one method
        ops.add(op);
        wrapper = wrapper.invokable(ElementMatchers.is(match.method),
            advice(returnsStage(match.method, pool), ops.size() - 1));
      }
    }
    ClassFileVersion version = ClassFileVersion.ofClassFile(bytes);
    Implementation.Context.ExtractableView context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
        new AuxiliaryType.NamingStrategy.Suffixing("rke2metrics"), TypeInitializer.None.INSTANCE, version, version,
        Implementation.Context.FrameGeneration.DISABLED);
    int writerFlags = wrapper.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
    int readerFlags = wrapper.mergeReader(AsmVisitorWrapper.NO_FLAGS);
    ClassReader reader = OpenedClassReader.of(bytes);
    ClassWriter writer = new ClassWriter(reader, writerFlags);
    OPERATIONS.set(operations); // ByteBuddy resolves the bindings while the reader visits the code
    try {
      reader.accept(wrapper.wrap(type, writer, context, pool, type.getDeclaredFields(), type.getDeclaredMethods(),
          writerFlags, readerFlags), readerFlags);
    } finally {
      OPERATIONS.remove();
    }
    return writer.toByteArray();
  }

  /**
   * Describes {@code binaryName} from the bytes already in hand, and the types it refers to, when
   * asked, from its loader's class files.
   */
  static TypePool pool(ClassLoader loader, String binaryName, byte[] bytes) {
    return TypePool.Default.WithLazyResolution.of(new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(binaryName, bytes),
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader)));
  }

  /** Read from class files through the pool: a reflective description costs more to set up. */
  private static boolean returnsStage(MethodDescription method, TypePool pool) {
    try {
      TypeDescription returned = method.getReturnType().asErasure();
      return !returned.isPrimitive() && !returned.isArray()
          && returned.isAssignableTo(pool.describe(CompletionStage.class.getName()).resolve());
    } catch (RuntimeException unresolvable) {
      return false;
    }
  }
}
