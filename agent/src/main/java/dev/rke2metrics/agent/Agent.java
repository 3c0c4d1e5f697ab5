package dev.rke2metrics.agent;

import dev.rke2metrics.agent.bootstrap.Timings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.List;

/**
 * One running agent: the transformer that times mapped methods, the histograms and the endpoint.
 * Start-up does the least it can on the program's thread; the Prometheus registry and HTTP server
 * start on a daemon thread (calls that finish earlier are queued by {@link Timings}).
 */
final class Agent {
  private final AgentConfig config;
  private final SnapshotTransformer transformer;

  private Agent(AgentConfig config, SnapshotTransformer transformer) {
    this.config = config;
    this.transformer = transformer;
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
    if (config.strict()) {
      agent.startMetrics(true); // a busy port must stop the program before main, so not in the background
    } else {
      // ByteBuddy is not warmed up in the background: on 2 cores that competed with the program's
      // own start-up (docs/BENCHMARKS.md).
      daemon("rke2-metrics-start", agent::startMetricsQuietly);
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

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
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
    Timings.install(metrics);
    if (pusher != null) {
      pusher.start(config.push().interval());
    }
    if (endpoint != null) {
      // The JDK waits up to 300 ms at exit for threads blocked in native code, such as the HTTP
      // server's selector: closing it first lets a short-lived program exit as fast as without us.
      Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "rke2-metrics-stop"));
      String auth = config.security().user() == null ? "" : ", basic auth as " + config.security().user();
      AgentLog.line("serving " + endpoint.url() + " (" + config.mappings().size() + " mappings from "
          + config.source() + auth + ")");
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
