import { App, Fn, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { renderForNag } from '../../src/security/nag-ids';

describe('values rendered as cdk-nag names them in finding ids', () => {
  const stack = new Stack(new App(), 'Stack');
  const bucket = new s3.CfnBucket(stack, 'Bucket');

  test.each<[string, unknown, string]>([
    ['a literal', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/*'],
    ['a reference', bucket.ref, '<Bucket>'],
    ['an attribute', bucket.attrArn, '<Bucket.Arn>'],
    ['a pseudo parameter in a join', `arn:${stack.partition}:s3:::${bucket.ref}/*`, 'arn:<AWS::Partition>:s3:::<Bucket>/*'],
    ['a substitution', Fn.sub('arn:${AWS::Partition}:s3:::x/*'), 'arn:<AWS::Partition>:s3:::x/*'],
    ['nothing', undefined, ''],
    ['anything else, as JSON', { 'Fn::Select': [0, ['a']] }, '{"Fn::Select":[0,["a"]]}'],
  ])('%s', (_name, value, rendered) => {
    expect(renderForNag(stack, value)).toBe(rendered);
  });
});
