import type { IConstruct } from 'constructs';

/**
 * Throws one `Error` listing every problem with `subject`, or returns when there are none.
 *
 * Every problem at once rather than the first, so that one edit fixes them all; each problem names the prop to
 * change and how. The construct path says which construct of the app is wrong, since several apps' constructs
 * (tenants of one environment, for one) share their display names.
 *
 * @param subject what is invalid, as the user wrote it, for example `MateTenant 'acme'`
 * @param scope the construct being built, when there is one
 */
export function throwIfProblems(subject: string, problems: readonly string[], scope?: IConstruct): void {
  if (problems.length === 0) {
    return;
  }
  const where = scope === undefined ? '' : `\n  (construct path: ${scope.node.path})`;
  throw new Error(`Invalid ${subject}:\n  - ${problems.join('\n  - ')}${where}`);
}
