import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CHECKED_APPS, checkedApp, describeFindings, reportOf, synthesizeChecked, synthesizeWithTemplateValidation } from './security-apps';

/** aws-cdk-lib's built-in validation of every template against the CloudFormation resource schemas. */
const TEMPLATE_VALIDATION = /^CloudFormation Validate$/;

/** An app whose only resource has a property that AWS::S3::Bucket does not have. */
function appWithInvalidProperty(props = {}): App {
  const app = new App(props);
  new s3.CfnBucket(new Stack(app, 'Invalid'), 'Bucket').addPropertyOverride('Colour', 'blue');
  return app;
}

// Unit tests synthesize without it (test/setup/without-template-validation.ts); the checked apps are synthesized
// with it, so every template shape the library produces is still validated once per run.
describe('aws-cdk-lib\'s CloudFormation template validation', () => {
  test.each(CHECKED_APPS)('finds nothing in $name', ({ name }) => {
    expect(describeFindings(reportOf(checkedApp(name).report, TEMPLATE_VALIDATION))).toEqual([]);
  });

  test('runs where the checked apps are synthesized: a property the resource does not have is reported', () => {
    const { report } = synthesizeWithTemplateValidation(() => synthesizeChecked(appWithInvalidProperty));
    expect(describeFindings(reportOf(report, TEMPLATE_VALIDATION))).toContainEqual(expect.stringMatching(/Colour/));
  });

  test('is off in unit tests, which is what makes them fast', () => {
    const { report } = synthesizeChecked(appWithInvalidProperty);
    expect(describeFindings(reportOf(report, TEMPLATE_VALIDATION))).toEqual([]);
  });
});
