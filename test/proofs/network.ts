import type { CloudModel, ModelResource } from './cloud-model';

/** Something with a network interface: its security groups and subnets, as the templates give them. */
export interface NetworkNode {
  readonly name: string;
  readonly stackName: string;
  readonly securityGroups: string[];
  readonly subnets: string[];
  /** The port it listens on, for a destination. */
  readonly port?: number;
}

interface Rule {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peerGroup?: string;
  readonly cidr?: string;
}

interface Route {
  readonly destination: string;
  readonly target: 'internet-gateway' | 'nat-gateway' | 'other';
  readonly natGateway?: string;
}

/**
 * The network of a model: security-group rules (inline and separate), subnets, route tables, NAT gateways and VPC
 * endpoints, and what can reach what through them. Stateful: a connection needs an egress rule of the source and an
 * ingress rule of the destination; replies are always allowed. Network ACLs are the VPC's default (allow all).
 */
export class NetworkModel {
  private readonly ingress = new Map<string, Rule[]>();
  private readonly egress = new Map<string, Rule[]>();
  private readonly subnetCidrs = new Map<string, string>();
  private readonly subnetRouteTables = new Map<string, string>();
  private readonly routes = new Map<string, Route[]>();
  private readonly natSubnets = new Map<string, string>();
  private readonly gatewayEndpoints: Array<{ service: string; routeTables: string[] }>;
  private readonly interfaceEndpoints: NetworkNode[];

  constructor(private readonly model: CloudModel) {
    for (const group of model.resources({ type: 'AWS::EC2::SecurityGroup' })) {
      const id = group.physical.ref as string;
      this.ingress.set(id, (group.props.SecurityGroupIngress ?? []).map(rule));
      this.egress.set(id, (group.props.SecurityGroupEgress ?? []).map(rule));
    }
    for (const [type, rules] of [['AWS::EC2::SecurityGroupIngress', this.ingress], ['AWS::EC2::SecurityGroupEgress', this.egress]] as const) {
      for (const separate of model.resources({ type })) {
        const list = rules.get(separate.props.GroupId) ?? [];
        list.push(rule(separate.props));
        rules.set(separate.props.GroupId, list);
      }
    }
    for (const subnet of model.resources({ type: 'AWS::EC2::Subnet' })) {
      this.subnetCidrs.set(subnet.physical.ref as string, subnet.props.CidrBlock);
    }
    for (const association of model.resources({ type: 'AWS::EC2::SubnetRouteTableAssociation' })) {
      this.subnetRouteTables.set(association.props.SubnetId, association.props.RouteTableId);
    }
    for (const route of model.resources({ type: 'AWS::EC2::Route' })) {
      const list = this.routes.get(route.props.RouteTableId) ?? [];
      const igw = model.resources({ type: 'AWS::EC2::InternetGateway' }).some((gateway) => gateway.physical.ref === route.props.GatewayId);
      list.push({
        destination: route.props.DestinationCidrBlock,
        target: route.props.NatGatewayId ? 'nat-gateway' : igw ? 'internet-gateway' : 'other',
        natGateway: route.props.NatGatewayId,
      });
      this.routes.set(route.props.RouteTableId, list);
    }
    for (const nat of model.resources({ type: 'AWS::EC2::NatGateway' })) {
      this.natSubnets.set(nat.physical.ref as string, nat.props.SubnetId);
    }
    const endpoints = model.resources({ type: 'AWS::EC2::VPCEndpoint' });
    this.gatewayEndpoints = endpoints.filter((endpoint) => (endpoint.props.VpcEndpointType ?? 'Gateway') === 'Gateway')
      .map((endpoint) => ({ service: String(endpoint.props.ServiceName).split('.').pop() as string, routeTables: endpoint.props.RouteTableIds ?? [] }));
    this.interfaceEndpoints = endpoints.filter((endpoint) => endpoint.props.VpcEndpointType === 'Interface').map((endpoint) => ({
      name: String(endpoint.props.ServiceName).split('.').pop() as string,
      stackName: endpoint.stackName,
      securityGroups: endpoint.props.SecurityGroupIds ?? [],
      subnets: endpoint.props.SubnetIds ?? [],
      port: 443,
    }));
  }

  /** Whether `source` can open a TCP connection to `destination` on `port`. */
  public canConnect(source: NetworkNode, destination: NetworkNode, port: number): boolean {
    const out = source.securityGroups.some((group) => (this.egress.get(group) ?? [])
      .some((candidate) => allowsPort(candidate, port) && this.matchesPeer(candidate, destination)));
    const inbound = destination.securityGroups.some((group) => (this.ingress.get(group) ?? [])
      .some((candidate) => allowsPort(candidate, port) && this.matchesPeer(candidate, source)));
    return out && inbound;
  }

  /** Whether a connection from anywhere on the internet reaches `destination` on `port`. */
  public reachableFromInternet(destination: NetworkNode, port: number): boolean {
    const inbound = destination.securityGroups.some((group) => (this.ingress.get(group) ?? [])
      .some((candidate) => allowsPort(candidate, port) && (candidate.cidr === '0.0.0.0/0')));
    return inbound && destination.subnets.some((subnet) => this.defaultRoute(subnet)?.target === 'internet-gateway');
  }

  /**
   * Whether `source` reaches the regional endpoint of AWS service `service` (`ecr.api`, `logs`, `secretsmanager`, `s3`)
   * over HTTPS: through an interface endpoint, a gateway endpoint in its route tables, or a NAT gateway whose subnet
   * routes to an internet gateway.
   */
  public reachesAwsService(source: NetworkNode, service: string): boolean {
    if (this.interfaceEndpoints.some((endpoint) => endpoint.name === service && this.canConnect(source, endpoint, 443))) {
      return true;
    }
    const tables = source.subnets.map((subnet) => this.subnetRouteTables.get(subnet));
    const throughGateway = (endpoint: { service: string; routeTables: string[] }) =>
      endpoint.service === service && tables.every((table) => table && endpoint.routeTables.includes(table));
    if (this.gatewayEndpoints.some(throughGateway)) {
      return true;
    }
    const egressToAnywhere = source.securityGroups.some((group) => (this.egress.get(group) ?? [])
      .some((candidate) => allowsPort(candidate, 443) && candidate.cidr === '0.0.0.0/0'));
    return egressToAnywhere && source.subnets.length > 0 && source.subnets.every((subnet) => {
      const route = this.defaultRoute(subnet);
      const natSubnet = route?.target === 'nat-gateway' ? this.natSubnets.get(route.natGateway as string) : undefined;
      return natSubnet !== undefined && this.defaultRoute(natSubnet)?.target === 'internet-gateway';
    });
  }

  /** The subnets' route to 0.0.0.0/0, if any. */
  private defaultRoute(subnet: string): Route | undefined {
    const table = this.subnetRouteTables.get(subnet);
    return table ? (this.routes.get(table) ?? []).find((route) => route.destination === '0.0.0.0/0') : undefined;
  }

  private matchesPeer(candidate: Rule, peer: NetworkNode): boolean {
    if (candidate.peerGroup) {
      return peer.securityGroups.includes(candidate.peerGroup);
    }
    const cidrs = peer.subnets.map((subnet) => this.subnetCidrs.get(subnet));
    return candidate.cidr !== undefined && cidrs.length > 0
      && cidrs.every((cidr) => cidr !== undefined && cidrContains(candidate.cidr as string, cidr));
  }

  // ---- Nodes found in the templates ----

  /** Every load balancer. */
  public loadBalancers(): NetworkNode[] {
    return this.model.resources({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' })
      .map((resource) => node(resource, resource.props.SecurityGroups, resource.props.Subnets));
  }

  /** Every ECS service of `stackName`; a load-balanced one listens on its container port. */
  public services(stackName: string): NetworkNode[] {
    return this.model.resources({ stackName, type: 'AWS::ECS::Service' }).map((resource) => {
      const network = resource.props.NetworkConfiguration.AwsvpcConfiguration;
      const port = resource.props.LoadBalancers?.[0]?.ContainerPort;
      return { ...node(resource, network.SecurityGroups, network.Subnets), port };
    });
  }

  /** The migration tasks the deployments of `stackName` run, with the network configuration they are given. */
  public migrationTasks(stackName: string): NetworkNode[] {
    return this.model.resources({ stackName, type: 'Custom::MateMigration' })
      .map((resource) => node(resource, resource.props.SecurityGroups, resource.props.Subnets));
  }

  /** The databases, caches and file systems of `stackName`, each with its port. */
  public dataStores(stackName: string): NetworkNode[] {
    const subnetsOf = (type: string, nameProperty: string, name: string) =>
      this.model.resources({ type }).find((group) => group.physical.ref === name || group.props[nameProperty] === name)?.props.SubnetIds ?? [];
    const databases = this.model.resources({ stackName, type: 'AWS::RDS::DBInstance' }).map((resource) => ({
      ...node(resource, resource.props.VPCSecurityGroups, subnetsOf('AWS::RDS::DBSubnetGroup', 'DBSubnetGroupName', resource.props.DBSubnetGroupName)),
      port: Number(resource.props.Port ?? 5432),
    }));
    const caches = this.model.resources({ stackName, type: 'AWS::ElastiCache::ReplicationGroup' }).map((resource) => ({
      ...node(resource, resource.props.SecurityGroupIds, subnetsOf('AWS::ElastiCache::SubnetGroup', 'CacheSubnetGroupName', resource.props.CacheSubnetGroupName)),
      port: Number(resource.props.Port ?? 6379),
    }));
    const mountTargets = this.model.resources({ stackName, type: 'AWS::EFS::MountTarget' });
    const fileSystems = this.model.resources({ stackName, type: 'AWS::EFS::FileSystem' }).map((fileSystem) => {
      const targets = mountTargets.filter((target) => target.props.FileSystemId === fileSystem.physical.ref);
      return {
        ...node(fileSystem, [...new Set(targets.flatMap((target) => target.props.SecurityGroups))], targets.map((target) => target.props.SubnetId)),
        port: 2049,
      };
    });
    return [...databases, ...caches, ...fileSystems];
  }

  /** The rotation functions of `stackName` (serverless applications placed in the VPC). */
  public rotationFunctions(stackName: string): NetworkNode[] {
    return this.model.resources({ stackName, type: 'AWS::Serverless::Application' })
      .filter((resource) => resource.props.Parameters?.vpcSecurityGroupIds)
      .map((resource) => node(resource, String(resource.props.Parameters.vpcSecurityGroupIds).split(','), String(resource.props.Parameters.vpcSubnetIds).split(',')));
  }
}

function node(resource: ModelResource, securityGroups: string[] | undefined, subnets: string[] | undefined): NetworkNode {
  return { name: `${resource.stackName}/${resource.logicalId}`, stackName: resource.stackName, securityGroups: securityGroups ?? [], subnets: subnets ?? [] };
}

function rule(props: any): Rule {
  const protocol = String(props.IpProtocol);
  const all = protocol === '-1';
  return {
    protocol,
    fromPort: all ? 0 : Number(props.FromPort),
    toPort: all ? 65535 : Number(props.ToPort),
    peerGroup: props.SourceSecurityGroupId ?? props.DestinationSecurityGroupId,
    cidr: props.CidrIp,
  };
}

function allowsPort(candidate: Rule, port: number): boolean {
  return (candidate.protocol === '-1' || candidate.protocol === 'tcp' || candidate.protocol === '6') && candidate.fromPort <= port && port <= candidate.toPort;
}

/** Whether IPv4 block `outer` contains block `inner`. */
export function cidrContains(outer: string, inner: string): boolean {
  const parse = (cidr: string) => {
    const [address, bits] = cidr.split('/');
    const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
    return { value, bits: Number(bits) };
  };
  const a = parse(outer);
  const b = parse(inner);
  if (b.bits < a.bits) {
    return false;
  }
  const size = 2 ** (32 - a.bits);
  return Math.floor(a.value / size) === Math.floor(b.value / size);
}
