import { App } from 'aws-cdk-lib';
import { WITHOUT_STACK_TRACES } from '../../scripts/bench/mate-app';
import { addTenant, createEnvironment } from '../fixtures';

// Tenants that pin listenerRulePriority are placed at synthesis, and an app that puts more than 100 of them on one
// load balancer fails there. (Tenants that leave it out are placed at deployment: environment-at-scale.test.ts and
// environment-of-1000-tenants.test.ts fill load balancers through the placement function.) Building 100 tenants
// takes tens of seconds, so the test is in the scale task (`npx projen test:scale`).
describe('a load balancer with 100 tenants that pin their priorities', () => {
  test('fails when the only load balancer already serves 100 tenants, telling to raise loadBalancers', () => {
    // The tenants' app records no stack traces (only `cdk` reads them), which makes building it a third cheaper.
    const environment = { ...createEnvironment(), app: new App(WITHOUT_STACK_TRACES) };
    for (let index = 0; index < 100; index++) {
      addTenant(environment, `full${index}`, { listenerRulePriority: index + 1 });
    }
    expect(() => addTenant(environment, 'late', { listenerRulePriority: 500 })).toThrow(
      /loadBalancerIndex: load balancer 0 \('mate-dev'\) of environment 'dev' already serves 100 tenants[^\n]*; raise loadBalancers of environment 'dev' \(now 1\) and set loadBalancerIndex of tenant 'late' to the new load balancer, 1/);
    // The load balancer stays full for the next tenant too.
    expect(() => addTenant(environment, 'later', { listenerRulePriority: 501 })).toThrow(/already serves 100 tenants/);
  }, 120_000); // builds 100 tenants
});
