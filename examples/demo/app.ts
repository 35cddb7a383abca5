import { App, Stack, Validations, type AppProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MateBaseInfra, MateGitHubDeployRole, MateTenant, TenantTier } from '@sociant/mate-infra';

/** The environment of the seed's `terraform/base`, and the tenant of its `terraform/tenants/demo`. */
export const DEMO = {
  environment: 'dev',
  domainName: 'mate.example.com',
  hostedZoneId: 'Z0123456789EXAMPLE',
  hostedZoneName: 'example.com',
  alarmEmail: 'oncall@example.com',
  /** The repository whose workflows deploy the environment (see examples/.github/workflows/infrastructure.yml). */
  gitHubRepository: 'sociant/mate-app',
  tenantId: 'demo',
  tier: TenantTier.TRIAL,
} as const;

/**
 * The demo app: the `dev` environment and the `demo` tenant on the Trial tier, each in its own stack. `main.ts` adds
 * the security checks (`withSecurityChecks`) to every synth of it.
 */
export function createDemoApp(props: AppProps = {}): App {
  const app = new App(props);

  const baseStack = new Stack(app, `MateBase-${DEMO.environment}`, {
    description: `MATE shared platform of environment ${DEMO.environment}`,
  });
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: DEMO.environment,
    domainName: DEMO.domainName,
    // Without a certificate the base creates a wildcard certificate, DNS-validated in this zone, and the
    // `*.mate.example.com` record that sends every tenant host to the load balancer. No lookup: offline synth.
    hostedZone: route53.PublicHostedZone.fromHostedZoneAttributes(baseStack, 'Zone', {
      hostedZoneId: DEMO.hostedZoneId,
      zoneName: DEMO.hostedZoneName,
    }),
    alarmEmails: [DEMO.alarmEmail],
  });
  // GitHub Actions of the main branch deploy with OIDC, no stored keys; the stack output GitHubDeployRoleArn is the
  // workflow's role-to-assume.
  new MateGitHubDeployRole(baseStack, 'GitHubDeploy', {
    base,
    repository: DEMO.gitHubRepository,
  });

  // MateTenant.stackName checks the ids first, so a bad tenant id gets MATE's message rather than CDK's stack-name error.
  const tenantStack = new Stack(app, MateTenant.stackName(DEMO.tenantId, DEMO.environment), {
    description: `MATE tenant ${DEMO.tenantId} (${DEMO.tier.name}) in environment ${DEMO.environment}`,
  });
  // CI pushes immutable tags to the environment's repository (`mate-dev`); the name is written out rather than taken
  // from `base.repository` so that the tenant stack holds no reference into the base stack.
  const imageTag = app.node.tryGetContext('imageTag') ?? '1.0.0';
  const repository = ecr.Repository.fromRepositoryName(tenantStack, 'AppRepository', `mate-${DEMO.environment}`);
  new MateTenant(tenantStack, 'Tenant', {
    base,
    tenantId: DEMO.tenantId,
    tier: DEMO.tier,
    image: ecs.ContainerImage.fromEcrRepository(repository, imageTag),
  });
  return app;
}

/**
 * Checks `app` with the AwsSolutions, HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1 packs of cdk-nag: a finding
 * that is not acknowledged where it arises fails the synth.
 */
export function withSecurityChecks(app: App): App {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new HIPAASecurityChecks(app),
    new NIST80053R5Checks(app),
    new PCIDSS321Checks(app),
  );
  return app;
}
