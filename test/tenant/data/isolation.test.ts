import type { CfnElement } from 'aws-cdk-lib';
import { addTenant, createApp, type TenantFixture, collect, referencedIds } from '../../fixtures';

/** Tenants `alpha` and `bravo` on one environment, each in its own stack. */
function twoTenants(): { alpha: TenantFixture; bravo: TenantFixture } {
  const environment = createApp();
  return { alpha: addTenant(environment, 'alpha'), bravo: addTenant(environment, 'bravo') };
}

const DATA_GROUP_DESCRIPTION = /^(PostgreSQL|Valkey|EFS) of tenant /;

describe('isolation of two tenants on one environment', () => {
  test('neither template names or references the other tenant', () => {
    const { alpha, bravo } = twoTenants();
    const alphaJson = JSON.stringify(alpha.template.toJSON());
    const bravoJson = JSON.stringify(bravo.template.toJSON());
    expect(alphaJson).toContain('mate-alpha-dev');
    expect(alphaJson).not.toContain('bravo');
    expect(bravoJson).not.toContain('alpha');
    for (const template of [alpha.template, bravo.template]) {
      expect(collect(template.toJSON(), (_node, key) => key === 'Fn::ImportValue')).toEqual([]);
    }
  });

  test.each(['alpha', 'bravo'])('the data stores of %s accept only its own security groups, never a CIDR', (tenantId) => {
    const fixture = twoTenants()[tenantId as 'alpha' | 'bravo'];
    const resources = fixture.template.toJSON().Resources as { [id: string]: any };
    const dataGroups = Object.keys(fixture.template.findResources('AWS::EC2::SecurityGroup'))
      .filter((id) => DATA_GROUP_DESCRIPTION.test(resources[id].Properties.GroupDescription));
    expect(dataGroups).toHaveLength(3);

    for (const groupId of dataGroups) {
      expect(resources[groupId].Properties.SecurityGroupIngress).toBeUndefined();
      const rules = Object.values(resources).filter((resource) => resource.Type === 'AWS::EC2::SecurityGroupIngress'
        && JSON.stringify(resource.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [groupId, 'GroupId'] }));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(rule.Properties.CidrIp).toBeUndefined();
        expect(rule.Properties.CidrIpv6).toBeUndefined();
        const [source] = rule.Properties.SourceSecurityGroupId['Fn::GetAtt'];
        expect(resources[source].Type).toBe('AWS::EC2::SecurityGroup');
      }
    }
  });

  test.each(['alpha', 'bravo'])('the task role of %s reaches only its own data', (tenantId) => {
    const fixture = twoTenants()[tenantId as 'alpha' | 'bravo'];
    const resources = fixture.template.toJSON().Resources as { [id: string]: any };
    const taskRoleId = fixture.stack.getLogicalId(fixture.tenant.taskRole.node.defaultChild as CfnElement);
    const statements = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(resource.Properties.Roles).includes(taskRoleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    const dataTypes = ['AWS::S3::Bucket', 'AWS::EFS::FileSystem', 'AWS::EFS::AccessPoint', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup'];
    const ownData = statements.flatMap((statement: any) => referencedIds([statement.Resource, statement.Condition]))
      .filter((id) => dataTypes.includes(resources[id]?.Type));
    expect(new Set(ownData.map((id) => resources[id].Type))).toEqual(new Set(['AWS::S3::Bucket', 'AWS::EFS::FileSystem', 'AWS::EFS::AccessPoint', 'AWS::KMS::Key']));

    // Everything else the role names is either a resource of this stack or the environment (its SSM parameters).
    for (const id of statements.flatMap((statement: any) => referencedIds(statement.Resource))) {
      const known = resources[id] !== undefined || fixture.template.toJSON().Parameters?.[id] !== undefined || id.startsWith('AWS::');
      expect({ id, known }).toEqual({ id, known: true });
    }
    // Wildcard resources appear only where AWS offers no resource to name (ECS Exec's channels), never for data.
    const wildcardActions = statements.filter((statement: any) => statement.Resource === '*').flatMap((statement: any) => [statement.Action].flat());
    wildcardActions.forEach((action: string) => expect(action).toMatch(/^(ssmmessages:|logs:DescribeLogGroups$)/));
  });
});
