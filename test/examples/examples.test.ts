import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DEMO, withSecurityChecks } from '../../examples/demo/app';
import { createTemplateApp, readTenantConfig, withSecurityChecks as withTemplateSecurityChecks } from '../../examples/template/app';
import { checkedApp, synthesizeChecked } from '../security/security-apps';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mate-example-'));
}

/** The violations the validation plugins reported; cdk-nag v3 leaves packs without findings out of the report. */
function violations(outdir: string): unknown[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) {
    return [];
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf-8')) as { pluginReports?: Array<{ violations?: unknown[] }> };
  return (report.pluginReports ?? []).flatMap((plugin) => plugin.violations ?? []);
}

/** The packs `withSecurityChecks` registers, as the ones that report an unencrypted bucket without logging. */
function packsThatFindAnUnencryptedBucket(withSecurityChecksOf: (app: App) => App): string[] {
  const { report } = synthesizeChecked((props) => {
    const app = withSecurityChecksOf(new App(props));
    new s3.CfnBucket(new Stack(app, 'Careless'), 'CarelessBucket');
    return app;
  });
  return report.pluginReports.filter((plugin) => plugin.violations.length > 0).map((plugin) => plugin.pluginName).sort();
}

describe('examples/demo', () => {
  const { assembly, outdir } = checkedApp('examples/demo');

  test('synthesizes the base of environment dev and the demo tenant, each in its own stack', () => {
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(['MateBase-dev', 'MateTenant-demo-dev']);
  });

  test('the four security packs find nothing unacknowledged', () => {
    expect(violations(outdir)).toEqual([]);
  });

  test('its main adds the four packs', () => {
    expect(fs.readFileSync(path.join(__dirname, '../../examples/demo/main.ts'), 'utf8')).toContain('withSecurityChecks(createDemoApp())');
    expect(packsThatFindAnUnencryptedBucket(withSecurityChecks)).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']);
  });

  test('the demo tenant is on the Trial tier and named as in the seed runbook', () => {
    const tenant = Template.fromJSON(assembly.getStackByName('MateTenant-demo-dev').template);
    tenant.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'mate-demo-dev-django' });
    tenant.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'mate-demo-dev-data' });
    tenant.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: DEMO.tier.config.databaseInstanceClass });
  });

  test('the base names the cluster mate-dev and outputs AlbDnsName', () => {
    const base = Template.fromJSON(assembly.getStackByName('MateBase-dev').template);
    base.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'mate-dev' });
    base.hasOutput('AlbDnsName', {});
  });

  test('the tenant stack holds no reference into the base stack', () => {
    const tenant = JSON.stringify(assembly.getStackByName('MateTenant-demo-dev').template);
    const base = assembly.getStackByName('MateBase-dev').template;
    expect(tenant).not.toContain('Fn::ImportValue');
    expect(Object.values(base.Outputs ?? {}).filter((output: any) => output.Export)).toEqual([]);
  });
});

describe('examples/template', () => {
  test('tenant.json describes a valid tenant', () => {
    const config = readTenantConfig();
    expect(config).toEqual(expect.objectContaining({ environment: 'dev', tenantId: 'acme', tier: 'standard' }));
  });

  test('its main adds the four packs', () => {
    expect(fs.readFileSync(path.join(__dirname, '../../examples/template/main.ts'), 'utf8')).toContain('withSecurityChecks(createTemplateApp())');
    expect(packsThatFindAnUnencryptedBucket(withTemplateSecurityChecks)).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']);
  });

  test('synthesizes a tenant stack on its own, attached to the environment by name, with no findings', () => {
    const { assembly, outdir } = checkedApp('examples/template');
    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual(['MateTenant-acme-dev']);
    const template = Template.fromJSON(assembly.stacks[0].template);
    template.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'mate-acme-dev-django', Cluster: 'mate-dev' });
    template.hasParameter('*', { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/mate/dev/vpc/id' });
    expect(violations(outdir)).toEqual([]);
  });

  test('has the environment place the tenant on the load balancer tenant.json names, with its DNS record in the environment\'s zone, with no findings', () => {
    const outdir = tempDir();
    const config = { ...readTenantConfig(), loadBalancers: 3, loadBalancerIndex: 2, hostedZone: { id: 'Z0123456789EXAMPLE', name: 'example.com' } };
    const template = Template.fromJSON(withTemplateSecurityChecks(createTemplateApp(config, { outdir })).synth().stacks[0].template);
    // The environment's placement function, found through its published ARN, places the tenant when the stack deploys.
    const [functionParameter] = Object.keys(template.findParameters('*', { Default: '/mate/dev/tenant-placement-function/arn' }));
    const [placementId] = Object.keys(template.findResources('Custom::MateTenantPlacement', {
      Properties: { ServiceToken: { Ref: functionParameter }, TenantId: 'acme', LoadBalancerIndex: 2 },
    }));
    expect(placementId).toBeDefined();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { 'Fn::GetAtt': [placementId, 'ListenerArn'] },
      Priority: { 'Fn::GetAtt': [placementId, 'Priority'] },
    });
    // The template does not know the domain: the record's name is completed from the environment's parameter.
    const [domainParameter] = Object.keys(template.findParameters('*', { Default: '/mate/dev/domain-name' }));
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: { 'Fn::Join': ['', ['acme.', { Ref: domainParameter }, '.']] },
      Type: 'A',
      HostedZoneId: 'Z0123456789EXAMPLE',
    });
    expect(violations(outdir)).toEqual([]);
  });

  test.each([
    ['an unknown tier', { tier: 'gold' }, /tier 'gold' is not one of trial, standard, enterprise/],
    ['a missing tenant id', { tenantId: undefined }, /set tenantId/],
    ['a load balancer index that is no number', { loadBalancerIndex: '1' }, /loadBalancerIndex must be a number/],
  ])('fails when tenant.json has %s', (_name, change, message) => {
    const file = path.join(tempDir(), 'tenant.json');
    fs.writeFileSync(file, JSON.stringify({ ...readTenantConfig(), ...change }));
    expect(() => readTenantConfig(file)).toThrow(message);
  });
});
