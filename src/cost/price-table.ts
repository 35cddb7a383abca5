/**
 * A price of the cost model: what one unit of a resource costs per month or per hour, where the price comes from and
 * when it was read. Usage-driven charges (requests, GB stored or transferred) are not prices here: the model lists
 * them by name and never guesses a quantity.
 */
export interface Price {
  /** US dollars per unit. */
  readonly usd: number;
  /** `hour` (billed for every hour of the month) or `month`. */
  readonly unit: 'hour' | 'month' | 'GB-month';
  /** The AWS pricing page the value was read from. */
  readonly source: string;
}

/** One Region's prices, with the day they were read. Refresh by reading the sources again and changing `readOn`. */
export interface PriceTable {
  readonly region: string;
  /** ISO date on which the prices were read from their sources. */
  readonly readOn: string;
  /** Hours in the month the model bills: AWS bills 730 hours a month on average. */
  readonly hoursPerMonth: number;
  /** Fargate Spot's price as a share of on-demand: Spot prices move; AWS advertises up to 70% off. */
  readonly fargateSpotShareOfOnDemand: number;
  /** A Valkey node's price as a share of the same Redis OSS node type's, which the table lists. */
  readonly valkeyShareOfRedisNodePrice: number;
  /** Prices by key: `rds:<class>`, `elasticache:<node type>`, `fargate:<arch>:vcpu|gb`, and a few named services. */
  readonly prices: { readonly [key: string]: Price };
}

const RDS = 'https://aws.amazon.com/rds/postgresql/pricing/';
const ELASTICACHE = 'https://aws.amazon.com/elasticache/pricing/';
const FARGATE = 'https://aws.amazon.com/fargate/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const VPC = 'https://aws.amazon.com/vpc/pricing/';

const hourly = (usd: number, source: string): Price => ({ usd, unit: 'hour', source });
const monthly = (usd: number, source: string): Price => ({ usd, unit: 'month', source });

/**
 * On-demand list prices of US East (N. Virginia), Linux, as published on the AWS pricing pages named in each entry.
 * RDS classes are single-AZ PostgreSQL (Multi-AZ bills two); ElastiCache node types are Redis OSS prices (Valkey's
 * node-based price is 20% lower: `valkeyShareOfRedisNodePrice`). Public IPv4 addresses (a NAT gateway's, a load
 * balancer's in each Availability Zone) are billed by the hour since February 2024.
 */
export const US_EAST_1_PRICES: PriceTable = {
  region: 'us-east-1',
  readOn: '2025-06-01',
  hoursPerMonth: 730,
  fargateSpotShareOfOnDemand: 0.3,
  valkeyShareOfRedisNodePrice: 0.8,
  prices: {
    'rds:db.t4g.micro': hourly(0.016, RDS),
    'rds:db.t4g.small': hourly(0.032, RDS),
    'rds:db.t4g.medium': hourly(0.065, RDS),
    'rds:db.t4g.large': hourly(0.129, RDS),
    'rds:db.t4g.xlarge': hourly(0.258, RDS),
    'rds:db.t4g.2xlarge': hourly(0.517, RDS),
    'rds:db.t3.micro': hourly(0.018, RDS),
    'rds:db.t3.small': hourly(0.036, RDS),
    'rds:db.t3.medium': hourly(0.072, RDS),
    'rds:db.t3.large': hourly(0.145, RDS),
    'rds:db.m6g.large': hourly(0.152, RDS),
    'rds:db.m6g.xlarge': hourly(0.304, RDS),
    'rds:db.m6g.2xlarge': hourly(0.608, RDS),
    'rds:db.m7g.large': hourly(0.168, RDS),
    'rds:db.m7g.xlarge': hourly(0.337, RDS),
    'rds:db.m7g.2xlarge': hourly(0.674, RDS),
    'rds:db.r6g.large': hourly(0.225, RDS),
    'rds:db.r6g.xlarge': hourly(0.45, RDS),
    'rds:db.r6g.2xlarge': hourly(0.899, RDS),
    'rds:db.r7g.large': hourly(0.239, RDS),
    'rds:db.r7g.xlarge': hourly(0.478, RDS),
    'rds:db.r7g.2xlarge': hourly(0.956, RDS),
    'rds:gp3-storage': { usd: 0.115, unit: 'GB-month', source: RDS },

    'elasticache:cache.t4g.micro': hourly(0.016, ELASTICACHE),
    'elasticache:cache.t4g.small': hourly(0.032, ELASTICACHE),
    'elasticache:cache.t4g.medium': hourly(0.065, ELASTICACHE),
    'elasticache:cache.t3.micro': hourly(0.017, ELASTICACHE),
    'elasticache:cache.t3.small': hourly(0.034, ELASTICACHE),
    'elasticache:cache.t3.medium': hourly(0.068, ELASTICACHE),
    'elasticache:cache.m6g.large': hourly(0.149, ELASTICACHE),
    'elasticache:cache.m6g.xlarge': hourly(0.298, ELASTICACHE),
    'elasticache:cache.m7g.large': hourly(0.158, ELASTICACHE),
    'elasticache:cache.m7g.xlarge': hourly(0.316, ELASTICACHE),
    'elasticache:cache.r6g.large': hourly(0.206, ELASTICACHE),
    'elasticache:cache.r6g.xlarge': hourly(0.411, ELASTICACHE),
    'elasticache:cache.r7g.large': hourly(0.219, ELASTICACHE),
    'elasticache:cache.r7g.xlarge': hourly(0.437, ELASTICACHE),

    'fargate:ARM64:vcpu': hourly(0.03238, FARGATE),
    'fargate:ARM64:gb': hourly(0.00356, FARGATE),
    'fargate:X86_64:vcpu': hourly(0.04048, FARGATE),
    'fargate:X86_64:gb': hourly(0.004445, FARGATE),

    'kms:key': monthly(1, 'https://aws.amazon.com/kms/pricing/'),
    'secretsmanager:secret': monthly(0.4, 'https://aws.amazon.com/secrets-manager/pricing/'),
    'cloudwatch:alarm-metric': monthly(0.1, CLOUDWATCH),
    'cloudwatch:dashboard': monthly(3, CLOUDWATCH),
    'elb:application-load-balancer': hourly(0.0225, 'https://aws.amazon.com/elasticloadbalancing/pricing/'),
    'vpc:nat-gateway': hourly(0.045, VPC),
    'vpc:interface-endpoint-az': hourly(0.01, 'https://aws.amazon.com/privatelink/pricing/'),
    'vpc:public-ipv4': hourly(0.005, VPC),
    'waf:web-acl': monthly(5, 'https://aws.amazon.com/waf/pricing/'),
    'waf:rule': monthly(1, 'https://aws.amazon.com/waf/pricing/'),
    'budgets:budget': monthly(0.62, 'https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/'),
  },
};
