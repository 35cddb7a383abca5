import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct, type IConstruct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import type { ServiceRole, TenantNames } from '../../naming';
import { acknowledgeFinding, acknowledgeFindings, COMPLIANCE_PACKS } from '../../security/acknowledge-findings';
import { allowLogGroupsToUseKey } from '../../security/key-policies';
import type { TenantTier } from '../../tiers';

/** The services whose containers receive the database password, so they must restart when it changes. */
export const ROLLED_OUT_ROLES: readonly ServiceRole[] = ['django', 'celery', 'beat'];

/**
 * Secrets Manager's native EventBridge event for a staging label that moved to a new version of a secret. It is sent
 * to the default event bus of the secret's account and region for every secret, without a CloudTrail trail, for
 * every label except AWSPENDING and AWSPREVIOUS; `resources` holds the secret's ARN.
 */
export const SECRET_LABEL_UPDATED = 'Secret Label Updated';

/** The label a rotation's last step (finishSecret) moves to the new password; ECS resolves secrets at this label. */
export const CURRENT_LABEL = 'AWSCURRENT';

/**
 * ECS errors meaning the service is not there (yet): it starts its tasks later, and they read the current password
 * then, so there is nothing to roll out.
 */
export const NOTHING_TO_ROLL_OUT_ERRORS = ['Ecs.ServiceNotFoundException', 'Ecs.ServiceNotActiveException'];

/**
 * The names of the rollout's resources. The longest tenant stem the naming checks allow is 32 characters (the target
 * group's limit), so these always fit: 80 characters for a state machine, 512 for a log group.
 */
export function rolloutOnRotationNames(names: TenantNames) {
  return {
    stateMachine: `${names.stem}-rollout-on-rotation`,
    // Step Functions adds every log group it delivers to to one account-wide CloudWatch Logs resource policy of at
    // most 5120 characters, unless the group's name starts with /aws/vendedlogs/: the prefix lets an environment
    // hold many tenants.
    logGroup: `/aws/vendedlogs/states/${names.stem}-rollout-on-rotation`,
  };
}

/** What the rollout needs to watch the database secret and restart the services. */
export interface RolloutOnRotationProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  readonly tier: TenantTier;
  /** The database's master secret, which single-user rotation changes every 30 days. */
  readonly secret: secretsmanager.ISecret;
  /** Encrypts the rollout's log group: the tenant's key. */
  readonly key: kms.IKey;
}

/**
 * Rolls out the tenant's Django, Celery worker and Celery Beat services whenever the database password changes.
 *
 * ECS resolves secrets only when a task starts, and single-user rotation changes the password of the one user every
 * task connects as, so after a rotation running tasks can no longer open database connections. When the rotation
 * moves AWSCURRENT to the new password, Secrets Manager's native `Secret Label Updated` event starts a state machine
 * that forces a new deployment of the three services (`ecs:UpdateService` with `forceNewDeployment`); their new
 * tasks read the new password, and each service replaces its tasks as its deployment settings allow. The same happens
 * when someone puts a new value into the secret by hand. No Lambda function is involved.
 *
 * Services are addressed by name, not by reference, so the rule and state machine do not wait for the services in the
 * tenant's first deployment, where the database's first rotation runs as soon as its schedule exists. A service that
 * does not exist yet when the password changes is skipped: its tasks read the current password when they start.
 */
export class RolloutOnRotation extends Construct {
  public readonly rule: events.Rule;
  public readonly stateMachine: sfn.StateMachine;
  public readonly logGroup: logs.LogGroup;
  /** The role EventBridge assumes to start the state machine. */
  public readonly ruleRole: iam.Role;

  constructor(scope: Construct, id: string, props: RolloutOnRotationProps) {
    super(scope, id);
    const { base, names } = props;
    const resourceNames = rolloutOnRotationNames(names);
    const cluster = base.cluster.clusterName;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: resourceNames.logGroup,
      encryptionKey: props.key,
      retention: props.tier.config.logRetention,
      // Operational records, like the services' logs: they go with the tenant's stack so the tenant can be onboarded
      // again under the same id.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A tenant's own key allows only the tenant's log groups, so it is extended by exactly this group; the
    // environment's key (tenants with `dedicatedKey: false`) already allows every log group of the account, and its
    // policy lives in the base's stack (adding to an imported key changes nothing).
    allowLogGroupsToUseKey(props.key, 'AllowRolloutOnRotationLogGroup', [resourceNames.logGroup]);

    const rollouts = new sfn.Parallel(this, 'RollOutServices', {
      comment: `Force a new deployment of every service of tenant ${names.tenantId}, so that new tasks read the new database password`,
      // Only the services' new deployments matter downstream; the ECS responses stay in the execution history.
      resultPath: sfn.JsonPath.DISCARD,
    });
    for (const role of ROLLED_OUT_ROLES) {
      rollouts.branch(this.forceNewDeployment(role, cluster, names.service(role)));
    }

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: resourceNames.stateMachine,
      comment: `Rolls out the services of tenant ${names.tenantId} (${names.stem}) after its database password changed`,
      definitionBody: sfn.DefinitionBody.fromChainable(rollouts),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: Duration.minutes(15),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });

    // The target grants this role states:StartExecution on this state machine, and nothing else.
    this.ruleRole = new iam.Role(this, 'RuleRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `Lets EventBridge start the rollout of tenant ${names.tenantId} after its database password changed`,
    });
    this.rule = new events.Rule(this, 'Rule', {
      description: `Rolls out the services of tenant ${names.tenantId} when its database password changes`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: [SECRET_LABEL_UPDATED],
        resources: [props.secret.secretArn],
        detail: { labelUpdated: [CURRENT_LABEL] },
      },
      // EventBridge's default retry policy keeps trying for 24 hours: a late rollout still repairs the services.
      targets: [new targets.SfnStateMachine(this.stateMachine, { role: this.ruleRole })],
    });

    this.acknowledgeIntendedFindings();
  }

  /**
   * `ecs:UpdateService` with `forceNewDeployment` for one service, retried with backoff on transient errors (several
   * tenants' rotations may fall into the same window), and skipped when the service does not exist (yet).
   */
  private forceNewDeployment(role: ServiceRole, cluster: string, serviceName: string): sfn.IChainable {
    const serviceArn = Stack.of(this).formatArn({
      service: 'ecs',
      resource: 'service',
      resourceName: `${cluster}/${serviceName}`,
    });
    const capitalized = role.charAt(0).toUpperCase() + role.slice(1);
    const update = new tasks.CallAwsService(this, `ForceNewDeployment${capitalized}`, {
      comment: `Replace the tasks of ${serviceName}`,
      service: 'ecs',
      action: 'updateService',
      iamAction: 'ecs:UpdateService',
      iamResources: [serviceArn],
      parameters: { Cluster: cluster, Service: serviceName, ForceNewDeployment: true },
      resultSelector: { 'ServiceArn.$': '$.Service.ServiceArn', 'TaskDefinition.$': '$.Service.TaskDefinition' },
    });
    // Retriers apply in order and the first that matches decides, so a missing service is never retried...
    update.addRetry({ errors: NOTHING_TO_ROLL_OUT_ERRORS, maxAttempts: 0 });
    update.addRetry({
      errors: [sfn.Errors.TASKS_FAILED],
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 5,
      jitterStrategy: sfn.JitterType.FULL,
    });
    // ...but caught, and the branch succeeds.
    update.addCatch(new sfn.Pass(this, `Skip${capitalized}`, {
      comment: `${serviceName} does not run yet; its tasks will read the current password when they start`,
    }), { errors: NOTHING_TO_ROLL_OUT_ERRORS, resultPath: sfn.JsonPath.DISCARD });
    return update;
  }

  private acknowledgeIntendedFindings(): void {
    const stateMachinePolicy = this.stateMachine.role.node.findChild('DefaultPolicy');
    acknowledgeFindings(stateMachinePolicy, ['AwsSolutions-IAM5[Resource::*]'],
      'The only wildcard resources are the ones AWS requires: the CloudWatch Logs log-delivery actions Step Functions needs to deliver execution logs (logs:CreateLogDelivery, logs:PutResourcePolicy and the like) and the X-Ray tracing actions support no resource-level permissions. The only other permission is ecs:UpdateService on the three named services of this tenant.');
    const inlinePolicies: Array<[IConstruct, string]> = [
      [stateMachinePolicy, 'The state machine role\'s permissions are the policy CDK attaches to this one role: ecs:UpdateService on the three named services of this tenant, plus the log-delivery and X-Ray actions Step Functions needs for logging and tracing; a separate managed policy would only add a document that could be attached elsewhere.'],
      [this.ruleRole.node.findChild('DefaultPolicy'), 'The EventBridge role\'s only permission is states:StartExecution on this tenant\'s rollout state machine, in the policy CDK attaches to this one role; a separate managed policy would only add a document that could be attached elsewhere.'],
    ];
    for (const [policy, reason] of inlinePolicies) {
      acknowledgeFinding(policy, COMPLIANCE_PACKS, 'IAMNoInlinePolicy', reason);
    }
  }
}
