import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Task counts Container Insights publishes per service (the base turns Container Insights on for the cluster). */
export type ServiceTaskCountMetric = 'RunningTaskCount' | 'DesiredTaskCount';

/** What Container Insights publishes per cluster. */
export type ClusterMetric = 'CpuUtilized' | 'CpuReserved' | 'MemoryUtilized' | 'MemoryReserved' | 'TaskCount' | 'ServiceCount';

const NAMESPACE = 'ECS/ContainerInsights';

/**
 * A service's task count from Container Insights. Names, not tokens: the dimensions are the fixed names operators
 * also pass to `aws ecs describe-services`, so a tenant in another stack than its cluster needs no reference.
 */
export function serviceTaskCount(metricName: ServiceTaskCountMetric, clusterName: string, serviceName: string,
  options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: NAMESPACE,
    metricName,
    dimensionsMap: { ClusterName: clusterName, ServiceName: serviceName },
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.minutes(1),
    ...options,
  });
}

/** A cluster-wide Container Insights metric. */
export function clusterMetric(metricName: ClusterMetric, clusterName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: NAMESPACE,
    metricName,
    dimensionsMap: { ClusterName: clusterName },
    statistic: metricName === 'TaskCount' || metricName === 'ServiceCount' ? cloudwatch.Stats.MAXIMUM : cloudwatch.Stats.AVERAGE,
    period: Duration.minutes(5),
    ...options,
  });
}

/** A service's CPU or memory utilization in percent of what its tasks reserve (the `AWS/ECS` namespace). */
export function serviceUtilization(metricName: 'CPUUtilization' | 'MemoryUtilization', clusterName: string, serviceName: string,
  label: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ECS',
    metricName,
    dimensionsMap: { ClusterName: clusterName, ServiceName: serviceName },
    statistic: cloudwatch.Stats.AVERAGE,
    period: Duration.minutes(1),
    label,
  });
}
