import { NetworkModel, cidrContains, type NetworkNode } from './network';
import { PROOF_APPS, indexOf, synthesizeTemplates } from './proof-apps';
import { stackRoles } from './prove-interactions';

/** One path of the network and whether it must be open. */
interface Path {
  readonly description: string;
  readonly open: boolean;
  readonly actual: boolean;
}

/** The AWS APIs a task reaches to start (image, logs, secrets) and that S3 serves to the task role. */
const AWS_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 's3'];

function networkPaths(network: NetworkModel, tenants: string[]): Path[] {
  const paths: Path[] = [];
  const connect = (source: NetworkNode, destination: NetworkNode, port: number, open: boolean) => paths.push({
    description: `${source.name} -> ${destination.name}:${port}`, open, actual: network.canConnect(source, destination, port),
  });
  const loadBalancers = network.loadBalancers();
  for (const loadBalancer of loadBalancers) {
    paths.push({ description: `internet -> ${loadBalancer.name}:443`, open: true, actual: network.reachableFromInternet(loadBalancer, 443) });
  }
  for (const tenant of tenants) {
    const services = network.services(tenant);
    const stores = network.dataStores(tenant);
    const rotation = network.rotationFunctions(tenant);
    const clients = [...services, ...network.migrationTasks(tenant)];
    for (const service of services.filter((candidate) => candidate.port !== undefined)) {
      loadBalancers.forEach((loadBalancer) => connect(loadBalancer, service, service.port as number, true));
    }
    for (const store of stores) {
      clients.forEach((client) => connect(client, store, store.port as number, true));
      loadBalancers.forEach((loadBalancer) => connect(loadBalancer, store, store.port as number, false));
      paths.push({ description: `internet -> ${store.name}:${store.port}`, open: false, actual: network.reachableFromInternet(store, store.port as number) });
      for (const other of tenants.filter((candidate) => candidate !== tenant)) {
        [...network.services(other), ...network.migrationTasks(other), ...network.rotationFunctions(other)]
          .forEach((intruder) => connect(intruder, store, store.port as number, false));
      }
    }
    for (const database of stores.filter((store) => store.name.includes('Database'))) {
      rotation.forEach((fn) => connect(fn, database, database.port as number, true));
    }
    for (const fn of rotation) {
      paths.push({ description: `${fn.name} -> secretsmanager:443`, open: true, actual: network.reachesAwsService(fn, 'secretsmanager') });
    }
    for (const client of clients) {
      for (const service of AWS_SERVICES) {
        paths.push({ description: `${client.name} -> ${service}:443`, open: true, actual: network.reachesAwsService(client, service) });
      }
    }
    for (const service of services) {
      paths.push({ description: `internet -> ${service.name}:${service.port ?? 8000}`, open: false, actual: network.reachableFromInternet(service, service.port ?? 8000) });
    }
  }
  return paths;
}

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
  });

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
  });
});
