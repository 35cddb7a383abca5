import type { CloudModel, ModelResource } from './cloud-model';
import { EXAMPLE } from './example-environment';

/** A policy document with the name the proofs report it by (`<stack>/<logical id>[/<inline name>]`). */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: { Version?: string; Statement: any[] };
}

/** An IAM role of the model with every identity policy attached to it. */
export interface ModelRole {
  readonly resource: ModelResource;
  readonly arn: string;
  readonly trustPolicy: NamedPolicy;
  /** Inline policies, `AWS::IAM::Policy` and customer managed policies of the templates. */
  readonly identityPolicies: NamedPolicy[];
  /** ARNs of AWS managed policies: their documents are not in the templates. */
  readonly awsManagedPolicyArns: string[];
}

/** Where each resource type keeps its resource policy, and which resource ARNs the policy governs. */
const RESOURCE_POLICIES: Array<{ type: string; document: (props: any) => unknown; governs: (resource: ModelResource) => string[] }> = [
  { type: 'AWS::SNS::TopicPolicy', document: (props) => props.PolicyDocument, governs: (r) => r.props.Topics },
  { type: 'AWS::S3::BucketPolicy', document: (props) => props.PolicyDocument, governs: (r) => [`arn:${EXAMPLE.partition}:s3:::${r.props.Bucket}`] },
  { type: 'AWS::KMS::Key', document: (props) => props.KeyPolicy, governs: (r) => [r.physical.attributes.Arn as string] },
  { type: 'AWS::SecretsManager::ResourcePolicy', document: (props) => props.ResourcePolicy, governs: (r) => [r.props.SecretId] },
  { type: 'AWS::EFS::FileSystem', document: (props) => props.FileSystemPolicy, governs: (r) => [r.physical.attributes.Arn as string] },
  { type: 'AWS::ECR::Repository', document: (props) => props.RepositoryPolicyText, governs: (r) => [r.physical.attributes.Arn as string] },
  { type: 'AWS::Backup::BackupVault', document: (props) => props.AccessPolicy, governs: (r) => [r.physical.attributes.BackupVaultArn as string] },
  { type: 'AWS::IAM::Role', document: (props) => props.AssumeRolePolicyDocument, governs: (r) => [r.physical.attributes.Arn as string] },
  { type: 'AWS::Logs::ResourcePolicy', document: (props) => JSON.parse(props.PolicyDocument), governs: () => [`arn:${EXAMPLE.partition}:logs:${EXAMPLE.region}:${EXAMPLE.account}:log-group:*`] },
];

/**
 * Every identity and resource policy of a model, found the way AWS finds them: a role's policies by attachment, a
 * resource's policy by the resource it governs (an object by its bucket, a log stream by its log group).
 */
export class PolicyIndex {
  public readonly roles: ModelRole[];
  private readonly resourcePolicies: Array<{ arn: string; policy: NamedPolicy }>;

  constructor(public readonly model: CloudModel) {
    const resources = model.resources();
    this.resourcePolicies = RESOURCE_POLICIES.flatMap(({ type, document, governs }) => resources
      .filter((resource) => resource.type === type && document(resource.props) !== undefined)
      .flatMap((resource) => governs(resource).map((arn) => ({
        arn,
        policy: { name: `${resource.stackName}/${resource.logicalId}`, policy: document(resource.props) as NamedPolicy['policy'] },
      }))));
    this.roles = resources.filter((resource) => resource.type === 'AWS::IAM::Role').map((role) => this.describeRole(role, resources));
  }

  /** The role with this ARN, if the templates create it. */
  public roleByArn(arn: string): ModelRole | undefined {
    return this.roles.find((role) => role.arn === arn);
  }

  /**
   * The role of stack `stackName` whose logical id is `logicalIdPrefix` followed by CDK's 8-character hash, so that a
   * proof names the construct, not a hash copied from a template.
   */
  public role(stackName: string, logicalIdPrefix: string): ModelRole {
    const matches = this.roles.filter((role) => role.resource.stackName === stackName && hasPrefix(role.resource.logicalId, logicalIdPrefix));
    if (matches.length !== 1) {
      throw new Error(`expected one role ${logicalIdPrefix} in ${stackName}, found ${matches.length}`);
    }
    return matches[0];
  }

  /**
   * The resource policy that governs `arn`: a bucket's for its objects, a log group's account-wide policies for its
   * streams; undefined if there is none.
   */
  public resourcePolicyFor(arn: string): NamedPolicy | undefined {
    const governing = this.resourcePolicies.filter(({ arn: governed }) => appliesTo(governed, arn));
    if (governing.length === 0) {
      return undefined;
    }
    return {
      name: governing.map(({ policy }) => policy.name).join(' + '),
      policy: { Version: '2012-10-17', Statement: governing.flatMap(({ policy }) => [policy.policy.Statement].flat()) },
    };
  }

  private describeRole(role: ModelResource, resources: ModelResource[]): ModelRole {
    const arn = role.physical.attributes.Arn as string;
    const name = `${role.stackName}/${role.logicalId}`;
    const managedArns: string[] = role.props.ManagedPolicyArns ?? [];
    const attached = (resource: ModelResource) => (resource.props.Roles ?? []).includes(role.physical.ref);
    const customerManaged = resources.filter((resource) => resource.type === 'AWS::IAM::ManagedPolicy'
      && (attached(resource) || managedArns.includes(resource.physical.ref as string)));
    return {
      resource: role,
      arn,
      trustPolicy: { name: `${name} (trust policy)`, policy: role.props.AssumeRolePolicyDocument },
      identityPolicies: [
        ...(role.props.Policies ?? []).map((inline: any) => ({ name: `${name}/${inline.PolicyName}`, policy: inline.PolicyDocument })),
        ...resources.filter((resource) => resource.type === 'AWS::IAM::Policy' && attached(resource))
          .map((policy) => ({ name: `${policy.stackName}/${policy.logicalId}`, policy: policy.props.PolicyDocument })),
        ...customerManaged.map((policy) => ({ name: `${policy.stackName}/${policy.logicalId}`, policy: policy.props.PolicyDocument })),
      ],
      awsManagedPolicyArns: managedArns.filter((managed) => managed.includes(':iam::aws:policy/')),
    };
  }
}

/** Whether `logicalId` is `prefix` plus CDK's hash (8 upper-case hexadecimal characters). */
export function hasPrefix(logicalId: string, prefix: string): boolean {
  return logicalId.startsWith(prefix) && /^[0-9A-F]{8}$/.test(logicalId.slice(prefix.length));
}

/** Whether the policy of resource `governed` applies to a request on `arn`. */
function appliesTo(governed: string, arn: string): boolean {
  if (governed.endsWith(':*')) {
    return arn.startsWith(governed.slice(0, -1));
  }
  if (governed.startsWith('arn:aws:s3:::')) {
    return arn === governed || arn.startsWith(`${governed}/`);
  }
  return arn === governed;
}
