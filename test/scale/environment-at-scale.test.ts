import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import { BENCH_ENVIRONMENT, createMateScaleApp } from '../../scripts/bench/mate-app';

/** The quotas of issue 9, at half of CloudFormation's own limits for a stack. */
const MAX_TENANT_STACK_RESOURCES = 250;
const MAX_TENANT_STACK_BYTES = 500 * 1000;
const MAX_RULES_PER_LISTENER = 100;
const MAX_TARGET_GROUPS_PER_LOAD_BALANCER = 100;
const MAX_RULES_PER_SECURITY_GROUP = 60;
const MAX_CERTIFICATES_PER_LOAD_BALANCER = 25;
const TENANTS = 250;

type Template = { Resources: Record<string, { Type: string; Properties?: any }>; Parameters?: Record<string, { Default?: string }> };

/** The environment of the benchmark (`bench`) with 250 tenants, synthesized once. */
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-scale-'));
let assembly: cxapi.CloudAssembly;
beforeAll(() => {
  assembly = createMateScaleApp(TENANTS, outdir).synth();
}, 600_000);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const tenantStacks = () => assembly.stacks.filter((stack) => stack.stackName.startsWith('MateTenant-'));
const baseStack = () => assembly.getStackByName(`MateBase-${BENCH_ENVIRONMENT}`);
const resourcesOf = (template: Template, type: string) => Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/** What a tenant template's `{ Ref }` points at: the SSM parameter it reads, or a resource of that stack. */
function referenceKey(stack: cxapi.CloudFormationStackArtifact, value: unknown): string {
  const ref = (value as { Ref?: string }).Ref;
  if (typeof ref !== 'string') {
    return `${stack.stackName}:${JSON.stringify(value)}`;
  }
  const parameter = (stack.template as Template).Parameters?.[ref];
  return parameter?.Default ?? `${stack.stackName}:${ref}`;
}

describe(`an environment of ${TENANTS} tenants`, () => {
  test('every tenant stack is synthesized, on three load balancers', () => {
    expect(tenantStacks()).toHaveLength(TENANTS);
    expect(resourcesOf(baseStack().template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toHaveLength(3);
  });

  test(`each tenant stack holds at most ${MAX_TENANT_STACK_RESOURCES} resources and ${MAX_TENANT_STACK_BYTES / 1000} kB of template`, () => {
    const tooLarge = tenantStacks()
      .map((stack) => ({
        stack: stack.stackName,
        resources: Object.keys(stack.template.Resources).length,
        bytes: fs.statSync(path.join(outdir, stack.templateFile)).size,
      }))
      .filter(({ resources, bytes }) => resources > MAX_TENANT_STACK_RESOURCES || bytes > MAX_TENANT_STACK_BYTES);
    expect(tooLarge).toEqual([]);
  });

  test('the base stack stays within the same limits', () => {
    expect(Object.keys(baseStack().template.Resources).length).toBeLessThanOrEqual(MAX_TENANT_STACK_RESOURCES);
    expect(fs.statSync(path.join(outdir, baseStack().templateFile)).size).toBeLessThanOrEqual(MAX_TENANT_STACK_BYTES);
  });

  test(`each HTTPS listener gets at most ${MAX_RULES_PER_LISTENER} rules, with unique priorities, and each load balancer at most ${MAX_TARGET_GROUPS_PER_LOAD_BALANCER} target groups`, () => {
    const rulesByListener = new Map<string, number[]>();
    for (const stack of tenantStacks()) {
      const rules = resourcesOf(stack.template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
      expect(rules).toHaveLength(1);
      // Each tenant forwards to exactly one target group of its own, so rules per listener count target groups too.
      expect(resourcesOf(stack.template, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toHaveLength(1);
      const [, rule] = rules[0];
      const listener = referenceKey(stack, rule.Properties.ListenerArn);
      rulesByListener.set(listener, [...rulesByListener.get(listener) ?? [], rule.Properties.Priority]);
    }
    expect([...rulesByListener.keys()].sort()).toEqual([
      '/mate/bench/load-balancer-2/https-listener-arn',
      '/mate/bench/load-balancer-3/https-listener-arn',
      '/mate/bench/load-balancer/https-listener-arn',
    ]);
    for (const priorities of rulesByListener.values()) {
      expect(priorities.length).toBeLessThanOrEqual(MAX_RULES_PER_LISTENER);
      expect(new Set(priorities).size).toBe(priorities.length);
    }
  });

  test(`no security group has more than ${MAX_RULES_PER_SECURITY_GROUP} inbound or outbound rules, and no tenant adds a rule to a shared group`, () => {
    const rules = new Map<string, { in: number; out: number }>();
    const count = (group: string, direction: 'in' | 'out', amount: number) => {
      const counts = rules.get(group) ?? { in: 0, out: 0 };
      counts[direction] += amount;
      rules.set(group, counts);
    };
    const rulesOnSharedGroups: string[] = [];
    for (const stack of assembly.stacks) {
      const template = stack.template as Template;
      for (const [id, group] of resourcesOf(template, 'AWS::EC2::SecurityGroup')) {
        count(`${stack.stackName}:${id}`, 'in', group.Properties.SecurityGroupIngress?.length ?? 0);
        count(`${stack.stackName}:${id}`, 'out', group.Properties.SecurityGroupEgress?.length ?? 0);
      }
      for (const [type, direction] of [['AWS::EC2::SecurityGroupIngress', 'in'], ['AWS::EC2::SecurityGroupEgress', 'out']] as const) {
        for (const [, rule] of resourcesOf(template, type)) {
          const group = rule.Properties.GroupId?.['Fn::GetAtt']
            ? `${stack.stackName}:${rule.Properties.GroupId['Fn::GetAtt'][0]}`
            : referenceKey(stack, rule.Properties.GroupId);
          count(group, direction, 1);
          if (group.startsWith('/mate/')) {
            rulesOnSharedGroups.push(`${stack.stackName} adds a rule to ${group}`);
          }
        }
      }
    }
    expect(rulesOnSharedGroups).toEqual([]);
    const crowded = [...rules.entries()]
      .filter(([, counts]) => counts.in > MAX_RULES_PER_SECURITY_GROUP || counts.out > MAX_RULES_PER_SECURITY_GROUP);
    expect(crowded).toEqual([]);
  });

  test(`each load balancer serves at most ${MAX_CERTIFICATES_PER_LOAD_BALANCER} certificates: the one wildcard certificate, and no tenant adds one`, () => {
    for (const [, listener] of resourcesOf(baseStack().template, 'AWS::ElasticLoadBalancingV2::Listener')) {
      expect((listener.Properties.Certificates ?? []).length).toBeLessThanOrEqual(1);
    }
    for (const stack of assembly.stacks) {
      expect(resourcesOf(stack.template, 'AWS::ElasticLoadBalancingV2::ListenerCertificate')).toEqual([]);
    }
    expect(resourcesOf(baseStack().template, 'AWS::CertificateManager::Certificate')).toHaveLength(1);
  });

  test('every tenant\'s host name points at the load balancer that holds its rule', () => {
    for (const stack of tenantStacks()) {
      const [[, rule]] = resourcesOf(stack.template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
      const [[, record]] = resourcesOf(stack.template, 'AWS::Route53::RecordSet');
      const listenerDirectory = path.dirname(referenceKey(stack, rule.Properties.ListenerArn));
      expect(referenceKey(stack, record.Properties.AliasTarget.HostedZoneId)).toBe(`${listenerDirectory}/canonical-hosted-zone-id`);
      expect(record.Properties.Name).toBe(`${rule.Properties.Conditions[0].HostHeaderConfig.Values[0]}.`);
    }
  });
});
