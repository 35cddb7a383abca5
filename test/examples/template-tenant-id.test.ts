import { createTemplateApp, readTenantConfig } from '../../examples/template/app';

describe('examples/template', () => {
  test('checks the tenant id before naming the stack: a bad id in tenant.json gets MATE\'s message, not CDK\'s stack-name error', () => {
    const config = { ...readTenantConfig(), tenantId: 'Acme_Corp' };
    expect(() => createTemplateApp(config)).toThrow(/^Invalid MateTenant 'Acme_Corp':\n {2}- tenantId 'Acme_Corp' must be a lower-case DNS label/);
  });
});
