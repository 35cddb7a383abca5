import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The compliance packs that share rule names. */
const COMPLIANCE_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

/** The ids of rule `rule` (for example `S3BucketLoggingEnabled`) in every compliance pack. */
export function inCompliancePacks(rule: string): string[] {
  return COMPLIANCE_PACKS.map((pack) => `${pack}-${rule}`);
}

/** Acknowledges intended findings on `construct` and its children, each with the same reason. */
export function acknowledgeIntendedFindings(construct: IConstruct, ids: readonly string[], reason: string): void {
  Validations.of(construct).acknowledge(...ids.map((id) => ({ id, reason })));
}
