import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { CostTemplate } from '../../src/cost/estimate-template';
import { IMAGE } from '../fixtures';

/**
 * The seed's tenant set up the naive way, as issue 18 prices it: one db.t4g.micro with 20 GB, one cache.t4g.micro
 * Redis node, Django, worker and Beat as one 0.25 vCPU / 0.5 GB x86 task each on demand, and two secrets (the
 * database's credentials and Django's key). The shared network and cluster are in a stack of their own, so that the
 * tenant's stack holds exactly what a tenant costs.
 */
export function naiveTenantTemplate(): CostTemplate {
  const app = new App();
  const shared = new Stack(app, 'Shared');
  const vpc = new ec2.Vpc(shared, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(shared, 'Cluster', { vpc });

  const tenant = new Stack(app, 'NaiveTenant');
  new rds.DatabaseInstance(tenant, 'Database', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
    instanceType: new ec2.InstanceType('t4g.micro'),
    allocatedStorage: 20,
    storageType: rds.StorageType.GP3,
    vpc,
    credentials: rds.Credentials.fromGeneratedSecret('mate'),
  });
  new elasticache.CfnReplicationGroup(tenant, 'Cache', {
    replicationGroupDescription: 'naive cache',
    engine: 'redis',
    cacheNodeType: 'cache.t4g.micro',
    numCacheClusters: 1,
  });
  new secretsmanager.Secret(tenant, 'DjangoSecretKey');
  for (const name of ['django', 'celery', 'beat']) {
    const taskDefinition = new ecs.FargateTaskDefinition(tenant, `${name}Task`, { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer(name, { image: ecs.ContainerImage.fromRegistry(IMAGE) });
    new ecs.FargateService(tenant, `${name}Service`, { cluster, taskDefinition, desiredCount: 1, serviceName: `naive-${name}` });
  }
  return app.synth().getStackByName('NaiveTenant').template;
}
