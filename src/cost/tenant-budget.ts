import { Token } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { TenantNames } from '../naming';

/** What a tenant's budget watches. Private: built by `MateTenant`. */
export interface TenantBudgetProps {
  readonly names: TenantNames;
  /** The environment's alarm topic, which the budget notifies. */
  readonly alarmTopic: sns.ITopic;
  /** The monthly limit in US dollars. */
  readonly limitUsd: number;
}

/** The percentages of the limit at which the budget notifies, for actual and for forecast cost. */
const NOTIFY_AT_PERCENT = 100;

/**
 * The tenant's monthly cost budget `<prefix>-<tenant>-<env>`: the cost of everything tagged `mate:tenant` = the
 * tenant's id and `mate:environment` = its environment (tenant ids repeat across environments, so the tenant tag alone
 * would add up a tenant's dev and prod), notifying the environment's alarm topic when the month's actual cost passes
 * the limit, and when the forecast for the month does.
 *
 * Budgets read cost-allocation tags only once they are activated, once per account (payer account in an
 * organization): Billing console, Cost allocation tags, or
 * `aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=mate:tenant,Status=Active
 * TagKey=mate:environment,Status=Active`. Until then the budget sees no cost and stays silent. The name fits the 100
 * characters of a budget name: the stem is bounded by the 32 of a target group name.
 */
export class TenantBudget extends Construct {
  public readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: TenantBudgetProps) {
    super(scope, id);
    const { names } = props;
    const subscribers = [{ subscriptionType: 'SNS', address: props.alarmTopic.topicArn }];
    const notify = (notificationType: 'ACTUAL' | 'FORECASTED') => ({
      notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold: NOTIFY_AT_PERCENT, thresholdType: 'PERCENTAGE' },
      subscribers,
    });
    const tag = (key: string, value: string): budgets.CfnBudget.ExpressionProperty => ({
      tags: { key, values: [value], matchOptions: ['EQUALS'] },
    });

    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: names.stem,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.limitUsd, unit: 'USD' },
        filterExpression: {
          and: [tag('mate:tenant', names.tenantId), tag('mate:environment', names.environmentNames.environment)],
        },
      },
      notificationsWithSubscribers: [notify('ACTUAL'), notify('FORECASTED')],
    });
  }
}

/** Problems with `monthlyBudgetUsd`: a number of dollars, 0 for no budget. */
export function budgetProblems(monthlyBudgetUsd: number | undefined): string[] {
  if (monthlyBudgetUsd === undefined || Token.isUnresolved(monthlyBudgetUsd)) {
    return [];
  }
  if (!Number.isFinite(monthlyBudgetUsd) || monthlyBudgetUsd < 0) {
    return [`monthlyBudgetUsd ${monthlyBudgetUsd} must be a number of US dollars, at least 0 (0 means no budget)`];
  }
  return [];
}
