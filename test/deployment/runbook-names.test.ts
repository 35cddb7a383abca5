import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createDemoApp } from '../../examples/demo/app';

/** Names and outputs are what these tests read; the security packs' verdict is test/examples' concern. */

/** The AWS CLI commands of the seed's runbook ("AWS Resource Inspection"), copied verbatim. */
const SEED_AWS_COMMANDS = [
  'aws ecs list-services --cluster mate-dev',
  'aws ecs describe-services --cluster mate-dev --services mate-demo-dev-django',
  'aws ecs list-tasks --cluster mate-dev --service-name mate-demo-dev-django',
  'aws ecs describe-tasks --cluster mate-dev --tasks <task-arn>',
  'aws logs tail /ecs/mate-demo-dev/django --follow',
  'aws ecs update-service --cluster mate-dev --service mate-demo-dev-django --force-new-deployment',
];

/** Every Terraform and tool command of the seed's runbook, copied verbatim. */
const SEED_TERRAFORM_COMMANDS = [
  'terraform init',
  'terraform fmt -recursive',
  'terraform validate',
  'terraform plan',
  'terraform plan -out=tfplan',
  'terraform apply tfplan',
  'terraform apply',
  'terraform apply -auto-approve',
  'terraform apply -target=module.tenant.aws_ecs_service.django',
  'terraform destroy -target=module.tenant.aws_ecs_service.django',
  'terraform state list',
  'terraform state show module.tenant.aws_ecs_service.django',
  'terraform state pull > current-state.json',
  'terraform state rm module.tenant.aws_ecs_service.django',
  'terraform state mv aws_instance.old aws_instance.new',
  'terraform apply -replace="module.tenant.aws_ecs_service.django"',
  'terraform output',
  'terraform output -json',
  'terraform output alb_dns_name',
  'terraform graph | dot -Tpng > graph.png',
  'terraform providers',
  'TF_LOG=DEBUG terraform plan',
  'TF_LOG=TRACE terraform apply',
  'terraform workspace list',
  'terraform workspace new staging',
  'terraform workspace select staging',
  'terraform workspace delete staging',
  'terraform import module.tenant.aws_s3_bucket.data mate-demo-dev-data',
  'terraform show -no-color > imported.tf',
  'terraform plan -out=base.tfplan',
  'terraform apply base.tfplan',
  'terraform plan -var="environment=dev" -out=tenant.tfplan',
  'terraform apply tenant.tfplan',
  'terraform destroy -auto-approve',
  'terraform refresh',
  'terraform force-unlock <lock-id>',
  'terraform state list | grep -i django',
  'terraform state pull | jq \'.resources[] | select(.type == "aws_ecs_service")\'',
  'infracost breakdown --path .',
  'tfsec .',
  'checkov -d .',
];

/** The seed's import command and its output command, whose names the library must create too. */
const SEED_TERRAFORM_IMPORT = 'terraform import module.tenant.aws_s3_bucket.data mate-demo-dev-data';
const SEED_TERRAFORM_OUTPUT = 'terraform output alb_dns_name';

type NameKind = 'cluster' | 'service' | 'logGroup' | 'bucket';

/** The AWS names a command uses, by what they name; placeholders such as `<task-arn>` are not names. */
function namesIn(command: string): Array<[NameKind, string]> {
  const words = command.split(' ');
  const names: Array<[NameKind, string]> = [];
  const optionKinds: Record<string, NameKind> = { '--cluster': 'cluster', '--services': 'service', '--service-name': 'service', '--service': 'service' };
  words.forEach((word, index) => {
    const kind = optionKinds[word];
    if (kind) {
      names.push([kind, words[index + 1]]);
    }
  });
  if (command.startsWith('aws logs tail ')) {
    names.push(['logGroup', words[3]]);
  }
  if (command.startsWith('terraform import ') && words[2].includes('aws_s3_bucket')) {
    names.push(['bucket', words[3]]);
  }
  return names;
}

describe('the seed\'s runbook against the demo app', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-runbook-'));
  const assembly = createDemoApp({ outdir }).synth();
  const base = Template.fromJSON(assembly.getStackByName('MateBase-dev').template);
  const tenant = Template.fromJSON(assembly.getStackByName('MateTenant-demo-dev').template);

  const checks: Record<NameKind, (name: string) => void> = {
    cluster: (name) => {
      base.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: name });
      // The tenant's services run on that cluster.
      tenant.hasResourceProperties('AWS::ECS::Service', { Cluster: name });
    },
    service: (name) => tenant.hasResourceProperties('AWS::ECS::Service', { ServiceName: name, Cluster: 'mate-dev' }),
    logGroup: (name) => {
      const ids = Object.keys(tenant.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: name } }));
      expect(ids).toHaveLength(1);
      // ...and it is where the Django container writes.
      tenant.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [Match.objectLike({ LogConfiguration: Match.objectLike({ Options: Match.objectLike({ 'awslogs-group': { Ref: ids[0] } }) }) })],
        Family: 'mate-demo-dev-django',
      });
    },
    bucket: (name) => tenant.hasResourceProperties('AWS::S3::Bucket', { BucketName: name }),
  };

  test('the fixtures name exactly the names the seed uses', () => {
    const names = [...SEED_AWS_COMMANDS, SEED_TERRAFORM_IMPORT].flatMap(namesIn).map(([, name]) => name);
    expect([...new Set(names)].sort()).toEqual(['/ecs/mate-demo-dev/django', 'mate-demo-dev-data', 'mate-demo-dev-django', 'mate-dev']);
  });

  test.each([...SEED_AWS_COMMANDS, SEED_TERRAFORM_IMPORT].map((command) => [command]))('%s uses names the demo app creates', (command) => {
    for (const [kind, name] of namesIn(command)) {
      checks[kind](name);
    }
  });

  test(`${SEED_TERRAFORM_OUTPUT} is the base stack's output AlbDnsName`, () => {
    base.hasOutput('AlbDnsName', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('LoadBalancer'), 'DNSName'] } });
  });

  test('the tenant stack outputs the names the commands use', () => {
    tenant.hasOutput('ClusterDemo', { Value: 'mate-dev' });
    tenant.hasOutput('DjangoServiceDemo', { Value: 'mate-demo-dev-django' });
    tenant.hasOutput('DjangoLogGroupDemo', { Value: '/ecs/mate-demo-dev/django' });
  });

  test('the operations guide\'s runbook lists every seed command unchanged', () => {
    const guide = fs.readFileSync(path.join(__dirname, '../../docs/operations.md'), 'utf-8');
    const start = guide.indexOf('<!-- section: runbook -->');
    expect(start).toBeGreaterThanOrEqual(0);
    // Table cells escape the pipe.
    const runbook = guide.slice(start).replace(/\\\|/g, '|');
    for (const command of SEED_AWS_COMMANDS) {
      expect(runbook).toContain(command);
    }
    expect(runbook).toContain(SEED_TERRAFORM_IMPORT);
    const unmapped = SEED_TERRAFORM_COMMANDS.filter((command) => !runbook.includes(`\`${command}\``));
    expect(unmapped).toEqual([]);
    expect(runbook).toContain('npx cdk import MateTenant-demo-dev --resource-mapping-inline \'{"<logical id>":{"BucketName":"mate-demo-dev-data"}}\'');
  });
});
