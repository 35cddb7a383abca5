import { NetworkModel, cidrContains, type NetworkNode } from './network';
import { networkPaths, type Path } from './network-paths';
import { PROOF_APPS, SYNTHESIS_TIMEOUT_MS, indexOf, synthesizeTemplates } from './proof-apps';
import { stackRoles } from './prove-interactions';

describe.each(PROOF_APPS)('network reachability of $name', (app) => {
  let paths: Path[];
  let stores: NetworkNode[];

  beforeAll(() => {
    const index = indexOf(synthesizeTemplates(app));
    const network = new NetworkModel(index.model);
    const { tenants } = stackRoles(index);
    paths = networkPaths(network, tenants);
    stores = tenants.flatMap((tenant) => network.dataStores(tenant));
    console.log(`${app.name}: ${paths.filter((path) => path.open).length} network paths proven open and `
      + `${paths.filter((path) => !path.open).length} proven closed`);
  }, SYNTHESIS_TIMEOUT_MS);

  test('every path the platform needs is open', () => {
    expect(paths.filter((path) => path.open && !path.actual).map((path) => path.description)).toEqual([]);
  });

  test('no path reaches a data store from another tenant, a load balancer or the internet', () => {
    expect(paths.filter((path) => !path.open && path.actual).map((path) => path.description)).toEqual([]);
  });

  test('every tenant has a database, a cache and a file system in the proofs', () => {
    expect(stores.length).toBeGreaterThanOrEqual(3);
    expect(stores.every((store) => store.securityGroups.length > 0 && store.subnets.length > 0)).toBe(true);
  });
});

describe('cidrContains', () => {
  test.each([
    ['0.0.0.0/0', '10.0.16.0/20', true],
    ['10.0.0.0/16', '10.0.16.0/20', true],
    ['10.0.16.0/20', '10.0.0.0/16', false],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['255.255.255.255/32', '10.0.0.0/24', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrContains(outer, inner)).toBe(expected);
  });
});

describe('network proofs can fail', () => {
  test('without the database\'s ingress rule from the services, the services cannot reach the database', () => {
    const templates = synthesizeTemplates(PROOF_APPS.find(({ name }) => name === 'the two-tenant app')!);
    const intact = indexOf(templates);
    const tenant = stackRoles(intact).tenants[0];
    const mutated = structuredClone(templates);
    const resources = mutated.find(({ stackName }) => stackName === tenant)!.template.Resources;
    const rules = Object.keys(resources).filter((logicalId) => resources[logicalId].Type === 'AWS::EC2::SecurityGroupIngress'
      && JSON.stringify(resources[logicalId].Properties).includes('TenantDataDatabaseSecurityGroup')
      && JSON.stringify(resources[logicalId].Properties?.SourceSecurityGroupId).includes('TenantServiceSecurityGroup'));
    expect(rules).toHaveLength(1);
    delete resources[rules[0]];

    const reaches = (index: typeof intact) => {
      const network = new NetworkModel(index.model);
      const database = network.dataStores(tenant).find((store) => store.name.includes('Database'))!;
      return network.services(tenant).map((service) => network.canConnect(service, database, database.port as number));
    };
    expect(reaches(intact).every(Boolean)).toBe(true);
    expect(reaches(indexOf(mutated)).some(Boolean)).toBe(false);
  }, SYNTHESIS_TIMEOUT_MS);
});
