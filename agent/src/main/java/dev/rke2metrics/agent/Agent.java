package dev.rke2metrics.agent;

import dev.rke2metrics.agent.bootstrap.Timings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Path;
import java.util.List;

/**
 * One running agent: the transformer that times mapped methods, the histograms and the endpoint.
 * Start-up does the least it can on the program's thread; the Prometheus registry and HTTP server
 * start on a daemon thread (calls that finish earlier are queued by {@link Timings}).
 */
public final class Agent {
  /** How long the exit waits for a start-up still under way, when a final push is due. */
  private static final long PUSH_AT_EXIT_WAIT_MILLIS = 5_000;

  private final AgentConfig config;
  private final SnapshotTransformer transformer;
  /** Set once the metrics have started (or failed to); the JVM exit reads them under this lock. */
  private MetricsEndpoint endpoint;
  private MetricsPusher pusher;
  private boolean stopping;
  private Thread starter;

  private Agent(AgentConfig config, SnapshotTransformer transformer) {
    this.config = config;
    this.transformer = transformer;
  }

  /**
   * Entry point from {@link JavaAgent}, through {@link ToolingLoader}: JDK types only, since the
   * two sides are in different class loaders.
   *
   * @throws StartupFailure when the file says {@code strict=true} and something is wrong
   */
  public static Object start(Path configFile, Instrumentation instrumentation) throws Exception {
    return start(AgentConfig.load(configFile), instrumentation);
  }

  /**
   * Starts the agent, or returns null when it cannot run safely (it says why on stderr).
   *
   * @throws StartupFailure when the file says {@code strict=true} and something is wrong
   */
  static Agent start(AgentConfig config, Instrumentation instrumentation) throws Exception {
    for (String problem : config.problems()) {
      AgentLog.line(problem);
    }
    if (config.strict() && !config.problems().isEmpty()) {
      throw new StartupFailure(config.problems().size() + " configuration problem(s) in " + config.source());
    }
    if (!config.endpointUsable()) {
      AgentLog.line("the agent is off: fix " + config.source() + " and restart");
      return null;
    }
    List<Mapping> mappings = config.mappings();
    Agent agent = new Agent(config, new SnapshotTransformer(mappings, new BootstrapBridge(instrumentation)));
    // Registered now, not once started: a short program may end while the metrics still start.
    Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "rke2-metrics-stop"));
    if (config.strict()) {
      agent.startMetrics(true); // a busy port must stop the program before main, so not in the background
    } else {
      // ByteBuddy is not warmed up in the background: on 2 cores that competed with the program's
      // own start-up (docs/BENCHMARKS.md).
      Thread thread = new Thread(agent::startMetricsQuietly, "rke2-metrics-start");
      thread.setDaemon(true);
      synchronized (agent) {
        agent.starter = thread;
      }
      thread.start();
    }
    if (!mappings.isEmpty()) {
      instrumentation.addTransformer(agent.transformer, true);
      agent.retransformLoaded(instrumentation);
      Runtime.getRuntime().addShutdownHook(new Thread(agent::reportUnmatched, "rke2-metrics-report"));
    } else {
      AgentLog.line("no methods are mapped in " + config.source() + ": the histograms stay empty");
    }
    return agent;
  }

  private void startMetricsQuietly() {
    try {
      startMetrics(false);
    } catch (Throwable unexpected) {
      AgentLog.line("internal error starting the metrics, they are off: " + unexpected);
      discardCalls();
    }
  }

  private void startMetrics(boolean strict) throws StartupFailure {
    PrometheusRegistry registry = new PrometheusRegistry();
    SnapshotMetrics metrics = new SnapshotMetrics(config.prefix(), config.buckets(), config.extraMetrics(), registry);
    if (config.extraMetrics()) {
      AgentInfo.register(registry, config.mappings().size(), transformer::matchedCount);
    }
    MetricsPusher pusher = config.push().url() == null ? null : new MetricsPusher(config.push(), registry);
    MetricsEndpoint endpoint = null;
    try {
      endpoint = MetricsEndpoint.start(config.host(), config.port(), registry, config.security());
    } catch (Exception e) {
      String problem = "cannot serve metrics on " + config.host() + " port " + config.port() + " (from "
          + config.source() + "): " + e.getMessage();
      if (strict) {
        throw new StartupFailure(problem);
      }
      if (pusher == null) {
        AgentLog.line(problem + "; the metrics are off, the program runs on");
        discardCalls();
        return;
      }
      AgentLog.line(problem + "; the metrics are only pushed to " + pusher.target());
    }
    Timings.install(metrics); // replays the calls queued so far
    synchronized (this) {
      this.endpoint = endpoint;
      this.pusher = pusher;
      if (stopping) {
        // The program ended while we started: nobody will scrape, and the exit pushes (see stop).
        closeEndpoint();
        return;
      }
    }
    if (pusher != null && config.push().interval() != null) {
      pusher.pushEvery(config.push().interval());
    }
    if (endpoint != null) {
      String auth = config.security().user() == null ? "" : ", basic auth as " + config.security().user();
      AgentLog.line("serving " + endpoint.url() + " (" + config.mappings().size() + " mappings from "
          + config.source() + auth + ")");
    }
  }

  /**
   * At JVM exit: closes the endpoint and makes the final push. The JDK waits up to 300 ms at exit for
   * threads blocked in native code, such as the HTTP server's selector: closing it first lets a
   * short-lived program exit as fast as without us. A push is waited for, since its whole point
   * is to deliver the calls of a program that is ending.
   */
  private void stop() {
    Thread pending;
    synchronized (this) {
      stopping = true;
      pending = pusher == null && endpoint == null ? starter : null;
    }
    if (pending != null && config.push().url() != null) {
      try {
        pending.join(PUSH_AT_EXIT_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    MetricsPusher finalPush;
    synchronized (this) {
      closeEndpoint();
      finalPush = pusher;
    }
    if (finalPush != null) {
      finalPush.pushQuietly();
    }
  }

  private synchronized void closeEndpoint() {
    if (endpoint != null) {
      endpoint.close();
      endpoint = null;
    }
  }

  /** Nothing will read the calls: stop queuing them. */
  private static void discardCalls() {
    try {
      Timings.install((metric, nanos, endNanos, error) -> { });
    } catch (Throwable ignored) {
      // the queue is bounded anyway
    }
  }

  /** Classes loaded before the agent (all of them, when attached) are woven by retransformation. */
  private void retransformLoaded(Instrumentation instrumentation) {
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if (!instrumentation.isModifiableClass(loaded) || !transformer.mayMatch(loaded)) {
        continue;
      }
      try {
        instrumentation.retransformClasses(loaded);
      } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
        AgentLog.line("cannot instrument the loaded class " + loaded.getName() + ": " + e);
      }
    }
  }

  private void reportUnmatched() {
    for (Mapping mapping : transformer.unmatched()) {
      AgentLog.line(config.source() + ": " + mapping + " matched no method (was " + mapping.spec().typeName()
          + " or a subtype ever loaded?)");
    }
  }
}
