import { DEFAULT_PREFIX, EnvironmentNames } from '../../src/naming';

describe('EnvironmentNames', () => {
  const names = new EnvironmentNames(DEFAULT_PREFIX, 'dev');

  test('the default prefix is mate', () => {
    expect(DEFAULT_PREFIX).toBe('mate');
  });

  test.each([
    ['cluster (the seed\'s --cluster mate-dev)', names.cluster, 'mate-dev'],
    ['first load balancer', names.loadBalancer(), 'mate-dev'],
    ['second load balancer', names.loadBalancer(1), 'mate-dev-2'],
    ['WAF web ACL', names.webAcl, 'mate-dev'],
    ['WAF log group (WAF requires the aws-waf-logs- prefix)', names.wafLogGroup, 'aws-waf-logs-mate-dev'],
    ['ECR repository', names.repository, 'mate-dev'],
    ['DB subnet group', names.databaseSubnetGroup, 'mate-dev-database'],
    ['ElastiCache subnet group', names.cacheSubnetGroup, 'mate-dev-cache'],
    ['SSM parameter path', names.parameterPath, '/mate/dev/'],
    ['one SSM parameter', names.parameter('vpc-id'), '/mate/dev/vpc-id'],
  ])('%s', (_thing, actual, expected) => {
    expect(actual).toBe(expected);
  });

  test('follows the prefix and the environment', () => {
    const acme = new EnvironmentNames('acme', 'prod');

    expect([acme.cluster, acme.wafLogGroup, acme.parameter('x')]).toEqual(['acme-prod', 'aws-waf-logs-acme-prod', '/acme/prod/x']);
  });

  test('has no problems with valid labels', () => {
    expect(names.problems()).toEqual([]);
  });

  test.each(['Dev', 'dev_1', '-dev', 'dev-', 'de--v', '1dev', ''])('fails when the environment is %p', (environment) => {
    expect(new EnvironmentNames('mate', environment).problems()).toEqual([
      `environment '${environment}' must be a lower-case DNS label: 1 to 63 letters, digits and single hyphens, starting with a letter and ending with a letter or digit (for example 'demo')`,
    ]);
  });

  test('fails when both the prefix and the environment are not labels, naming both', () => {
    const problems = new EnvironmentNames('Mate', 'DEV').problems();

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^prefix 'Mate' must be a lower-case DNS label/);
    expect(problems[1]).toMatch(/^environment 'DEV' must be a lower-case DNS label/);
  });

  test('accepts the longest environment whose load balancer name fits 32 characters', () => {
    expect(new EnvironmentNames('mate', 'e'.repeat(27)).problems()).toEqual([]);
  });

  test('fails when the environment makes the load balancer name longer than 32 characters', () => {
    const environment = 'e'.repeat(28);

    expect(new EnvironmentNames('mate', environment).problems()).toEqual([
      `the load balancer name 'mate-${environment}' is 33 characters; AWS allows 32. Shorten prefix or environment by at least 1 characters`,
    ]);
  });

  test('checks the cluster, load balancer and WAF names against their AWS limits', () => {
    // Other names may join the list; these must stay in it.
    expect(names.checkedNames().map(({ resource, maxLength }) => [resource, maxLength])).toEqual(expect.arrayContaining([
      ['ECS cluster', 255],
      ['load balancer', 32],
      ['WAF log group', 512],
      ['WAF web ACL', 128],
    ]));
  });
});
