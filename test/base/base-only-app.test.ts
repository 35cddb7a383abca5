import { App, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { MateBaseInfra } from '../../src/base';
import { CERTIFICATE_ARN } from '../fixtures';

describe('a base-only app', () => {
  test.each<[string, StackProps]>([
    ['without account and region', {}],
    ['with a region', { env: { region: 'us-east-1' } }],
  ])('synthesizes offline %s: no context lookup, no export', (_, stackProps) => {
    const app = new App();
    const stack = new Stack(app, 'MateBase-dev', stackProps);
    new MateBaseInfra(stack, 'Base', {
      environment: 'dev',
      domainName: 'mate.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN),
    });

    const assembly = app.synth();
    const template = assembly.getStackByName('MateBase-dev').template;

    expect(assembly.manifest.missing).toBeUndefined();
    expect(Object.keys(template.Resources).length).toBeGreaterThan(50);
    expect(Object.keys(template.Resources).length).toBeLessThan(500);
    expect(JSON.stringify(template)).not.toContain('Fn::ImportValue');
    expect(Object.values(template.Outputs).filter((output: any) => output.Export)).toEqual([]);
  });
});
