import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';

/**
 * The two app contexts users run the library under: no feature flags (apps created before the flags existed, and the
 * library's own tests) and the flags `cdk init` writes into every new app's cdk.json.
 */
export const FLAG_CONTEXTS: Array<[string, { [key: string]: unknown }]> = [
  ['no feature flags', {}],
  ['the recommended feature flags', { ...CURRENTLY_RECOMMENDED_FLAGS }],
];
