import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The cdk-nag packs the library is checked against, by the prefix of their rule ids. */
const NAG_PACKS = {
  awsSolutions: 'AwsSolutions',
  hipaa: 'HIPAA.Security',
  nist: 'NIST.800.53.R5',
  pci: 'PCI.DSS.321',
} as const;

/** One of the packs. */
export type NagPack = keyof typeof NAG_PACKS;

/** The three compliance packs, whose rules share names (`HIPAA.Security-RDSMultiAZSupport`, `PCI.DSS.321-...`). */
export const COMPLIANCE_PACKS: readonly NagPack[] = ['hipaa', 'nist', 'pci'];

/** The id of rule `rule` in each of `packs`, for example `NIST.800.53.R5-ELBDeletionProtectionEnabled`. */
export function ruleIds(packs: readonly NagPack[], rule: string): string[] {
  return packs.map((pack) => `${NAG_PACKS[pack]}-${rule}`);
}

/**
 * Records on `scope` and its children that the findings `ids` are intended, each for `reason`. Only findings a tenant
 * or environment cannot avoid, or that a tier decides on purpose, are acknowledged, on the construct where they arise,
 * with a reason written for a security reviewer (docs/security.md lists them all). The acknowledgement is core
 * aws-cdk-lib, so the library has no runtime dependency on cdk-nag.
 */
export function acknowledgeFindings(scope: IConstruct, ids: readonly string[], reason: string): void {
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}

/** Acknowledges rule `rule` of each of `packs` on `scope`, for `reason`. */
export function acknowledgeFinding(scope: IConstruct, packs: readonly NagPack[], rule: string, reason: string): void {
  acknowledgeFindings(scope, ruleIds(packs, rule), reason);
}
