import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ServiceRole, TenantNames } from '../naming';

/** What operators and CI read from a tenant's stack. */
export interface TenantOperatorOutputsProps {
  readonly names: TenantNames;
  /** `<tenantId>.<domainName>`. */
  readonly hostName: string;
  /** DNS name of the load balancer that serves the tenant, where its host names must point. */
  readonly loadBalancerDnsName: string;
  /** @default - no dashboard, no output */
  readonly dashboardName?: string;
}

const SERVICE_ROLES: ReadonlyArray<[ServiceRole, string]> = [['django', 'Django'], ['celery', 'Celery'], ['beat', 'Beat']];

/**
 * The stack outputs an operator (or a workflow) needs to reach and run a tenant, each with a readable, stable key that
 * ends in the tenant id in PascalCase, like the migration command's `MigrateCommand<TenantId>`: `TenantUrlDemo`,
 * `LoadBalancerDnsNameDemo`, `ClusterDemo`, `DjangoServiceDemo`, `CeleryServiceDemo`, `BeatServiceDemo`, `DjangoLogGroupDemo`, ...,
 * `MigrateLogGroupDemo` and `DashboardUrlDemo`.
 */
export class TenantOperatorOutputs extends Construct {
  /** The output keys, by what they hold. */
  public readonly outputKeys: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: TenantOperatorOutputsProps) {
    super(scope, id);
    const { names } = props;
    const suffix = outputSuffix(names.tenantId);
    const output = (key: string, value: string, description: string) => {
      new CfnOutput(this, key, { value, description }).overrideLogicalId(`${key}${suffix}`);
      this.outputKeys[key] = `${key}${suffix}`;
    };

    output('TenantUrl', `https://${props.hostName}`, `Where tenant ${names.tenantId} is served`);
    output('LoadBalancerDnsName', props.loadBalancerDnsName,
      `Load balancer of tenant ${names.tenantId}: the DNS target (alias or CNAME) of its host names`);
    output('Cluster', names.environmentNames.cluster, `ECS cluster of tenant ${names.tenantId}'s services`);
    for (const [role, label] of SERVICE_ROLES) {
      output(`${label}Service`, names.service(role), `ECS service of tenant ${names.tenantId}'s ${label}`);
    }
    for (const [role, label] of [...SERVICE_ROLES, ['migrate', 'Migrate'] as const]) {
      output(`${label}LogGroup`, names.logGroup(role), `Log group of tenant ${names.tenantId}'s ${role} containers (aws logs tail <name> --follow)`);
    }
    if (props.dashboardName !== undefined) {
      const region = Stack.of(this).region;
      output('DashboardUrl', `https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${props.dashboardName}`,
        `CloudWatch dashboard of tenant ${names.tenantId}`);
    }
  }
}

/** `demo` -> `Demo`, `acme-eu` -> `AcmeEu`: the tenant's suffix of output keys, as in `MigrateCommand<TenantId>`. */
export function outputSuffix(tenantId: string): string {
  return tenantId.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}
