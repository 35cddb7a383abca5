import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The security packs the library is checked against, by their rule-id prefix. */
const PACKS = {
  awsSolutions: 'AwsSolutions',
  hipaa: 'HIPAA.Security',
  nist: 'NIST.800.53.R5',
  pci: 'PCI.DSS.321',
} as const;

type Pack = keyof typeof PACKS;

/**
 * Records on `scope` that the finding `rule` of each of `packs` is intended, for the reason given. Only findings a
 * tenant cannot avoid, or that a tier decides on purpose, are acknowledged; the reason is written for a reviewer.
 */
export function acknowledgeFinding(scope: IConstruct, packs: Pack[], rule: string, reason: string): void {
  for (const pack of packs) {
    Validations.of(scope).acknowledge({ id: `${PACKS[pack]}-${rule}`, reason });
  }
}
