import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { MateBaseInfra } from '../../src/base';
import { estimateTemplate } from '../../src/cost/estimate-template';
import { US_EAST_1_PRICES } from '../../src/cost/price-table';
import { BUDGET_HEADROOM, defaultMonthlyBudgetUsd, tierMonthlyEstimate } from '../../src/cost/tier-estimate';
import { MateTenant } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';
import { createBase, CERTIFICATE_ARN, createTenant, PRESET_TIERS, tenantProps } from '../fixtures';

const budgetOf = (template: Template) => {
  const budgets = Object.values(template.findResources('AWS::Budgets::Budget'));
  expect(budgets).toHaveLength(1);
  return budgets[0].Properties;
};

describe('a tenant\'s budget', () => {
  const { template, tenant } = createTenant();

  test('is a monthly cost budget named after the tenant, on the cost tagged with the tenant AND its environment', () => {
    const budget = budgetOf(template).Budget;
    expect(budget).toMatchObject({ BudgetName: 'mate-demo-dev', BudgetType: 'COST', TimeUnit: 'MONTHLY' });
    expect(budget.FilterExpression).toEqual({
      And: [
        { Tags: { Key: 'mate:tenant', Values: ['demo'], MatchOptions: ['EQUALS'] } },
        { Tags: { Key: 'mate:environment', Values: ['dev'], MatchOptions: ['EQUALS'] } },
      ],
    });
    // The filter reads the tags every resource of the tenant carries.
    template.hasResourceProperties('AWS::RDS::DBInstance', { Tags: Match.arrayWith([{ Key: 'mate:tenant', Value: 'demo' }]) });
    template.hasResourceProperties('AWS::RDS::DBInstance', { Tags: Match.arrayWith([{ Key: 'mate:environment', Value: 'dev' }]) });
    expect(tenant.budget).toBeDefined();
  });

  test('notifies the environment\'s alarm topic when the actual cost, and when the forecast, passes the limit', () => {
    const topic = { Ref: expect.stringMatching(/^SsmParameterValuematedevalarmtopicarn/) };
    const notifications = budgetOf(template).NotificationsWithSubscribers;
    expect(notifications).toEqual(['ACTUAL', 'FORECASTED'].map((type) => ({
      Notification: { NotificationType: type, ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
      Subscribers: [{ SubscriptionType: 'SNS', Address: topic }],
    })));
  });

  test.each(PRESET_TIERS)('%s: the limit defaults to the tier\'s fixed estimate times the headroom, rounded up to a dollar', (_name, tier) => {
    const limit = budgetOf(createTenant({ tier }).template).Budget.BudgetLimit;
    expect(limit).toEqual({ Amount: Math.ceil(tierMonthlyEstimate(tier).totalUsd * BUDGET_HEADROOM), Unit: 'USD' });
    expect(limit.Amount).toBe(defaultMonthlyBudgetUsd(tier));
  });

  test('the default limits of the presets, in dollars', () => {
    expect(PRESET_TIERS.map(([, tier]) => defaultMonthlyBudgetUsd(tier))).toEqual([56, 199, 1683]);
  });

  test.each(PRESET_TIERS)('%s: the tier estimate is what the cost model prices for the same lines of a synthesized tenant', (_name, tier) => {
    const { template: tenantTemplate } = createTenant({ tier });
    const model = estimateTemplate('tenant', tenantTemplate.toJSON(), US_EAST_1_PRICES);
    // The estimate leaves out monitoring and the budget itself, which the headroom covers.
    const sameLines = model.lines.filter((line) => !/^(CloudWatch|Budgets)/.test(line.item));
    expect(sameLines.map((line) => line.item)).toHaveLength(model.lines.length - 2);
    expect(tierMonthlyEstimate(tier).totalUsd).toBeCloseTo(sameLines.reduce((sum, line) => sum + line.monthlyUsd, 0), 6);
  });

  test('the estimate follows the tenant\'s own storage, architecture and key', () => {
    const trial = tierMonthlyEstimate(TenantTier.TRIAL).totalUsd;
    expect(tierMonthlyEstimate(TenantTier.TRIAL, { databaseAllocatedStorageGiB: 100 }).totalUsd).toBeCloseTo(trial + 80 * 0.115, 6);
    expect(tierMonthlyEstimate(TenantTier.TRIAL, { dedicatedKey: false }).totalUsd).toBeCloseTo(trial - 1, 6);
    expect(tierMonthlyEstimate(TenantTier.TRIAL, { cpuArchitecture: 'X86_64' }).totalUsd).toBeGreaterThan(trial);
  });

  test('monthlyBudgetUsd sets the limit', () => {
    expect(budgetOf(createTenant({ monthlyBudgetUsd: 250 }).template).Budget.BudgetLimit).toEqual({ Amount: 250, Unit: 'USD' });
  });

  test('monthlyBudgetUsd: 0 creates no budget', () => {
    const { template: without, tenant: withoutBudget } = createTenant({ monthlyBudgetUsd: 0 });
    without.resourceCountIs('AWS::Budgets::Budget', 0);
    expect(withoutBudget.budget).toBeUndefined();
    expect(withoutBudget.monthlyBudgetUsd).toBe(0);
  });

  test('a custom tier of a size the price table lacks gets no guessed budget: a warning says to set monthlyBudgetUsd', () => {
    const tier = TenantTier.ENTERPRISE.derive('graviton4', { databaseInstanceClass: 'db.r8g.large' });
    const unpriced = createTenant({ tier });
    unpriced.template.resourceCountIs('AWS::Budgets::Budget', 0);
    expect(unpriced.tenant.monthlyBudgetUsd).toBe(0);
    Annotations.fromStack(unpriced.stack).hasWarning('/MateTenant-demo-dev/Tenant',
      Match.stringLikeRegexp('Tenant demo has no budget: .*key \'rds:db\.r8g\.large\'.*set monthlyBudgetUsd'));
    const budgeted = createTenant({ tier, monthlyBudgetUsd: 2000 });
    expect(budgetOf(budgeted.template).Budget.BudgetLimit).toEqual({ Amount: 2000, Unit: 'USD' });
    Annotations.fromStack(budgeted.stack).hasNoWarning('*', Match.stringLikeRegexp('has no budget'));
  });

  test('fails when monthlyBudgetUsd is negative', () => {
    expect(() => createTenant({ monthlyBudgetUsd: -5 })).toThrow(/Invalid MateTenant 'demo':\n {2}- monthlyBudgetUsd -5 must be a number of US dollars, at least 0/);
  });

  test('the same tenant id in another environment has a budget of its own, on that environment\'s cost', () => {
    const app = new App();
    const baseStack = new Stack(app, 'MateBase-prod');
    const base = new MateBaseInfra(baseStack, 'Base', {
      environment: 'prod',
      domainName: 'mate.example.com',
      certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
    });
    const stack = new Stack(app, 'MateTenant-demo-prod');
    new MateTenant(stack, 'Tenant', tenantProps(base, 'demo'));
    const budget = budgetOf(Template.fromStack(stack)).Budget;
    expect(budget.BudgetName).toBe('mate-demo-prod');
    expect(budget.FilterExpression.And[1]).toEqual({ Tags: { Key: 'mate:environment', Values: ['prod'], MatchOptions: ['EQUALS'] } });
  });
});

describe('the alarm topic accepts the budgets\' notifications', () => {
  const { template } = createBase();

  test('the topic policy lets AWS Budgets of this account publish', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowBudgetsOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'budgets.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: Match.anyValue(),
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':budgets::', { Ref: 'AWS::AccountId' }, ':*']] } },
          },
        }]),
      },
    });
  });

  test('the environment key, which encrypts the topic, lets AWS Budgets of this account use it', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowBudgetsOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'budgets.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }]),
      },
    });
  });
});
