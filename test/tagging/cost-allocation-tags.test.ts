import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UNTAGGED_RESOURCE_TYPES } from '../../src/tagging/cost-allocation-tags';
import { createTenant } from '../fixtures';

/** The resources of `types` in `template` that carry a `mate:` tag, by logical id. */
function taggedOfTypes(template: Template, types: readonly string[]): string[] {
  return Object.entries(template.toJSON().Resources as { [id: string]: any })
    .filter(([, resource]) => types.includes(resource.Type) && JSON.stringify(resource.Properties?.Tags ?? []).includes('"mate:'))
    .map(([id]) => id);
}

describe('cost-allocation tags', () => {
  const { base: environment, template } = createTenant();
  const base = Template.fromStack(Stack.of(environment));

  test('tag the tenant\'s resources with its tenant id, tier and environment', () => {
    const tags = Object.values(template.findResources('AWS::RDS::DBInstance'))[0].Properties.Tags;
    expect(tags).toEqual(expect.arrayContaining([
      { Key: 'mate:tenant', Value: 'demo' },
      { Key: 'mate:tier', Value: 'trial' },
      { Key: 'mate:environment', Value: 'dev' },
    ]));
  });

  test('leave out the resource types cfn-lint does not accept tags on', () => {
    expect(taggedOfTypes(template, UNTAGGED_RESOURCE_TYPES)).toEqual([]);
    expect(taggedOfTypes(base, UNTAGGED_RESOURCE_TYPES)).toEqual([]);
    // The check sees those types: the tenant has a listener rule and scalable targets, the base listeners.
    const types = (checked: Template) => Object.values(checked.toJSON().Resources as { [id: string]: any }).map((resource) => resource.Type);
    expect(types(template)).toEqual(expect.arrayContaining(['AWS::ElasticLoadBalancingV2::ListenerRule', 'AWS::ApplicationAutoScaling::ScalableTarget']));
    expect(types(base)).toEqual(expect.arrayContaining(['AWS::ElasticLoadBalancingV2::Listener']));
  });

  test('leave the tier off the rotation application, which a tag change would replace, and keep the tags that never change on it', () => {
    const applications = Object.values(template.findResources('AWS::Serverless::Application'));
    expect(applications).toHaveLength(1);
    expect(applications[0].Properties.Tags).toEqual({ 'mate:tenant': 'demo', 'mate:environment': 'dev' });
  });
});
