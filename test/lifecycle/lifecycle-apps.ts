import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App, AppProps } from 'aws-cdk-lib';
import { createDemoApp } from '../../examples/demo/app';
import { createTwoTenantApp, REPORT_FINDINGS } from '../security/security-apps';

/** A synthesized app: each stack's template by stack name. */
export type Templates = { [stackName: string]: { [key: string]: any } };

/** The apps whose lifecycle is checked: the demo users start from, and the two-tenant app (Trial and Enterprise). */
export const LIFECYCLE_APPS: Array<[string, (props: AppProps) => App]> = [
  ['examples/demo', (props) => createDemoApp(props)],
  ['the two-tenant app', createTwoTenantApp],
];

export { FLAG_CONTEXTS } from './flag-contexts';

/** Synthesizes the app `create` makes under `context` (security findings reported, not thrown) into a fresh directory. */
export function synthesizeTemplates(create: (props: AppProps) => App, context: { [key: string]: unknown } = {}): Templates {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-lifecycle-'));
  const assembly = create({ outdir, context: { ...context, ...REPORT_FINDINGS } }).synth();
  const templates: Templates = {};
  for (const stack of assembly.stacks) {
    templates[stack.stackName] = stack.template;
  }
  return templates;
}

/** Every resource of `templates` as `[stack name, logical id, resource]`. */
export function resourcesOf(templates: Templates): Array<[string, string, { [key: string]: any }]> {
  return Object.entries(templates).flatMap(([stackName, template]) => Object.entries<{ [key: string]: any }>(template.Resources ?? {})
    .map(([logicalId, resource]) => [stackName, logicalId, resource] as [string, string, { [key: string]: any }]));
}
