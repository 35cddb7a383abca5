import { Lazy } from 'aws-cdk-lib';
import { isHostName, isSafeLabel, labelProblem, MAX_DNS_LABEL_LENGTH } from '../../src/naming';

describe('isSafeLabel', () => {
  test.each(['demo', 'a', 'acme-corp', 'tenant42', 'a'.repeat(MAX_DNS_LABEL_LENGTH)])('accepts %p', (label) => {
    expect(isSafeLabel(label)).toBe(true);
  });

  test.each([
    ['empty', ''],
    ['upper-case', 'Demo'],
    ['starting with a digit', '42tenant'],
    ['starting with a hyphen', '-demo'],
    ['ending with a hyphen', 'demo-'],
    ['with two hyphens in a row', 'acme--corp'],
    ['with an underscore', 'acme_corp'],
    ['with a dot', 'acme.corp'],
    ['longer than 63 characters', 'a'.repeat(MAX_DNS_LABEL_LENGTH + 1)],
  ])('rejects a label %s', (_case, label) => {
    expect(isSafeLabel(label)).toBe(false);
  });
});

describe('labelProblem', () => {
  test('is undefined for a safe label', () => {
    expect(labelProblem('tenantId', 'demo')).toBeUndefined();
  });

  test('names the prop, the value and what a label may contain', () => {
    expect(labelProblem('tenantId', 'Demo_1')).toBe(
      "tenantId 'Demo_1' must be a lower-case DNS label: 1 to 63 letters, digits and single hyphens, starting with a letter and ending with a letter or digit (for example 'demo')",
    );
  });

  test('rejects a token, because names are derived and checked at synth', () => {
    expect(labelProblem('environment', Lazy.string({ produce: () => 'dev' }))).toBe(
      'environment must be a literal string, not a token such as a parameter or an attribute of another resource: every AWS name is derived from it and checked at synth',
    );
  });
});

describe('isHostName', () => {
  test.each(['mate.example.com', 'demo.mate.example.com', 'mate-1.example.co.uk', 'xn--bcher-kva.example', `${'a'.repeat(63)}.com`])(
    'accepts %p',
    (hostName) => {
      expect(isHostName(hostName)).toBe(true);
    },
  );

  test.each([
    ['empty', ''],
    ['a single label', 'localhost'],
    ['upper-case', 'Mate.example.com'],
    ['a label starting with a hyphen', '-mate.example.com'],
    ['a label ending with a hyphen', 'mate-.example.com'],
    ['an empty label', 'mate..example.com'],
    ['a trailing dot', 'mate.example.com.'],
    ['a numeric top-level label', 'mate.example.123'],
    ['a label longer than 63 characters', `${'a'.repeat(64)}.com`],
    ['a wildcard', '*.example.com'],
    ['more than 253 characters', `${Array(64).fill('abc').join('.')}.com`],
  ])('rejects a host name with %s', (_case, hostName) => {
    expect(isHostName(hostName)).toBe(false);
  });

  test('accepts exactly 253 characters', () => {
    const hostName = `${Array(62).fill('abc').join('.')}.abcde`;
    expect(hostName).toHaveLength(253);
    expect(isHostName(hostName)).toBe(true);
  });
});
