import * as fs from 'fs';
import * as path from 'path';
import { CHECKED_APPS, checkedApp } from './security-apps';
import { INTENDED_WILDCARDS } from '../../src/security/intended-wildcards';

/** One statement of a policy in a synthesized template, and where it is. */
interface FoundStatement {
  readonly where: string;
  readonly statement: { [key: string]: any };
}

/**
 * The statements that may have Resource '*', each because AWS authorizes its actions on no narrower resource, with the
 * reason (`INTENDED_WILDCARDS`, which also acknowledges them for cdk-nag on the tenant's roles).
 */
const STAR_RESOURCE_STATEMENTS = INTENDED_WILDCARDS.filter((entry) => entry.resource.test('*'));

const IDENTITY_POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'];
const RESOURCE_POLICY_PROPERTIES: { [type: string]: string } = {
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::Backup::BackupVault': 'AccessPolicy',
  'AWS::EFS::FileSystem': 'FileSystemPolicy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
};

function statementsOf(document: { Statement?: unknown } | undefined, where: string): FoundStatement[] {
  return [document?.Statement ?? []].flat().map((statement) => ({ where, statement: statement as { [key: string]: any } }));
}

/** Every statement of the identity policies (attached, managed and inline) and of the resource policies of `files`. */
function policies(files: string[]): { identity: FoundStatement[]; resource: FoundStatement[] } {
  const identity: FoundStatement[] = [];
  const resource: FoundStatement[] = [];
  for (const file of files) {
    const resources = JSON.parse(fs.readFileSync(file, 'utf8')).Resources as { [id: string]: any };
    for (const [id, { Type: type, Properties: properties = {} }] of Object.entries(resources)) {
      const where = `${path.basename(file, '.template.json')}/${id}`;
      if (IDENTITY_POLICY_TYPES.includes(type)) {
        identity.push(...statementsOf(properties.PolicyDocument, where));
      }
      for (const inline of ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(type) ? properties.Policies ?? [] : []) {
        identity.push(...statementsOf(inline.PolicyDocument, `${where}/${inline.PolicyName}`));
      }
      if (type in RESOURCE_POLICY_PROPERTIES) {
        resource.push(...statementsOf(properties[RESOURCE_POLICY_PROPERTIES[type]], where));
      }
    }
  }
  return { identity, resource };
}

const list = (value: unknown): unknown[] => [value ?? []].flat();
const allows = ({ statement }: FoundStatement) => statement.Effect === 'Allow';
const describeStatement = ({ where, statement }: FoundStatement) => `${where}: ${JSON.stringify(statement.Action)} on ${JSON.stringify(statement.Resource)}`;

describe.each(CHECKED_APPS)('least privilege in $name', ({ name }) => {
  const { identity, resource } = policies(checkedApp(name).templateFiles);

  test('there are identity policies to check', () => {
    expect(identity.filter(allows).length).toBeGreaterThan(10);
  });

  test('no identity policy allows a wildcard action (no *, no service:*, no prefix*), nor uses NotAction or NotResource', () => {
    const wildcards = identity.filter(allows)
      .filter(({ statement }) => list(statement.Action).some((action) => String(action).includes('*')) || statement.NotAction || statement.NotResource);
    expect(wildcards.map(describeStatement)).toEqual([]);
  });

  test('Resource \'*\' appears only in statements whose every action AWS authorizes on no narrower resource', () => {
    const unexplained = identity.filter(allows)
      .filter(({ statement }) => list(statement.Resource).includes('*'))
      .filter(({ statement }) => !STAR_RESOURCE_STATEMENTS.some((allowed) =>
        list(statement.Action).every((action) => allowed.actions.includes(action as string))));
    expect(unexplained.map(describeStatement)).toEqual([]);
  });

  test('roles are passed only by name, and only to the service that runs them', () => {
    const passRole = identity.filter(allows).filter(({ statement }) => list(statement.Action).includes('iam:PassRole'));
    for (const found of passRole) {
      expect(list(found.statement.Resource)).not.toContain('*');
      expect(found.statement.Condition?.StringEquals?.['iam:PassedToService']).toMatch(/^[a-z-]+\.amazonaws\.com$/);
    }
  });

  test('resource policies allow wildcard actions only to the own account, in key policies: what it may do is up to IAM policies', () => {
    const wildcards = resource.filter(allows).filter(({ statement }) => list(statement.Action).some((action) => String(action).includes('*')));
    const elsewhere = wildcards.filter(({ statement }) => !list(statement.Action).every((action) => String(action).startsWith('kms:'))
      || !/:iam::(\d{12}|",\{"Ref":"AWS::AccountId"\},"):root"/.test(JSON.stringify(statement.Principal?.AWS)));
    expect(elsewhere.map(describeStatement)).toEqual([]);
  });
});

describe('the reasons for Resource \'*\'', () => {
  test.each(STAR_RESOURCE_STATEMENTS.map((entry) => [entry.actions.join(', '), entry]))('%s: explained', (_actions, entry) => {
    expect(entry.reason).toMatch(/^[A-Z].{60,}\.$/s);
  });
});
