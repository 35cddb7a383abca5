import { Token } from 'aws-cdk-lib';

/**
 * A lower-case DNS label that is also safe inside every AWS identifier we derive from it: starts with a letter (RDS
 * and ElastiCache identifiers must), ends with a letter or digit, and has no two hyphens in a row (RDS and
 * ElastiCache reject them).
 */
const SAFE_LABEL = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/** The longest DNS label. */
export const MAX_DNS_LABEL_LENGTH = 63;

/** Whether `value` is a lower-case DNS label that every derived AWS name accepts. */
export function isSafeLabel(value: string): boolean {
  return value.length <= MAX_DNS_LABEL_LENGTH && SAFE_LABEL.test(value) && !value.includes('--');
}

/** The problem with `value` as the prop `propName`, or undefined when it is a safe label. */
export function labelProblem(propName: string, value: string): string | undefined {
  if (Token.isUnresolved(value)) {
    // Names are derived and length-checked at synth, so the label must be known then.
    return `${propName} must be a literal string, not a token such as a parameter or an attribute of another resource: every AWS name is derived from it and checked at synth`;
  }
  if (isSafeLabel(value)) {
    return undefined;
  }
  return `${propName} '${value}' must be a lower-case DNS label: 1 to ${MAX_DNS_LABEL_LENGTH} letters, digits and single hyphens, starting with a letter and ending with a letter or digit (for example 'demo')`;
}

/** Whether `value` is a DNS host name: dot-separated lower-case labels, at most 253 characters. */
export function isHostName(value: string): boolean {
  if (value.length > 253 || value.length === 0) {
    return false;
  }
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label))
    && /[a-z]/.test(labels[labels.length - 1]);
}
