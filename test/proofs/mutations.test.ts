import { INTERACTIONS } from './interactions';
import { hasPrefix } from './policy-index';
import { PROOF_APPS, SYNTHESIS_TIMEOUT_MS, indexOf, synthesizeTemplates, type Templates } from './proof-apps';
import { proveCatalogue } from './prove-interactions';

/** A decisive statement of the synthesized templates, and the catalogue entry that must fail without it. */
interface Mutation {
  readonly name: string;
  readonly entry: string;
  readonly stack: 'base' | 'tenant';
  readonly type: string;
  readonly logicalIdPrefix: string;
  readonly document: (properties: any) => { Statement: any[] };
  readonly statement: (statement: any) => boolean;
}

const MUTATIONS: Mutation[] = [
  {
    name: 'the alarm topic\'s statement for CloudWatch',
    entry: 'alarm-publishes-to-topic',
    stack: 'base',
    type: 'AWS::SNS::TopicPolicy',
    logicalIdPrefix: 'BaseAlarmTopicPolicy',
    document: (properties) => properties.PolicyDocument,
    statement: (statement) => statement.Sid === 'AllowCloudWatchAlarmsOfThisAccount',
  },
  {
    name: 'the environment key\'s statement for CloudWatch alarms',
    entry: 'alarm-publishes-to-topic',
    stack: 'base',
    type: 'AWS::KMS::Key',
    logicalIdPrefix: 'BaseKey',
    document: (properties) => properties.KeyPolicy,
    statement: (statement) => statement.Sid === 'AllowCloudWatchAlarmsOfThisAccount',
  },
  {
    name: 'the execution role\'s grant of one secret',
    entry: 'execution-role-reads-secrets',
    stack: 'tenant',
    type: 'AWS::IAM::ManagedPolicy',
    logicalIdPrefix: 'TenantServicesExecutionRolePermissions',
    document: (properties) => properties.PolicyDocument,
    statement: (statement) => JSON.stringify(statement.Resource).includes('TenantDataCacheAuthToken'),
  },
  {
    name: 'the execution role\'s grant of one log group',
    entry: 'execution-role-writes-logs',
    stack: 'tenant',
    type: 'AWS::IAM::ManagedPolicy',
    logicalIdPrefix: 'TenantServicesExecutionRolePermissions',
    document: (properties) => properties.PolicyDocument,
    statement: (statement) => JSON.stringify(statement.Resource).includes('TenantServicesBeatTaskLogs'),
  },
  {
    name: 'the data bucket\'s TLS deny',
    entry: 'deny-without-tls',
    stack: 'tenant',
    type: 'AWS::S3::BucketPolicy',
    logicalIdPrefix: 'TenantDataStorageDataPolicy',
    document: (properties) => properties.PolicyDocument,
    statement: (statement) => JSON.stringify(statement.Condition ?? {}).includes('aws:SecureTransport'),
  },
  {
    name: 'the file system\'s access-point deny',
    entry: 'deny-file-system-outside-access-point',
    stack: 'tenant',
    type: 'AWS::EFS::FileSystem',
    logicalIdPrefix: 'TenantDataMediaFileSystem',
    document: (properties) => properties.FileSystemPolicy,
    statement: (statement) => statement.Sid === 'DenyOutsideAccessPoint',
  },
  {
    name: 'the tenant key\'s deny of grants to arbitrary principals',
    entry: 'deny-grants-for-non-aws-resources',
    stack: 'tenant',
    type: 'AWS::KMS::Key',
    logicalIdPrefix: 'TenantDataKey',
    document: (properties) => properties.KeyPolicy,
    statement: (statement) => statement.Sid === 'DenyGrantsExceptForAwsServices',
  },
];

/** The templates without the statements `mutation` names; throws unless exactly one resource lost at least one. */
function withoutStatement(templates: Templates, mutation: Mutation): Templates {
  const mutated = structuredClone(templates);
  const stacks = mutated.filter(({ template }) => Object.values(template.Resources)
    .some((resource) => resource.Type === (mutation.stack === 'base' ? 'AWS::ECS::Cluster' : 'AWS::ECS::Service')));
  const targets = stacks.slice(0, 1).flatMap(({ template }) => Object.entries(template.Resources)
    .filter(([logicalId, resource]) => resource.Type === mutation.type && hasPrefix(logicalId, mutation.logicalIdPrefix)));
  expect(targets).toHaveLength(1);
  const document = mutation.document(targets[0][1].Properties);
  const before = document.Statement.length;
  document.Statement = document.Statement.filter((statement) => !mutation.statement(statement));
  expect(document.Statement.length).toBeLessThan(before);
  return mutated;
}

describe('mutation proofs: without a decisive statement the catalogue fails', () => {
  const app = PROOF_APPS.find(({ name }) => name === 'the two-tenant app')!;
  let templates: Templates;

  beforeAll(() => {
    templates = synthesizeTemplates(app);
  }, SYNTHESIS_TIMEOUT_MS);

  test.each(MUTATIONS)('removing $name fails $entry', async (mutation) => {
    const entry = INTERACTIONS.filter(({ id }) => id === mutation.entry);
    expect(entry).toHaveLength(1);

    const intact = await proveCatalogue(indexOf(templates), entry);
    const mutated = await proveCatalogue(indexOf(withoutStatement(templates, mutation)), entry);

    expect(intact.proofs.length).toBeGreaterThan(0);
    expect(intact.proofs.every((proof) => proof.proven)).toBe(true);
    const failed = mutated.proofs.filter((proof) => !proof.proven);
    expect(failed.length).toBeGreaterThan(0);
    // A failed proof is a verdict of the engine against the expectation, never an error of the harness.
    expect(failed.every((proof) => proof.verdict.result !== 'error')).toBe(true);
  }, SYNTHESIS_TIMEOUT_MS);
});
