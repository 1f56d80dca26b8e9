import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { Template } from './cloudformation-template';

/**
 * Offline checks of a template against CloudFormation's resource specification (the database the
 * AWS CDK generates its L1 classes from): what `aws cloudformation validate-template` and a
 * deploy would reject for unknown names, found without an AWS account.
 */

type SpecDatabase = ReturnType<typeof loadAwsServiceSpecSync>;
type PropertyType = { type: string; reference?: { $ref: string }; element?: PropertyType };
type Properties = Record<string, { type: PropertyType; required?: boolean }>;

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

let spec: SpecDatabase | undefined;
const loadSpec = () => (spec ??= loadAwsServiceSpecSync());

const isIntrinsic = (value: unknown): boolean => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && /^(Ref|Condition|Fn::)/.test(keys[0] ?? '');
};

function specResource(db: SpecDatabase, type: string) {
  return db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

function checkValue(
  db: SpecDatabase,
  where: string,
  type: PropertyType,
  value: unknown,
  problems: string[],
): void {
  if (value === undefined || isIntrinsic(value)) return;
  if (type.type === 'ref' && type.reference) {
    const definition = db.get('typeDefinition', type.reference.$ref) as unknown as {
      properties: Properties;
    };
    checkProperties(db, where, definition.properties, value, problems);
  } else if (type.type === 'array' && type.element && Array.isArray(value)) {
    value.forEach((item, index) =>
      checkValue(db, `${where}[${index}]`, type.element!, item, problems),
    );
  } else if (type.type === 'map' && type.element && value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      checkValue(db, `${where}.${key}`, type.element, item, problems);
  }
}

function checkProperties(
  db: SpecDatabase,
  where: string,
  properties: Properties,
  value: unknown,
  problems: string[],
): void {
  if (!value || typeof value !== 'object' || Array.isArray(value) || isIntrinsic(value)) return;
  for (const [name, item] of Object.entries(value)) {
    const property = properties[name];
    if (!property) problems.push(`${where}: CloudFormation knows no property ${name}`);
    else checkValue(db, `${where}.${name}`, property.type, item, problems);
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.required && !(name in value))
      problems.push(`${where}: required property ${name} is missing`);
  }
}

/** Resource types, property names (nested ones too), required properties and GetAtt attributes unknown to CloudFormation. */
export function specProblems(template: Template): string[] {
  const db = loadSpec();
  const problems: string[] = [];
  for (const [id, { Type, Properties = {} }] of Object.entries(template.Resources)) {
    const found = specResource(db, Type);
    if (!found) {
      problems.push(`${id}: CloudFormation knows no resource type ${Type}`);
      continue;
    }
    // A custom resource passes every property besides its own to the function behind it.
    const properties: Properties =
      Type === 'AWS::CloudFormation::CustomResource'
        ? {
            ...Object.fromEntries(
              Object.keys(Properties).map((name) => [name, { type: { type: 'json' } }]),
            ),
            ...found.properties,
          }
        : found.properties;
    checkProperties(db, id, properties, Properties, problems);
  }
  for (const attribute of getAttReferences(template)) {
    const target = template.Resources[attribute.id];
    const found = target && specResource(db, target.Type);
    if (found && !(attribute.name in found.attributes)) {
      problems.push(
        `Fn::GetAtt ${attribute.id}.${attribute.name}: ${target.Type} has no such attribute`,
      );
    }
  }
  return problems;
}

interface AttributeReference {
  id: string;
  name: string;
}

/** Every `Fn::GetAtt` and every `${Id.Attribute}` inside an `Fn::Sub` string. */
function getAttReferences(template: Template): AttributeReference[] {
  const found: AttributeReference[] = [];
  for (const { node } of nodes(template)) {
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') {
      found.push({ id: getAtt[0], name: getAtt[1] });
    }
    for (const variable of subVariables(node)) {
      const dot = variable.indexOf('.');
      if (dot > 0 && template.Resources[variable.slice(0, dot)]) {
        found.push({ id: variable.slice(0, dot), name: variable.slice(dot + 1) });
      }
    }
  }
  return found;
}

function* nodes(value: unknown): Generator<{ node: Record<string, unknown> }> {
  if (Array.isArray(value)) for (const item of value) yield* nodes(item);
  else if (value && typeof value === 'object') {
    yield { node: value as Record<string, unknown> };
    for (const item of Object.values(value)) yield* nodes(item);
  }
}

/** The `${...}` variables of an Fn::Sub node that must resolve to something (not its own map, not `${!...}`). */
function subVariables(node: Record<string, unknown>): string[] {
  const sub = node['Fn::Sub'];
  const [text, map] =
    typeof sub === 'string'
      ? [sub, {}]
      : Array.isArray(sub)
        ? [sub[0], sub[1] ?? {}]
        : [undefined, {}];
  if (typeof text !== 'string') return [];
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => !(name in (map as Record<string, unknown>)));
}

/**
 * References that point at nothing: Ref, GetAtt, Sub variables, DependsOn, and condition names
 * (on resources and outputs, in Fn::If and in { Condition }).
 */
export function referenceProblems(template: Template): string[] {
  const problems: string[] = [];
  const resources = template.Resources;
  const parameters = template.Parameters ?? {};
  const conditions = template.Conditions ?? {};
  const known = (id: string) => id in resources || id in parameters || PSEUDO_PARAMETERS.has(id);
  for (const { node } of nodes(template)) {
    if (typeof node.Ref === 'string' && !known(node.Ref))
      problems.push(`Ref to unknown ${node.Ref}`);
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && !(getAtt[0] in resources)) {
      problems.push(`Fn::GetAtt of unknown ${getAtt[0]}`);
    }
    for (const variable of subVariables(node)) {
      const id = variable.split('.')[0] ?? variable;
      if (!known(id)) problems.push(`Fn::Sub variable \${${variable}} names nothing`);
    }
    const ifArgs = node['Fn::If'];
    if (Array.isArray(ifArgs) && typeof ifArgs[0] === 'string' && !(ifArgs[0] in conditions)) {
      problems.push(`Fn::If on unknown condition ${ifArgs[0]}`);
    }
    if (
      typeof node.Condition === 'string' &&
      Object.keys(node).length === 1 &&
      !(node.Condition in conditions)
    ) {
      problems.push(`{ Condition: ${node.Condition} } names no condition`);
    }
  }
  for (const [id, { Condition, DependsOn }] of Object.entries(resources)) {
    if (Condition !== undefined && !(Condition in conditions))
      problems.push(`${id} has unknown condition ${Condition}`);
    for (const dependency of DependsOn === undefined
      ? []
      : Array.isArray(DependsOn)
        ? DependsOn
        : [DependsOn]) {
      if (!(dependency in resources)) problems.push(`${id} depends on unknown ${dependency}`);
    }
  }
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition !== undefined && !(output.Condition in conditions)) {
      problems.push(`output ${id} has unknown condition ${output.Condition}`);
    }
  }
  return problems;
}
