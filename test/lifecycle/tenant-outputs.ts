import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateBaseInfra } from '../../src/base';
import { readTemplates, type Templates } from '../../src/preview/change-preview';
import { MateTenant, type MateTenantProps } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const ENV = { account: '123456789012', region: 'us-east-1' };

/** A synth output on disk: its cdk.out directory and the templates it holds. */
export interface SynthOutput {
  readonly outdir: string;
  readonly templates: Templates;
}

/**
 * Synthesizes the environment `dev` and its tenant `demo` (Standard, image 1.0.0, unless `tenant` says otherwise)
 * under `context` into a fresh cdk.out directory, as `cdk synth` would; `configure` may change the app before that.
 */
export function synthesizeTenant(
  tenant: Partial<MateTenantProps> = {},
  context: { [key: string]: unknown } = {},
  configure: (app: App) => void = () => {},
): SynthOutput {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-preview-'));
  const app = new App({ outdir, context });
  const baseStack = new Stack(app, 'MateBase-dev', { env: ENV });
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
  });
  new MateTenant(new Stack(app, 'MateTenant-demo-dev', { env: ENV }), 'Tenant', {
    base,
    tenantId: 'demo',
    tier: TenantTier.STANDARD,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/sociant/mate:1.0.0'),
    ...tenant,
  });
  configure(app);
  app.synth();
  return { outdir, templates: readTemplates(outdir) };
}
