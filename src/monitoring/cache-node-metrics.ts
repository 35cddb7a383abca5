import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The metrics of every node of a (cluster-mode disabled) replication group, which ElastiCache publishes per member
 * cluster `<replicationGroupId>-001`, `-002`, ... Which node is the primary changes with every failover, so alarms
 * watch the worst node rather than a fixed one.
 */
export class CacheNodeMetrics {
  /** The member cluster ids, in node order. */
  public readonly nodeIds: string[];

  constructor(replicationGroupId: string, nodeCount: number) {
    this.nodeIds = Array.from({ length: nodeCount }, (_, index) => `${replicationGroupId}-${String(index + 1).padStart(3, '0')}`);
  }

  /** One line per node, for dashboards. */
  perNode(metricName: string, statistic: string, period: Duration = Duration.minutes(5)): cloudwatch.Metric[] {
    return this.nodeIds.map((nodeId) => this.nodeMetric(nodeId, metricName, statistic, period));
  }

  /** The highest value of any node, for alarms. */
  worstNode(metricName: string, statistic: string, label: string, period: Duration = Duration.minutes(5)): cloudwatch.IMetric {
    const metrics = this.perNode(metricName, statistic, period);
    if (metrics.length === 1) {
      return metrics[0].with({ label });
    }
    const usingMetrics = Object.fromEntries(metrics.map((metric, index) => [`node${index + 1}`, metric]));
    return new cloudwatch.MathExpression({
      expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`,
      usingMetrics,
      label,
      period,
    });
  }

  private nodeMetric(nodeId: string, metricName: string, statistic: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: nodeId },
      statistic,
      period,
      label: nodeId,
    });
  }
}
