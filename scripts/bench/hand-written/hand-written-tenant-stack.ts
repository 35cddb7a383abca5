/** One tenant of the hand-written benchmark app: its data, services and monitoring, in a stack of its own. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import type { HandWrittenBaseStack } from './hand-written-base-stack';
import { HandWrittenData } from './hand-written-data';
import { HandWrittenMonitoring } from './hand-written-monitoring';
import { HandWrittenServices } from './hand-written-services';
import type { HandWrittenTier } from './hand-written-tiers';

export interface HandWrittenTenantStackProps extends StackProps {
  readonly base: HandWrittenBaseStack;
  /** `mate-<tenant>-<env>`, the stem of every name. */
  readonly stem: string;
  readonly hostName: string;
  readonly tier: HandWrittenTier;
  readonly image: (stack: Stack) => ecs.ContainerImage;
  readonly listener: elbv2.IApplicationListener;
  readonly listenerRulePriority: number;
}

export class HandWrittenTenantStack extends Stack {
  constructor(scope: Construct, id: string, props: HandWrittenTenantStackProps) {
    super(scope, id, props);
    const { base, stem, tier } = props;

    const serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', { vpc: base.vpc });
    const data = new HandWrittenData(this, 'Data', { base, stem, tier, serviceSecurityGroup });
    const services = new HandWrittenServices(this, 'Services', {
      base,
      stem,
      hostName: props.hostName,
      tier,
      image: props.image(this),
      data,
      serviceSecurityGroup,
      listener: props.listener,
      listenerRulePriority: props.listenerRulePriority,
    });
    new HandWrittenMonitoring(this, 'Monitoring', {
      stem,
      alarmTopic: base.alarmTopic,
      data,
      targetGroup: services.targetGroup,
      services: services.services,
    });
  }
}
