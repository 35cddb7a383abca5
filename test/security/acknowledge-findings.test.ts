import { App, Stack, Validations } from 'aws-cdk-lib';
import { acknowledgeFinding, COMPLIANCE_PACKS, ruleIds } from '../../src/security/acknowledge-findings';

describe('acknowledging a finding', () => {
  test('names the rule in each pack the way cdk-nag writes its ids', () => {
    expect(ruleIds(COMPLIANCE_PACKS, 'RDSMultiAZSupport')).toEqual([
      'HIPAA.Security-RDSMultiAZSupport', 'NIST.800.53.R5-RDSMultiAZSupport', 'PCI.DSS.321-RDSMultiAZSupport',
    ]);
    expect(ruleIds(['awsSolutions'], 'S1')).toEqual(['AwsSolutions-S1']);
  });

  test('records each id with the reason on the construct, where aws-cdk-lib\'s validation reads it', () => {
    const stack = new Stack(new App(), 'Stack');
    acknowledgeFinding(stack, ['awsSolutions', 'hipaa'], 'S1', 'A bucket that only receives logs of its own kind has nothing to log.');
    const recorded = stack.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(recorded.map(([id]) => id.replace(/^Annotation::/i, ''))).toEqual(['AwsSolutions-S1', 'HIPAA.Security-S1']);
    expect(new Set(recorded.map(([, reason]) => reason))).toEqual(new Set(['A bucket that only receives logs of its own kind has nothing to log.']));
  });
});
