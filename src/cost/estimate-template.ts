import type { Price, PriceTable } from './price-table';
import {
  cacheEngineShare, cacheNodesMonthlyUsd, databaseInstanceMonthlyUsd, databaseStorageMonthlyUsd, fargateTaskHourUsd,
  fargateTasksMonthlyUsd, monthlyUsd, priceOf,
} from './unit-costs';

/** One priced line of an estimate: a resource (or a group of alike resources) and its monthly cost. */
export interface CostLine {
  /** What is billed, for example `RDS PostgreSQL db.t4g.micro`. */
  readonly item: string;
  /** How the amount is made up, for example `730 h x $0.016, single-AZ`. */
  readonly detail: string;
  readonly monthlyUsd: number;
}

/** The estimate of one stack: priced lines, and the charges that depend on usage, named but not guessed. */
export interface StackEstimate {
  readonly stackName: string;
  readonly lines: CostLine[];
  readonly usageDriven: string[];
  readonly totalUsd: number;
}

/** A CloudFormation template, as much of it as the model reads. */
export interface CostTemplate {
  readonly Resources?: { readonly [logicalId: string]: { readonly Type: string; readonly Properties?: { readonly [key: string]: any } } };
}

/** Resource types whose only charges depend on usage, with what they are. */
const USAGE_DRIVEN: { readonly [type: string]: string } = {
  'AWS::S3::Bucket': 'S3 storage and requests',
  'AWS::EFS::FileSystem': 'EFS storage and throughput',
  'AWS::Logs::LogGroup': 'CloudWatch Logs ingestion and storage',
  'AWS::EC2::FlowLog': 'VPC flow log delivery',
  'AWS::Lambda::Function': 'Lambda invocations',
  'AWS::StepFunctions::StateMachine': 'Step Functions state transitions',
  'AWS::SNS::Topic': 'SNS deliveries',
  'AWS::ECR::Repository': 'ECR image storage',
  'AWS::Backup::BackupVault': 'AWS Backup storage',
  'AWS::ECS::Cluster': 'Container Insights observations',
  'AWS::Events::Rule': 'EventBridge events',
  'AWS::Route53::RecordSet': 'Route 53 queries',
};

/** What a load balancer, a NAT gateway and a WAF web ACL charge besides their hourly or monthly price. */
const USAGE_OF_PRICED: { readonly [type: string]: string } = {
  'AWS::RDS::DBInstance': 'RDS backup storage beyond the database\'s size',
  'AWS::ElastiCache::ReplicationGroup': 'ElastiCache snapshots beyond the free one',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load balancer capacity units (LCU)',
  'AWS::EC2::NatGateway': 'NAT gateway data processing',
  'AWS::WAFv2::WebACL': 'WAF requests',
  'AWS::KMS::Key': 'KMS requests beyond the free tier',
  'AWS::SecretsManager::Secret': 'Secrets Manager API calls',
};

const usd = (value: number) => `$${value.toFixed(value < 0.1 ? 4 : 3).replace(/0+$/, '').replace(/\.$/, '')}`;

/**
 * Estimates the monthly cost of the resources of one template, at the prices of `prices`: every resource that has a
 * fixed hourly or monthly price gets a line, every other charge is named in `usageDriven`. A priced resource whose
 * size the table does not know (an instance class, a node type) fails with the key to add, never counts as free.
 */
export function estimateTemplate(stackName: string, template: CostTemplate, prices: PriceTable): StackEstimate {
  const resources = template.Resources ?? {};
  const price = (key: string, what: string): Price => priceOf(prices, key, what, stackName);
  const perMonth = (found: Price) => monthlyUsd(prices, found);
  const hours = (found: Price) => (found.unit === 'hour' ? `${prices.hoursPerMonth} h x ${usd(found.usd)}` : `${usd(found.usd)}/month`);

  const lines: CostLine[] = [];
  const usage = new Set<string>();
  const counted = new Map<string, { count: number; each: Price; detail: string }>();
  const countAlike = (item: string, each: Price, detail = '') => {
    const entry = counted.get(item) ?? { count: 0, each, detail };
    entry.count += 1;
    counted.set(item, entry);
  };

  for (const [logicalId, { Type: type, Properties: properties = {} }] of Object.entries(resources)) {
    if (type in USAGE_DRIVEN) {
      usage.add(USAGE_DRIVEN[type]);
    }
    if (type in USAGE_OF_PRICED) {
      usage.add(USAGE_OF_PRICED[type]);
    }
    switch (type) {
      case 'AWS::RDS::DBInstance': {
        const instanceClass = literal(properties.DBInstanceClass, `${logicalId}.DBInstanceClass`, stackName);
        const copies = properties.MultiAZ === true || properties.MultiAZ === 'true' ? 2 : 1;
        const instance = price(`rds:${instanceClass}`, `RDS instance class ${instanceClass}`);
        const az = copies === 2 ? 'Multi-AZ (2 instances)' : 'single-AZ';
        lines.push({ item: `RDS PostgreSQL ${instanceClass}`, detail: `${hours(instance)}, ${az}`, monthlyUsd: databaseInstanceMonthlyUsd(prices, instanceClass, copies, stackName) });
        const storageGiB = Number(properties.AllocatedStorage ?? 0);
        const storageType = properties.StorageType ?? 'gp3';
        const storage = price(`rds:${storageType}-storage`, `RDS ${storageType} storage`);
        lines.push({
          item: 'RDS storage',
          detail: `${storageGiB} GB x ${usd(storage.usd)} x ${copies}, grows with autoscaling`,
          monthlyUsd: databaseStorageMonthlyUsd(prices, storageType, storageGiB, copies, stackName),
        });
        break;
      }
      case 'AWS::ElastiCache::ReplicationGroup': {
        const nodeType = literal(properties.CacheNodeType, `${logicalId}.CacheNodeType`, stackName);
        const shards = Number(properties.NumNodeGroups ?? 1);
        const nodes = Number(properties.NumCacheClusters ?? shards * (1 + Number(properties.ReplicasPerNodeGroup ?? 0)));
        const node = price(`elasticache:${nodeType}`, `ElastiCache node type ${nodeType}`);
        const share = cacheEngineShare(prices, properties.Engine);
        const engine = properties.Engine === 'valkey' ? `Valkey (${Math.round(share * 100)}% of the Redis OSS price)` : 'Redis OSS';
        lines.push({
          item: `ElastiCache ${nodeType} x ${nodes}`,
          detail: `${hours(node)}, ${engine}`,
          monthlyUsd: cacheNodesMonthlyUsd(prices, nodeType, nodes, properties.Engine, stackName),
        });
        break;
      }
      case 'AWS::ECS::Service':
        lines.push(serviceLine(logicalId, properties, resources, prices, stackName));
        break;
      case 'AWS::KMS::Key':
        countAlike('KMS keys', price('kms:key', 'a KMS key'));
        break;
      case 'AWS::SecretsManager::Secret':
        countAlike('Secrets Manager secrets', price('secretsmanager:secret', 'a secret'));
        break;
      case 'AWS::CloudWatch::Alarm': {
        const metrics = Array.isArray(properties.Metrics) ? properties.Metrics.filter((metric: any) => metric.MetricStat).length : 1;
        const each = price('cloudwatch:alarm-metric', 'a standard-resolution alarm metric');
        for (let index = 0; index < metrics; index++) {
          countAlike('CloudWatch alarm metrics', each, 'an alarm on metric math bills each metric it reads');
        }
        break;
      }
      case 'AWS::CloudWatch::Dashboard':
        countAlike('CloudWatch dashboards', price('cloudwatch:dashboard', 'a dashboard'), 'the first three of an account are free');
        break;
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
        if ((properties.Type ?? 'application') !== 'application') {
          throw new Error(`${stackName}: ${logicalId} is a ${properties.Type} load balancer, which the cost model does not price`);
        }
        countAlike('Application load balancers', price('elb:application-load-balancer', 'an application load balancer'));
        if ((properties.Scheme ?? 'internet-facing') === 'internet-facing') {
          const zones = (properties.Subnets ?? properties.SubnetMappings ?? []).length;
          for (let index = 0; index < zones; index++) {
            countAlike('Public IPv4 addresses', price('vpc:public-ipv4', 'a public IPv4 address'), 'a load balancer has one in each zone, a NAT gateway one');
          }
        }
        break;
      }
      case 'AWS::EC2::NatGateway':
        countAlike('NAT gateways', price('vpc:nat-gateway', 'a NAT gateway'));
        if ((properties.ConnectivityType ?? 'public') === 'public') {
          countAlike('Public IPv4 addresses', price('vpc:public-ipv4', 'a public IPv4 address'), 'a load balancer has one in each zone, a NAT gateway one');
        }
        break;
      case 'AWS::EC2::VPCEndpoint':
        if (properties.VpcEndpointType === 'Interface') {
          for (const _subnet of properties.SubnetIds ?? []) {
            countAlike('Interface endpoint zones', price('vpc:interface-endpoint-az', 'an interface endpoint in one zone'));
          }
        }
        break;
      case 'AWS::WAFv2::WebACL': {
        const acl = price('waf:web-acl', 'a WAF web ACL');
        const rule = price('waf:rule', 'a WAF rule');
        const rules = (properties.Rules ?? []).length;
        lines.push({ item: 'WAF web ACL', detail: `${usd(acl.usd)} + ${rules} rules x ${usd(rule.usd)}`, monthlyUsd: acl.usd + rules * rule.usd });
        break;
      }
      case 'AWS::Budgets::Budget':
        countAlike('Budgets', price('budgets:budget', 'a budget'), 'the first two of an account are free');
        break;
      default:
        break;
    }
  }

  for (const [item, { count, each, detail }] of counted) {
    const amount = count * perMonth(each);
    lines.push({ item: `${item} x ${count}`, detail: `${count} x ${hours(each)}${detail ? `; ${detail}` : ''}`, monthlyUsd: amount });
  }
  const totalUsd = lines.reduce((sum, line) => sum + line.monthlyUsd, 0);
  return { stackName, lines, usageDriven: [...usage].sort(), totalUsd };
}

/** The monthly cost of an ECS service's minimum number of tasks, split between on-demand and Spot capacity. */
function serviceLine(logicalId: string, properties: { [key: string]: any }, resources: NonNullable<CostTemplate['Resources']>,
  prices: PriceTable, stackName: string): CostLine {
  const taskDefinitionId = properties.TaskDefinition?.Ref;
  const taskDefinition = resources[taskDefinitionId]?.Properties;
  if (!taskDefinition) {
    throw new Error(`${stackName}: the task definition of ECS service ${logicalId} is not in the stack; the cost model cannot size it`);
  }
  const vcpu = Number(taskDefinition.Cpu) / 1024;
  const gb = Number(taskDefinition.Memory) / 1024;
  const architecture = taskDefinition.RuntimePlatform?.CpuArchitecture ?? 'X86_64';
  const taskHour = fargateTaskHourUsd(prices, vcpu, gb, architecture, stackName);

  const scaling = Object.values(resources).find((resource) => resource.Type === 'AWS::ApplicationAutoScaling::ScalableTarget'
    && JSON.stringify(resource.Properties?.ResourceId ?? '').includes(`"${logicalId}"`));
  const tasks = Number(scaling?.Properties?.MinCapacity ?? properties.DesiredCount ?? 1);
  const { onDemand, spot } = splitByCapacity(tasks, properties.CapacityProviderStrategy);
  const servicesMonthlyUsd = fargateTasksMonthlyUsd(prices, taskHour, onDemand, spot);
  const name = typeof properties.ServiceName === 'string' ? properties.ServiceName : logicalId;
  const capacity = [onDemand > 0 ? `${onDemand} on demand` : '', spot > 0 ? `${spot} on Spot (${Math.round(prices.fargateSpotShareOfOnDemand * 100)}% of on demand)` : '']
    .filter(Boolean).join(', ');
  return {
    item: `Fargate ${name}`,
    detail: `${tasks} task${tasks === 1 ? '' : 's'} of ${vcpu} vCPU / ${gb} GB ${architecture} at the minimum: ${capacity}`,
    monthlyUsd: servicesMonthlyUsd,
  };
}

/** A service's `CapacityProviderStrategy`, as CloudFormation writes it. */
export type CapacityProviderStrategy = Array<{ CapacityProvider: string; Base?: number; Weight?: number }>;

/**
 * How ECS places `tasks` tasks on a capacity provider strategy: each provider's base first, the rest by weight.
 * Fractions are kept: an estimate of a steady state, not of one placement.
 */
export function splitByCapacity(tasks: number, strategy?: CapacityProviderStrategy): { onDemand: number; spot: number } {
  if (!strategy || strategy.length === 0) {
    return { onDemand: tasks, spot: 0 };
  }
  const isSpot = (provider: string) => provider === 'FARGATE_SPOT';
  let remaining = tasks;
  let onDemand = 0;
  let spot = 0;
  for (const entry of strategy) {
    const base = Math.min(entry.Base ?? 0, remaining);
    remaining -= base;
    if (isSpot(entry.CapacityProvider)) {
      spot += base;
    } else {
      onDemand += base;
    }
  }
  const totalWeight = strategy.reduce((sum, entry) => sum + (entry.Weight ?? 0), 0);
  for (const entry of strategy) {
    const share = totalWeight === 0 ? 0 : remaining * (entry.Weight ?? 0) / totalWeight;
    if (isSpot(entry.CapacityProvider)) {
      spot += share;
    } else {
      onDemand += share;
    }
  }
  return { onDemand, spot };
}

function literal(value: unknown, where: string, stackName: string): string {
  if (typeof value !== 'string') {
    throw new Error(`${stackName}: ${where} is not a literal (${JSON.stringify(value)}); the cost model prices only sizes known at synthesis`);
  }
  return value;
}
