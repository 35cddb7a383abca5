import * as fs from 'fs';
import * as path from 'path';
import { naiveTenantTemplate } from './naive-tenant';
import { main } from '../../src/cli/mate-infra';
import { estimateAssembly, formatEstimates } from '../../src/cost/estimate-assembly';
import { estimateTemplate, splitByCapacity, type CostTemplate } from '../../src/cost/estimate-template';
import { US_EAST_1_PRICES } from '../../src/cost/price-table';
import { checkedApp, tempDir } from '../security/security-apps';

const demo = checkedApp('examples/demo');
const estimates = estimateAssembly(demo.outdir);
const stack = (name: string) => estimates.find((estimate) => estimate.stackName === name)!;
const line = (stackName: string, item: RegExp) => stack(stackName).lines.find((candidate) => item.test(candidate.item));

describe('the cost model', () => {
  test('estimates every stack of a cloud assembly', () => {
    expect(estimates.map((estimate) => estimate.stackName).sort()).toEqual(['MateBase-dev', 'MateTenant-demo-dev']);
  });

  test('prices the demo tenant\'s database, cache and services at the table\'s prices', () => {
    const hours = US_EAST_1_PRICES.hoursPerMonth;
    expect(line('MateTenant-demo-dev', /^RDS PostgreSQL db\.t4g\.micro$/)?.monthlyUsd).toBeCloseTo(0.016 * hours, 6);
    expect(line('MateTenant-demo-dev', /^RDS storage$/)?.monthlyUsd).toBeCloseTo(20 * 0.115, 6);
    // Valkey nodes cost 80% of the Redis OSS node type the table lists.
    expect(line('MateTenant-demo-dev', /^ElastiCache cache\.t4g\.micro x 1$/)?.monthlyUsd).toBeCloseTo(0.016 * 0.8 * hours, 6);
    expect(line('MateTenant-demo-dev', /^Fargate mate-demo-dev-django$/)?.detail).toMatch(/1 task of 0.25 vCPU \/ 0.5 GB ARM64/);
    expect(line('MateTenant-demo-dev', /^Secrets Manager secrets x 3$/)?.monthlyUsd).toBeCloseTo(1.2, 6);
  });

  test('prices the environment\'s load balancer, NAT gateway, public addresses and WAF', () => {
    expect(line('MateBase-dev', /^Application load balancers x 1$/)?.monthlyUsd).toBeCloseTo(0.0225 * 730, 6);
    expect(line('MateBase-dev', /^NAT gateways x 1$/)?.monthlyUsd).toBeCloseTo(0.045 * 730, 6);
    // Two for the load balancer's zones, one for the NAT gateway.
    expect(line('MateBase-dev', /^Public IPv4 addresses x 3$/)?.monthlyUsd).toBeCloseTo(3 * 0.005 * 730, 6);
    expect(line('MateBase-dev', /^WAF web ACL$/)?.monthlyUsd).toBe(5 + 5);
  });

  test('names what depends on usage instead of guessing it', () => {
    expect(stack('MateTenant-demo-dev').usageDriven).toEqual(expect.arrayContaining(['S3 storage and requests', 'EFS storage and throughput', 'CloudWatch Logs ingestion and storage']));
    expect(stack('MateBase-dev').usageDriven).toEqual(expect.arrayContaining(['NAT gateway data processing', 'load balancer capacity units (LCU)']));
  });

  test('totals each stack from its lines', () => {
    for (const estimate of estimates) {
      expect(estimate.totalUsd).toBeCloseTo(estimate.lines.reduce((sum, each) => sum + each.monthlyUsd, 0), 6);
    }
    expect(formatEstimates(estimates)).toMatch(/All stacks: \$\d+\.\d\d per month before usage, at us-east-1 on-demand list prices read on \d{4}-\d\d-\d\d/);
  });

  test('fails when an instance class is missing from the price table, naming the key to add', () => {
    const template: CostTemplate = { Resources: { Database: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.x2iedn.24xlarge', AllocatedStorage: '20' } } } };
    expect(() => estimateTemplate('Stack', template, US_EAST_1_PRICES)).toThrow(/no price for RDS instance class db\.x2iedn\.24xlarge \(key 'rds:db\.x2iedn\.24xlarge'\); add it to src\/cost\/price-table\.ts/);
  });

  test('fails when a size is not known at synthesis', () => {
    const template: CostTemplate = { Resources: { Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { CacheNodeType: { Ref: 'NodeType' } } } } };
    expect(() => estimateTemplate('Stack', template, US_EAST_1_PRICES)).toThrow(/Cache\.CacheNodeType is not a literal/);
  });

  test.each([
    ['no strategy: on demand', 3, undefined, { onDemand: 3, spot: 0 }],
    ['an on-demand base, the rest on Spot', 3, [{ CapacityProvider: 'FARGATE', Base: 1, Weight: 0 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }], { onDemand: 1, spot: 2 }],
    ['Spot only', 2, [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }], { onDemand: 0, spot: 2 }],
    ['weights shared', 4, [{ CapacityProvider: 'FARGATE', Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }], { onDemand: 1, spot: 3 }],
  ])('places tasks on capacity as ECS does: %s', (_name, tasks, strategy, expected) => {
    expect(splitByCapacity(tasks, strategy)).toEqual(expected);
  });

  test('the seed\'s naive tenant costs what issue 18 says: about $53.5 a month', () => {
    expect(estimateTemplate('NaiveTenant', naiveTenantTemplate(), US_EAST_1_PRICES).totalUsd).toBeCloseTo(53.5, 0);
  });
});

describe('mate-infra cost', () => {
  let output: string[];
  let errors: string[];
  beforeEach(() => {
    output = [];
    errors = [];
    jest.spyOn(console, 'log').mockImplementation((text: string) => { output.push(text); });
    jest.spyOn(console, 'error').mockImplementation((text: string) => { errors.push(text); });
  });
  afterEach(() => jest.restoreAllMocks());

  test('prints every stack of a cloud assembly with its total', () => {
    expect(main(['cost', demo.outdir])).toBe(0);
    expect(output.join('\n')).toMatch(/^MateTenant-demo-dev\n(.*\n)*  Total per month +\$\d+\.\d\d/m);
  });

  test('fails with a clear message on a directory that is not a cloud assembly', () => {
    expect(main(['cost', tempDir('cost')])).toBe(1);
    expect(errors.join('\n')).toMatch(/is not a cloud assembly \(no manifest\.json\); run 'cdk synth' first/);
  });

  test('explains its usage for any other command', () => {
    expect(main(['price'])).toBe(2);
    expect(errors.join('\n')).toMatch(/^usage: mate-infra cost/);
  });

  test('is the package\'s mate-infra command', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(manifest.bin).toEqual({ 'mate-infra': 'lib/cli/mate-infra.js' });
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'cli', 'mate-infra.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});
