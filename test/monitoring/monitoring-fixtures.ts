import type { Template } from 'aws-cdk-lib/assertions';

/** Every resource of `type` in `template`, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { [key: string]: any }> {
  return template.findResources(type);
}

/** The tenant's alarms by name. */
export function alarmsByName(template: Template): Record<string, { [key: string]: any }> {
  return Object.fromEntries(Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))
    .map((alarm) => [alarm.Properties.AlarmName, alarm.Properties]));
}

/**
 * The body of the dashboard named `name`, parsed: CloudFormation joins it from strings and references, and each
 * reference stands in as the string `<ref>`.
 */
export function dashboardBody(template: Template, name: string): { widgets: Array<{ [key: string]: any }> } {
  const dashboards = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'))
    .filter((dashboard) => dashboard.Properties.DashboardName === name);
  if (dashboards.length !== 1) {
    throw new Error(`expected one dashboard named ${name}, found ${dashboards.length}`);
  }
  const body = dashboards[0].Properties.DashboardBody;
  const text = typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[])
    .map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  return JSON.parse(text);
}

/** The titles of a dashboard's graph widgets. */
export function graphTitles(body: { widgets: Array<{ [key: string]: any }> }): string[] {
  return body.widgets.filter((widget) => widget.type === 'metric').map((widget) => widget.properties.title);
}

/** The metric lines of the graph titled `title`: each `[namespace, name, dimension, value, ..., options]`. */
export function graphMetrics(body: { widgets: Array<{ [key: string]: any }> }, title: string): unknown[][] {
  const widget = body.widgets.find((candidate) => candidate.properties?.title === title);
  if (!widget) {
    throw new Error(`no widget titled ${title}; titles: ${graphTitles(body).join(', ')}`);
  }
  return widget.properties.metrics;
}
