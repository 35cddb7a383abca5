import { EXAMPLE, exampleArn, exampleHex } from './example-environment';

/** What `Ref` and `Fn::GetAtt` return for one resource, given its (resolved) properties. */
export interface PhysicalResource {
  readonly ref: unknown;
  readonly attributes: { readonly [name: string]: unknown };
}

/** A name CloudFormation would generate for a resource without a name property: `<stack>-<logical id>-<suffix>`. */
function generatedName(stackName: string, logicalId: string, maxLength = 64): string {
  return `${stackName}-${logicalId}`.slice(0, maxLength - 13) + `-${exampleHex(`${stackName}/${logicalId}`, 12).toUpperCase()}`;
}

type Namer = (stackName: string, logicalId: string, props: { [key: string]: any }) => PhysicalResource;

/**
 * The physical names and ARNs AWS gives the resource types the proofs look at. A name property wins over a generated
 * name, as in CloudFormation; every other type gets `<logical id>-physical-id`, which no ARN in a policy can match by
 * accident.
 */
const NAMERS: { [type: string]: Namer } = {
  'AWS::IAM::Role': (stack, id, props) => {
    const name = props.RoleName ?? generatedName(stack, id);
    const arn = `arn:${EXAMPLE.partition}:iam::${EXAMPLE.account}:role${props.Path ?? '/'}${name}`;
    return { ref: name, attributes: { Arn: arn, RoleId: `AROA${exampleHex(arn, 16).toUpperCase()}` } };
  },
  'AWS::IAM::ManagedPolicy': (stack, id, props) => {
    const arn = `arn:${EXAMPLE.partition}:iam::${EXAMPLE.account}:policy${props.Path ?? '/'}${props.ManagedPolicyName ?? generatedName(stack, id)}`;
    return { ref: arn, attributes: { PolicyArn: arn } };
  },
  'AWS::IAM::OIDCProvider': (_stack, _id, props) => {
    const host = String(props.Url ?? 'https://oidc.example.com').replace(/^https:\/\//, '');
    const arn = `arn:${EXAMPLE.partition}:iam::${EXAMPLE.account}:oidc-provider/${host}`;
    return { ref: arn, attributes: { Arn: arn } };
  },
  'AWS::S3::Bucket': (stack, id, props) => {
    const name = props.BucketName ?? generatedName(stack, id, 63).toLowerCase();
    return { ref: name, attributes: { Arn: `arn:${EXAMPLE.partition}:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com`, RegionalDomainName: `${name}.s3.${EXAMPLE.region}.amazonaws.com` } };
  },
  'AWS::KMS::Key': (stack, id) => {
    const hex = exampleHex(`${stack}/${id}`, 32);
    const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    return { ref: keyId, attributes: { Arn: exampleArn('kms', `key/${keyId}`), KeyId: keyId } };
  },
  'AWS::KMS::Alias': (_stack, _id, props) => ({ ref: props.AliasName, attributes: {} }),
  'AWS::SNS::Topic': (stack, id, props) => {
    const name = props.TopicName ?? generatedName(stack, id, 256);
    const arn = exampleArn('sns', name);
    return { ref: arn, attributes: { TopicArn: arn, TopicName: name } };
  },
  'AWS::SecretsManager::Secret': (stack, id, props) => {
    const name = props.Name ?? generatedName(stack, id);
    return { ref: exampleArn('secretsmanager', `secret:${name}-${exampleHex(name, 6)}`), attributes: {} };
  },
  'AWS::Logs::LogGroup': (stack, id, props) => {
    const name = props.LogGroupName ?? generatedName(stack, id, 512);
    return { ref: name, attributes: { Arn: exampleArn('logs', `log-group:${name}:*`) } };
  },
  'AWS::ECR::Repository': (stack, id, props) => {
    const name = props.RepositoryName ?? generatedName(stack, id).toLowerCase();
    return {
      ref: name,
      attributes: { Arn: exampleArn('ecr', `repository/${name}`), RepositoryUri: `${EXAMPLE.account}.dkr.ecr.${EXAMPLE.region}.amazonaws.com/${name}` },
    };
  },
  'AWS::ECS::Cluster': (stack, id, props) => {
    const name = props.ClusterName ?? generatedName(stack, id);
    return { ref: name, attributes: { Arn: exampleArn('ecs', `cluster/${name}`) } };
  },
  'AWS::ECS::Service': (stack, id, props) => {
    const name = props.ServiceName ?? generatedName(stack, id);
    const cluster = String(props.Cluster ?? 'default').split('/').pop();
    const arn = exampleArn('ecs', `service/${cluster}/${name}`);
    return { ref: arn, attributes: { Name: name, ServiceArn: arn } };
  },
  'AWS::ECS::TaskDefinition': (stack, id, props) => {
    const arn = exampleArn('ecs', `task-definition/${props.Family ?? generatedName(stack, id)}:1`);
    return { ref: arn, attributes: { TaskDefinitionArn: arn } };
  },
  'AWS::Lambda::Function': (stack, id, props) => {
    const name = props.FunctionName ?? generatedName(stack, id);
    return { ref: name, attributes: { Arn: exampleArn('lambda', `function:${name}`) } };
  },
  'AWS::StepFunctions::StateMachine': (stack, id, props) => {
    const name = props.StateMachineName ?? generatedName(stack, id);
    const arn = exampleArn('states', `stateMachine:${name}`);
    return { ref: arn, attributes: { Arn: arn, Name: name } };
  },
  'AWS::CloudWatch::Alarm': (stack, id, props) => {
    const name = props.AlarmName ?? generatedName(stack, id, 255);
    return { ref: name, attributes: { Arn: exampleArn('cloudwatch', `alarm:${name}`) } };
  },
  'AWS::EFS::FileSystem': (stack, id) => {
    const fileSystemId = `fs-${exampleHex(`${stack}/${id}`, 17)}`;
    return { ref: fileSystemId, attributes: { FileSystemId: fileSystemId, Arn: exampleArn('elasticfilesystem', `file-system/${fileSystemId}`) } };
  },
  'AWS::EFS::AccessPoint': (stack, id) => {
    const accessPointId = `fsap-${exampleHex(`${stack}/${id}`, 17)}`;
    return { ref: accessPointId, attributes: { AccessPointId: accessPointId, Arn: exampleArn('elasticfilesystem', `access-point/${accessPointId}`) } };
  },
  'AWS::Backup::BackupVault': (stack, id, props) => {
    const name = props.BackupVaultName ?? generatedName(stack, id);
    return { ref: name, attributes: { BackupVaultName: name, BackupVaultArn: exampleArn('backup', `backup-vault:${name}`) } };
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (stack, id, props) => {
    const name = props.Name ?? `lb-${exampleHex(`${stack}/${id}`, 8)}`;
    const suffix = `app/${name}/${exampleHex(`${stack}/${id}`, 16)}`;
    return {
      ref: exampleArn('elasticloadbalancing', `loadbalancer/${suffix}`),
      attributes: { LoadBalancerFullName: suffix, DNSName: `${name}.${EXAMPLE.region}.elb.amazonaws.com`, CanonicalHostedZoneID: 'Z35SXDOTRQ7X7K', LoadBalancerName: name },
    };
  },
  'AWS::WAFv2::WebACL': (stack, id, props) => {
    const name = props.Name ?? generatedName(stack, id);
    return { ref: name, attributes: { Arn: exampleArn('wafv2', `regional/webacl/${name}/${exampleHex(name, 8)}`) } };
  },
  'AWS::SSM::Parameter': (stack, id, props) => ({ ref: props.Name ?? generatedName(stack, id), attributes: {} }),
  'AWS::EC2::VPC': (stack, id) => ({ ref: `vpc-${exampleHex(`${stack}/${id}`, 17)}`, attributes: { DefaultSecurityGroup: `sg-${exampleHex(`${stack}/${id}/default`, 17)}` } }),
  'AWS::EC2::SecurityGroup': (stack, id) => {
    const groupId = `sg-${exampleHex(`${stack}/${id}`, 17)}`;
    return { ref: groupId, attributes: { GroupId: groupId } };
  },
  'AWS::EC2::Subnet': (stack, id) => ({ ref: `subnet-${exampleHex(`${stack}/${id}`, 17)}`, attributes: {} }),
  'AWS::EC2::RouteTable': (stack, id) => ({ ref: `rtb-${exampleHex(`${stack}/${id}`, 17)}`, attributes: {} }),
  'AWS::EC2::NatGateway': (stack, id) => ({ ref: `nat-${exampleHex(`${stack}/${id}`, 17)}`, attributes: {} }),
  'AWS::EC2::InternetGateway': (stack, id) => ({ ref: `igw-${exampleHex(`${stack}/${id}`, 17)}`, attributes: {} }),
  'AWS::EC2::VPCEndpoint': (stack, id) => ({ ref: `vpce-${exampleHex(`${stack}/${id}`, 17)}`, attributes: {} }),
  'AWS::RDS::DBInstance': (stack, id, props) => {
    const name = String(props.DBInstanceIdentifier ?? generatedName(stack, id)).toLowerCase();
    return { ref: name, attributes: { 'Endpoint.Address': `${name}.example.${EXAMPLE.region}.rds.amazonaws.com`, 'Endpoint.Port': '5432', 'DBInstanceArn': exampleArn('rds', `db:${name}`) } };
  },
};

/**
 * The physical id (`Ref`) and attributes of resource `logicalId` of type `type` in stack `stackName`. A secret target
 * attachment's `Ref` is the ARN of its secret, as CloudFormation documents; the caller passes it resolved.
 */
export function physicalResource(stackName: string, logicalId: string, type: string, props: { [key: string]: any }): PhysicalResource {
  if (type === 'AWS::SecretsManager::SecretTargetAttachment') {
    return { ref: props.SecretId, attributes: {} };
  }
  const namer = NAMERS[type];
  if (namer) {
    return namer(stackName, logicalId, props);
  }
  const id = `${logicalId.toLowerCase()}-physical-id`;
  return { ref: id, attributes: new Proxy({}, { get: (_target, name) => typeof name === 'string' ? `${id}.${name}` : undefined }) };
}
