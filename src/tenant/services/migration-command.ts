import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';

/** Where operators and CI run the migration task. */
export interface MigrationCommandProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
}

/**
 * The exact `aws ecs run-task` command that runs the tenant's migration task (`<stem>-migrate`, its latest revision)
 * in the services' private subnets and security group, published as the stack output `MigrateCommand<TenantId>`.
 */
export class MigrationCommand extends Construct {
  /** The private subnets the services and the migration task run in. */
  public readonly subnetIds: string[];
  /** The command, with cluster, subnets and security group filled in at deploy time. */
  public readonly command: string;
  public readonly output: CfnOutput;

  constructor(scope: Construct, id: string, props: MigrationCommandProps) {
    super(scope, id);

    this.subnetIds = props.base.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    const networkConfiguration = `awsvpcConfiguration={subnets=[${Fn.join(',', this.subnetIds)}],securityGroups=[${props.serviceSecurityGroup.securityGroupId}],assignPublicIp=DISABLED}`;
    this.command = [
      'aws ecs run-task',
      `--cluster ${props.base.cluster.clusterName}`,
      `--task-definition ${props.names.migrateFamily}`,
      '--launch-type FARGATE',
      `--network-configuration '${networkConfiguration}'`,
    ].join(' ');

    this.output = new CfnOutput(this, 'MigrateCommand', {
      description: `Runs the database migrations of tenant ${props.names.tenantId} (${props.names.stem}) once`,
      value: this.command,
    });
    // A readable, stable key for CI: `Outputs[?OutputKey=='MigrateCommandDemo']`.
    this.output.overrideLogicalId(`MigrateCommand${pascalCase(props.names.tenantId)}`);
  }
}

function pascalCase(label: string): string {
  return label.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}
