import type { NetworkModel, NetworkNode } from './network';

/** One path of the network and whether it must be open. */
export interface Path {
  readonly description: string;
  readonly open: boolean;
  readonly actual: boolean;
}

/** The AWS APIs a task reaches to start (image, logs, secrets) and that S3 serves to the task role. */
const AWS_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 's3'];

/**
 * The paths the platform needs open (internet -> load balancers, load balancers -> web services, services, migration
 * tasks and rotation functions -> their tenant's data stores, tasks -> AWS APIs) and those that must stay closed
 * (another tenant, a load balancer or the internet -> a data store; the internet -> a service).
 */
export function networkPaths(network: NetworkModel, tenants: string[]): Path[] {
  const paths: Path[] = [];
  const connect = (source: NetworkNode, destination: NetworkNode, port: number, open: boolean, sourceRole = '') => paths.push({
    description: `${sourceRole}${short(source)} -> ${short(destination)}:${port}`, open, actual: network.canConnect(source, destination, port),
  });
  const loadBalancers = network.loadBalancers();
  for (const loadBalancer of loadBalancers) {
    paths.push({ description: `internet -> ${short(loadBalancer)}:443`, open: true, actual: network.reachableFromInternet(loadBalancer, 443) });
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
      paths.push({ description: `internet -> ${short(store)}:${store.port}`, open: false, actual: network.reachableFromInternet(store, store.port as number) });
      for (const other of tenants.filter((candidate) => candidate !== tenant)) {
        [...network.services(other), ...network.migrationTasks(other), ...network.rotationFunctions(other)]
          .forEach((intruder) => connect(intruder, store, store.port as number, false, 'another tenant\'s '));
      }
    }
    for (const database of stores.filter((store) => store.name.includes('Database'))) {
      rotation.forEach((fn) => connect(fn, database, database.port as number, true));
    }
    for (const fn of rotation) {
      paths.push({ description: `${short(fn)} -> secretsmanager:443`, open: true, actual: network.reachesAwsService(fn, 'secretsmanager') });
    }
    for (const client of clients) {
      for (const service of AWS_SERVICES) {
        paths.push({ description: `${short(client)} -> ${service}:443`, open: true, actual: network.reachesAwsService(client, service) });
      }
    }
    for (const service of services) {
      paths.push({ description: `internet -> ${short(service)}:${service.port ?? 8000}`, open: false, actual: network.reachableFromInternet(service, service.port ?? 8000) });
    }
  }
  return paths;
}

/** A node by its logical id without CDK's hash (services and migration tasks by their construct), for any tenant. */
function short(node: NetworkNode): string {
  return node.name.split('/').pop()!.replace(/[0-9A-F]{8}$/, '');
}
