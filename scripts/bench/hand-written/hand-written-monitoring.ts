/** A hand-written tenant's alarms (each notifying the environment's topic) and its dashboard. */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { HandWrittenData } from './hand-written-data';

export interface HandWrittenMonitoringProps {
  readonly stem: string;
  readonly alarmTopic: sns.ITopic;
  readonly data: HandWrittenData;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly services: ecs.FargateService[];
}

export class HandWrittenMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: HandWrittenMonitoringProps) {
    super(scope, id);
    const { stem, data, targetGroup } = props;
    const action = new cloudwatchActions.SnsAction(props.alarmTopic);
    const cacheMetric = (metricName: string) => new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: `${stem}-001` },
      period: Duration.minutes(5),
    });
    const watched: Array<[string, cloudwatch.IMetric, number]> = [
      ['http-5xx', targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), 10],
      ['unhealthy-targets', targetGroup.metrics.unhealthyHostCount(), 1],
      ['p99-latency', targetGroup.metrics.targetResponseTime({ statistic: 'p99' }), 2],
      ['database-cpu', data.database.metricCPUUtilization(), 80],
      ['database-free-storage', data.database.metricFreeStorageSpace(), 2 * 1024 ** 3],
      ['cache-memory', cacheMetric('DatabaseMemoryUsagePercentage'), 80],
      ['cache-evictions', cacheMetric('Evictions'), 100],
      ...props.services
        .filter((service) => service.node.id !== 'celeryService')
        .map((service): [string, cloudwatch.IMetric, number] => [
          `${service.node.id}-running`,
          new cloudwatch.Metric({
            namespace: 'ECS/ContainerInsights',
            metricName: 'RunningTaskCount',
            dimensionsMap: { ClusterName: service.cluster.clusterName, ServiceName: service.serviceName },
          }),
          1,
        ]),
    ];
    const alarms = watched.map(([name, metric, threshold]) => {
      const alarm = new cloudwatch.Alarm(this, name, {
        alarmName: `${stem}-${name}`,
        metric,
        threshold,
        evaluationPeriods: 2,
        comparisonOperator: name.endsWith('running') || name === 'database-free-storage'
          ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD
          : cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    });

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: stem });
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 24 }));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Requests', left: [targetGroup.metrics.requestCount()] }),
      new cloudwatch.GraphWidget({ title: 'Latency', left: [targetGroup.metrics.targetResponseTime({ statistic: 'p99' })] }),
      new cloudwatch.GraphWidget({ title: 'Database CPU', left: [data.database.metricCPUUtilization()] }),
    );
    dashboard.addWidgets(...props.services.map((service) => new cloudwatch.GraphWidget({
      title: service.serviceName,
      left: [service.metricCpuUtilization(), service.metricMemoryUtilization()],
    })));
  }
}
