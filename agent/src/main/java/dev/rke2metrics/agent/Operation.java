package dev.rke2metrics.agent;

/**
 * RKE2's six etcd snapshot histograms: the property key that maps methods onto each, the metric
 * name after the prefix, and RKE2's HELP text. The ordinal is the metric index used by the advice.
 */
public enum Operation {
  SAVE("save.total", "etcd_snapshot_save_duration_seconds",
      "complete the etcd snapshot process"),
  SAVE_LOCAL("save.local", "etcd_snapshot_save_local_duration_seconds",
      "save a local snapshot file"),
  SAVE_S3("save.s3", "etcd_snapshot_save_s3_duration_seconds",
      "upload a snapshot file to S3"),
  RECONCILE("reconcile.total", "etcd_snapshot_reconcile_duration_seconds",
      "sync the list of etcd snapshots"),
  RECONCILE_LOCAL("reconcile.local", "etcd_snapshot_reconcile_local_duration_seconds",
      "list local snapshot files"),
  RECONCILE_S3("reconcile.s3", "etcd_snapshot_reconcile_s3_duration_seconds",
      "list S3 snapshot files");

  private final String key;
  private final String nameSuffix;
  private final String help;

  Operation(String key, String nameSuffix, String whatItTimes) {
    this.key = key;
    this.nameSuffix = nameSuffix;
    this.help = "Total time in seconds taken to " + whatItTimes + ", labeled by success/failure status.";
  }

  /** The {@code op} label of the extra series, e.g. {@code save_s3}: the metric's own word. */
  public String label() {
    return nameSuffix.substring("etcd_snapshot_".length(), nameSuffix.length() - "_duration_seconds".length());
  }

  /** The properties key, e.g. {@code save.s3}. */
  public String key() {
    return key;
  }

  /** The full metric name, e.g. {@code rke2_etcd_snapshot_save_s3_duration_seconds}. */
  public String metricName(String prefix) {
    return prefix + "_" + nameSuffix;
  }

  public String help() {
    return help;
  }

  /** The operation a properties key names, or null. */
  public static Operation forKey(String key) {
    for (Operation op : values()) {
      if (op.key.equals(key)) {
        return op;
      }
    }
    return null;
  }
}
