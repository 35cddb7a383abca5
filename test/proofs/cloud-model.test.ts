import { CloudModel, UNRESOLVED, type Template } from './cloud-model';

/** An environment stack that publishes a parameter and exports a value, and a tenant stack that reads both. */
function model(): CloudModel {
  const base: Template = {
    Resources: {
      Key1234ABCD: { Type: 'AWS::KMS::Key', Properties: {} },
      Topic5678ABCD: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alarms' } },
      TopicParameter: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/mate/dev/alarm-topic/arn', Value: { Ref: 'Topic5678ABCD' } } },
    },
    Outputs: { KeyArn: { Value: { 'Fn::GetAtt': ['Key1234ABCD', 'Arn'] }, Export: { Name: 'mate-dev-key-arn' } } },
  };
  const tenant: Template = {
    Parameters: { TopicArnParameter: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/mate/dev/alarm-topic/arn' } },
    Conditions: { InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
    Mappings: { Accounts: { 'us-east-1': { elb: '127311923021' } } },
    Resources: {
      Role1111AAAA: { Type: 'AWS::IAM::Role', Properties: { Path: '/mate/dev/ecs-tasks/', RoleName: 'task' } },
      Probe: {
        Type: 'AWS::CloudFormation::WaitConditionHandle',
        Properties: {
          topic: { Ref: 'TopicArnParameter' },
          key: { 'Fn::ImportValue': 'mate-dev-key-arn' },
          sub: { 'Fn::Sub': ['arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${name}', { name: '/ecs/x' }] },
          role: { 'Fn::Sub': '${Role1111AAAA.Arn}' },
          select: { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] },
          conditional: { 'Fn::If': ['InUsEast1', 'east', 'elsewhere'] },
          gone: { Ref: 'AWS::NoValue' },
          list: ['kept', { Ref: 'AWS::NoValue' }],
          mapped: { 'Fn::FindInMap': ['Accounts', { Ref: 'AWS::Region' }, 'elb'] },
          missing: { Ref: 'Nothing' },
        },
      },
    },
  };
  return new CloudModel([{ stackName: 'Base', template: base }, { stackName: 'Tenant', template: tenant }]);
}

describe('CloudModel', () => {
  const props = model().resource('Tenant', 'Probe').props;

  test('resolves an SSM parameter reference to what the stack that publishes the parameter writes', () => {
    expect(props.topic).toBe('arn:aws:sns:us-east-1:123456789012:alarms');
  });

  test('resolves an import to the exporting stack\'s output, consistent with the resource\'s own ARN', () => {
    expect(props.key).toBe(model().resource('Base', 'Key1234ABCD').physical.attributes.Arn);
    expect(props.key).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
  });

  test('resolves Sub with and without variables, Select, Split, If, FindInMap and NoValue', () => {
    expect(props.sub).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/ecs/x');
    expect(props.role).toBe('arn:aws:iam::123456789012:role/mate/dev/ecs-tasks/task');
    expect(props.select).toBe('b');
    expect(props.conditional).toBe('east');
    expect(props.mapped).toBe('127311923021');
    expect('gone' in props).toBe(false);
    expect(props.list).toEqual(['kept']);
  });

  test('marks what it cannot resolve, so a proof that meets it fails', () => {
    expect(props.missing).toBe(`${UNRESOLVED}Ref Tenant/Nothing`);
  });
});
