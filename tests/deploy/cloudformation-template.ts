import { readPackagedTemplate } from '../../scripts/lambda-artifacts';

/** One resource of a CloudFormation template, loosely typed: tests read what they assert on. */
export interface Resource {
  Type: string;
  Properties?: Record<string, any>;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  UpdatePolicy?: Record<string, any>;
}

export interface Template {
  Resources: Record<string, Resource>;
  Conditions?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
}

/** The template `serverless deploy` would send, from a package output directory. */
export async function loadTemplate(outputDir: string): Promise<Template> {
  return (await readPackagedTemplate(outputDir)) as Template;
}

/** Every resource of a type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The one resource with this logical id and type; fails the test when it is missing. */
export function resource(template: Template, logicalId: string, type: string): Resource {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`The template has no resource ${logicalId}`);
  if (found.Type !== type) throw new Error(`${logicalId} is a ${found.Type}, not a ${type}`);
  return found;
}

/** Every value nested in `value` (objects and arrays walked depth first), itself included. */
export function* walk(value: unknown): Generator<unknown> {
  yield value;
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (value && typeof value === 'object')
    for (const item of Object.values(value)) yield* walk(item);
}

/** The logical id a `{ Ref }`, `{ Fn::GetAtt }` or `integrations/${X}` target points at, if any. */
export function referencedId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') return object.Ref;
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/** The integration a route's Target names: `integrations/<id>` as Fn::Join or Fn::Sub. */
export function routeIntegrationId(target: unknown): string | undefined {
  if (!target || typeof target !== 'object') return undefined;
  const object = target as Record<string, unknown>;
  const sub = object['Fn::Sub'];
  if (typeof sub === 'string') return /^integrations\/\$\{(\w+)\}$/.exec(sub)?.[1];
  const join = object['Fn::Join'] as [string, unknown[]] | undefined;
  if (join && join[0] === '/' && join[1][0] === 'integrations') return referencedId(join[1][1]);
  return undefined;
}

/** An IAM policy statement with where it was found. */
export interface FoundStatement {
  where: string;
  statement: {
    Sid?: string;
    Effect: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: unknown;
    Principal?: unknown;
  };
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The actions of a statement as a list. */
export function actionsOf(statement: FoundStatement['statement']): string[] {
  return asList(statement.Action);
}

/**
 * Every statement of every policy document in the template: inline role policies, managed and
 * standalone policies, assume-role policies and resource policies (buckets, queues).
 */
export function policyStatements(template: Template): FoundStatement[] {
  const found: FoundStatement[] = [];
  const collect = (where: string, document: unknown) => {
    const statements = (document as { Statement?: unknown } | undefined)?.Statement;
    for (const statement of asList(statements as FoundStatement['statement'][] | undefined)) {
      found.push({ where, statement });
    }
  };
  for (const [id, { Type, Properties = {} }] of Object.entries(template.Resources)) {
    if (Type === 'AWS::IAM::Role') {
      collect(`${id} (assume role)`, Properties.AssumeRolePolicyDocument);
      for (const policy of asList(
        Properties.Policies as { PolicyName: string; PolicyDocument: unknown }[],
      )) {
        collect(`${id}/${policy.PolicyName}`, policy.PolicyDocument);
      }
    }
    if (['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(Type))
      collect(id, Properties.PolicyDocument);
    if (
      ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy'].includes(Type)
    ) {
      collect(id, Properties.PolicyDocument);
    }
  }
  return found;
}

/** The inline statements of one role that allow something. */
export function allowedStatements(
  template: Template,
  roleId: string,
): FoundStatement['statement'][] {
  return policyStatements(template)
    .filter(({ where }) => where.startsWith(`${roleId}/`))
    .map(({ statement }) => statement)
    .filter((statement) => statement.Effect === 'Allow');
}

/**
 * Evaluates a condition whose operands are literals, as every condition is once serverless has
 * substituted its params (Fn::Equals, Fn::Not, Fn::And, Fn::Or, { Condition }).
 */
export function conditionHolds(template: Template, name: string): boolean {
  const evaluate = (expression: unknown): boolean => {
    const object = expression as Record<string, unknown>;
    if (typeof object.Condition === 'string') return conditionHolds(template, object.Condition);
    const [operator, operands] = Object.entries(object)[0] ?? [];
    const list = operands as unknown[];
    switch (operator) {
      case 'Fn::Equals':
        if (list.some((operand) => typeof operand === 'object')) {
          throw new Error(`Condition ${name} compares something that is not a literal`);
        }
        return String(list[0]) === String(list[1]);
      case 'Fn::Not':
        return !evaluate(list[0]);
      case 'Fn::And':
        return list.every(evaluate);
      case 'Fn::Or':
        return list.some(evaluate);
      default:
        throw new Error(`Condition ${name} uses ${String(operator)}`);
    }
  };
  const expression = template.Conditions?.[name];
  if (expression === undefined) throw new Error(`The template has no condition ${name}`);
  return evaluate(expression);
}

/** A value with its `Fn::If`s decided by the template's conditions (deeply). */
export function resolveConditions(template: Template, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveConditions(template, item));
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const ifArgs = object['Fn::If'];
  if (Array.isArray(ifArgs) && Object.keys(object).length === 1) {
    const [condition, whenTrue, whenFalse] = ifArgs as [string, unknown, unknown];
    return resolveConditions(template, conditionHolds(template, condition) ? whenTrue : whenFalse);
  }
  return Object.fromEntries(
    Object.entries(object).map(([key, item]) => [key, resolveConditions(template, item)]),
  );
}

/** The text of a launch template's user data (`Fn::Base64` of a string or of an `Fn::Sub`). */
export function userDataText(userData: unknown): string {
  const base64 = (userData as Record<string, unknown>)['Fn::Base64'];
  if (typeof base64 === 'string') return base64;
  const sub = (base64 as Record<string, unknown> | undefined)?.['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  throw new Error('User data is neither Fn::Base64 of a string nor of an Fn::Sub');
}

/** The export names of a template's outputs, with the value each exports. */
export function exportsOf(template: Template): Map<string, unknown> {
  const exported = new Map<string, unknown>();
  for (const output of Object.values(template.Outputs ?? {})) {
    const name = (output as { Export?: { Name?: unknown } }).Export?.Name;
    if (typeof name === 'string') exported.set(name, output.Value);
  }
  return exported;
}

/** Every export name the template imports (Fn::ImportValue of a literal). */
export function importsOf(template: Template): string[] {
  const names = new Set<string>();
  for (const value of walk(template.Resources)) {
    const imported = (value as Record<string, unknown> | null)?.['Fn::ImportValue'];
    if (typeof imported === 'string') names.add(imported);
  }
  return [...names].sort();
}

/**
 * The code stack and the stateful stack as one template, as they run once both are deployed:
 * every resource of both, and each import of the code stack replaced by what the stateful stack
 * exports under that name (a Ref or GetAtt of its resource). Tests of the whole system (who may
 * read which secret, which tier reaches which) read this; tests of the split read each stack.
 */
export function deployedTogether(code: Template, data: Template): Template {
  const exported = exportsOf(data);
  const resolveImports = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolveImports);
    if (!value || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const imported = object['Fn::ImportValue'];
    if (typeof imported === 'string' && Object.keys(object).length === 1) {
      if (!exported.has(imported)) throw new Error(`No export named ${imported}`);
      return exported.get(imported);
    }
    return Object.fromEntries(
      Object.entries(object).map(([key, item]) => [key, resolveImports(item)]),
    );
  };
  return {
    Resources: {
      ...data.Resources,
      ...(resolveImports(code.Resources) as Record<string, Resource>),
    },
    Conditions: { ...data.Conditions, ...code.Conditions },
    Parameters: { ...data.Parameters, ...code.Parameters },
    Outputs: { ...data.Outputs, ...code.Outputs },
  };
}
