import { App, Stack } from 'aws-cdk-lib';
import { MateTenant } from '../../src/tenant';

describe('MateTenant.stackName', () => {
  test('is MateTenant-<tenantId>-<environment>, the examples\' and the runbook\'s stack name', () => {
    expect(MateTenant.stackName('demo', 'dev')).toBe('MateTenant-demo-dev');
    expect(MateTenant.stackName('acme-corp', 'prod')).toBe('MateTenant-acme-corp-prod');
  });

  test('fails when the tenant id is no lower-case DNS label, with MATE\'s message naming the prop', () => {
    expect(() => MateTenant.stackName('Acme_Corp', 'dev')).toThrow(
      "Invalid MateTenant 'Acme_Corp':\n  - tenantId 'Acme_Corp' must be a lower-case DNS label: 1 to 63 letters, digits and single hyphens, starting with a letter and ending with a letter or digit (for example 'demo')",
    );
  });

  test('fails with one error naming both ids when both are wrong', () => {
    expect(() => MateTenant.stackName('Acme_Corp', 'Prod')).toThrow(/tenantId 'Acme_Corp' must be a lower-case DNS label[^\n]*\n {2}- environment 'Prod' must be a lower-case DNS label/);
  });

  test('is needed: the same id used directly in a stack id fails with CDK\'s stack-name error, before MATE can check it', () => {
    expect(() => new Stack(new App(), 'MateTenant-Acme_Corp-dev')).toThrow(/Stack name must match the regular expression/);
  });
});
