import { EXAMPLE } from './example-environment';
import { physicalResource, type PhysicalResource } from './physical-names';

/** A CloudFormation template, as synthesized. */
export interface Template {
  Parameters?: { [name: string]: { Type: string; Default?: unknown } };
  Conditions?: { [name: string]: unknown };
  Mappings?: { [name: string]: { [key: string]: { [key: string]: unknown } } };
  Resources: { [logicalId: string]: { Type: string; Properties?: { [key: string]: any }; Condition?: string } };
  Outputs?: { [name: string]: { Value: unknown; Export?: { Name: unknown } } };
}

/** One resource of the model, its properties resolved to concrete values. */
export interface ModelResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** The template's properties, every intrinsic resolved. */
  readonly props: { [key: string]: any };
  /** What `Ref` and `Fn::GetAtt` return. */
  readonly physical: PhysicalResource;
}

/** Marks a value the model could not resolve; a proof that meets one fails and names it. */
export const UNRESOLVED = 'UNRESOLVED:';

/** `AWS::NoValue`: the property or list element disappears. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * The stacks of one cloud assembly, deployed together in the example account and Region: every intrinsic of every
 * template resolves to the value AWS would produce (physical names from name properties or from logical ids, SSM
 * parameter references to the value the stack that publishes the parameter writes, imports to the exporting stack's
 * output), so that an ARN one stack computes equals the ARN another stack's policy names.
 */
export class CloudModel {
  public readonly stackNames: string[];
  private readonly templates = new Map<string, Template>();
  private readonly resolvedResources = new Map<string, ModelResource>();
  private readonly resolving = new Set<string>();

  constructor(stacks: Array<{ stackName: string; template: Template }>) {
    for (const { stackName, template } of stacks) {
      this.templates.set(stackName, template);
    }
    this.stackNames = stacks.map((stack) => stack.stackName);
  }

  /** The template of `stackName`, as synthesized. */
  public template(stackName: string): Template {
    const template = this.templates.get(stackName);
    if (!template) {
      throw new Error(`no stack ${stackName} in the assembly (stacks: ${this.stackNames.join(', ')})`);
    }
    return template;
  }

  /** Every resource of every stack, or of the stacks and type given. */
  public resources(filter: { stackName?: string; type?: string } = {}): ModelResource[] {
    return this.stackNames
      .filter((stackName) => filter.stackName === undefined || filter.stackName === stackName)
      .flatMap((stackName) => Object.entries(this.template(stackName).Resources)
        .filter(([, resource]) => filter.type === undefined || resource.Type === filter.type)
        .map(([logicalId]) => this.resource(stackName, logicalId)));
  }

  /** One resource, resolved. */
  public resource(stackName: string, logicalId: string): ModelResource {
    const key = `${stackName}/${logicalId}`;
    const cached = this.resolvedResources.get(key);
    if (cached) {
      return cached;
    }
    const raw = this.template(stackName).Resources[logicalId];
    if (!raw) {
      throw new Error(`no resource ${logicalId} in stack ${stackName}`);
    }
    if (this.resolving.has(key)) {
      throw new Error(`circular reference through ${key}`);
    }
    this.resolving.add(key);
    try {
      const props = this.resolve(stackName, raw.Properties ?? {}) as { [key: string]: any };
      const resource = { stackName, logicalId, type: raw.Type, props, physical: physicalResource(stackName, logicalId, raw.Type, props) };
      this.resolvedResources.set(key, resource);
      return resource;
    } finally {
      this.resolving.delete(key);
    }
  }

  /** `value` with every intrinsic function of stack `stackName` resolved. */
  public resolve(stackName: string, value: unknown): unknown {
    const resolved = this.resolveValue(stackName, value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  private resolveValue(stackName: string, value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((element) => this.resolveValue(stackName, element)).filter((element) => element !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const entries = Object.entries(value as { [key: string]: unknown });
    if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::') || entries[0][0] === 'Condition')) {
      return this.intrinsic(stackName, entries[0][0], entries[0][1]);
    }
    const result: { [key: string]: unknown } = {};
    for (const [key, element] of entries) {
      const resolved = this.resolveValue(stackName, element);
      if (resolved !== NO_VALUE) {
        result[key] = resolved;
      }
    }
    return result;
  }

  private intrinsic(stackName: string, name: string, argument: any): unknown {
    const resolve = (value: unknown) => this.resolveValue(stackName, value);
    switch (name) {
      case 'Ref':
        return this.ref(stackName, argument);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof argument === 'string' ? splitOnce(argument, '.') : argument;
        return this.getAtt(stackName, logicalId, String(resolve(attribute)));
      }
      case 'Fn::Join': {
        const [separator, parts] = argument;
        return (resolve(parts) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Sub': {
        const [text, variables] = typeof argument === 'string' ? [argument, {}] : argument;
        const values = resolve(variables) as { [name: string]: unknown };
        return String(text).replace(/\$\{([^}!]+)\}/g, (_match, variable: string) => String(
          variable in values ? values[variable] : variable.includes('.') ? this.getAtt(stackName, ...splitOnce(variable, '.')) : this.ref(stackName, variable)));
      }
      case 'Fn::Select': {
        const [index, list] = argument;
        return (resolve(list) as unknown[])[Number(resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, text] = argument;
        return String(resolve(text)).split(separator);
      }
      case 'Fn::GetAZs':
        return [...EXAMPLE.availabilityZones];
      case 'Fn::Base64':
        return resolve(argument);
      case 'Fn::FindInMap': {
        const [map, first, second] = (resolve(argument) as string[]);
        return this.template(stackName).Mappings?.[map]?.[first]?.[second] ?? `${UNRESOLVED}FindInMap ${map}.${first}.${second}`;
      }
      case 'Fn::ImportValue':
        return this.importValue(String(resolve(argument)));
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = argument;
        return resolve(this.condition(stackName, condition) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals': {
        const [left, right] = resolve(argument) as unknown[];
        return JSON.stringify(left) === JSON.stringify(right);
      }
      case 'Fn::Not':
        return !(resolve(argument) as unknown[])[0];
      case 'Fn::And':
        return (resolve(argument) as unknown[]).every(Boolean);
      case 'Fn::Or':
        return (resolve(argument) as unknown[]).some(Boolean);
      case 'Fn::Contains': {
        const [list, element] = resolve(argument) as [unknown[], unknown];
        return list.includes(element);
      }
      case 'Condition':
        return this.condition(stackName, argument);
      default:
        return `${UNRESOLVED}${name}`;
    }
  }

  private condition(stackName: string, name: string): boolean {
    return Boolean(this.resolveValue(stackName, this.template(stackName).Conditions?.[name]));
  }

  private ref(stackName: string, name: string): unknown {
    switch (name) {
      case 'AWS::AccountId': return EXAMPLE.account;
      case 'AWS::Region': return EXAMPLE.region;
      case 'AWS::Partition': return EXAMPLE.partition;
      case 'AWS::URLSuffix': return EXAMPLE.urlSuffix;
      case 'AWS::StackName': return stackName;
      case 'AWS::StackId': return `arn:${EXAMPLE.partition}:cloudformation:${EXAMPLE.region}:${EXAMPLE.account}:stack/${stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::NotificationARNs': return [];
    }
    const template = this.template(stackName);
    const parameter = template.Parameters?.[name];
    if (parameter) {
      return this.parameterValue(parameter);
    }
    if (template.Resources[name]) {
      return this.resource(stackName, name).physical.ref;
    }
    return `${UNRESOLVED}Ref ${stackName}/${name}`;
  }

  private getAtt(stackName: string, logicalId: string, attribute: string): unknown {
    const value = this.resource(stackName, logicalId).physical.attributes[attribute];
    return value ?? `${UNRESOLVED}GetAtt ${stackName}/${logicalId}.${attribute}`;
  }

  /** An SSM parameter reference resolves to what the stack that owns the parameter writes into it. */
  private parameterValue(parameter: { Type: string; Default?: unknown }): unknown {
    if (parameter.Type.startsWith('AWS::SSM::Parameter::Value<')) {
      const owner = this.stackNames.flatMap((stackName) => Object.entries(this.template(stackName).Resources)
        .filter(([, resource]) => resource.Type === 'AWS::SSM::Parameter' && this.resolve(stackName, resource.Properties?.Name) === parameter.Default)
        .map(([logicalId]) => this.resource(stackName, logicalId)))[0];
      return owner ? owner.props.Value : `${UNRESOLVED}SSM parameter ${parameter.Default}`;
    }
    return parameter.Default ?? `${UNRESOLVED}parameter without default`;
  }

  private importValue(exportName: string): unknown {
    for (const stackName of this.stackNames) {
      for (const output of Object.values(this.template(stackName).Outputs ?? {})) {
        if (output.Export && this.resolve(stackName, output.Export.Name) === exportName) {
          return this.resolve(stackName, output.Value);
        }
      }
    }
    return `${UNRESOLVED}ImportValue ${exportName}`;
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return [text.slice(0, index), text.slice(index + 1)];
}
