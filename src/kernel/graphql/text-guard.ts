import {
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { Extensions } from 'type-graphql';
import { controlCharacterError, TEXT_KIND_EXTENSION, type TextKind } from '../common/text';

/**
 * Control characters in any text argument are BAD_USER_INPUT naming the field (the rule is
 * common/text.ts). One place for every operation, over HTTP and WebSocket alike: each field of the built
 * schema that takes text arguments checks them — nested input objects, lists and JSON included — before
 * its resolver (or subscription) runs. Fields without text arguments are left as they are, so reads cost
 * nothing more. The field is named as in other input errors: its path inside `input` or `filter`
 * ("reference", "items[1].externalId"), or the argument's own name. Fields marked `MultilineText` may
 * hold line breaks; fields marked `ScannedText` (the code fields) what a scanner sends besides.
 */
const MULTILINE = TEXT_KIND_EXTENSION.multiline;
const SCAN = TEXT_KIND_EXTENSION.scan;

/** Marks an input field whose text may span lines (tab, line feed, carriage return), e.g. a document. */
export const MultilineText = () => Extensions({ [MULTILINE]: true });

/**
 * Marks a field (or argument) a scanner types into: it may also hold the GS1 group separator and the
 * line end a scanner adds, which the scan reader handles (kernel/codes/scan-text.ts).
 */
export const ScannedText = () => Extensions({ [SCAN]: true });

/** The control characters a field's text may hold, from its marks (a field inside a multi-line input inherits). */
function kindOf(extensions: Readonly<Record<string, unknown>> | null | undefined, inherited: TextKind): TextKind {
  if (extensions?.[SCAN] === true) return 'scan';
  if (extensions?.[MULTILINE] === true) return 'multiline';
  return inherited;
}

const NO_TEXT_SCALARS = new Set(['Int', 'Float', 'Boolean']);

function carriesText(type: GraphQLNamedType, seen = new Set<GraphQLNamedType>()): boolean {
  if (isScalarType(type)) return !NO_TEXT_SCALARS.has(type.name);
  if (!isInputObjectType(type) || seen.has(type)) return false;
  seen.add(type);
  return Object.values(type.getFields()).some((f) => carriesText(getNamedType(f.type), seen));
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function check(type: GraphQLInputType, value: unknown, path: string, kind: TextKind): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return check(type.ofType, value, path, kind);
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((v, i) => check(type.ofType, v, `${path}[${i}]`, kind));
    else check(type.ofType, value, path, kind);
    return;
  }
  if (isInputObjectType(type)) {
    for (const f of Object.values(type.getFields())) {
      check(f.type, (value as Record<string, unknown>)[f.name], join(path, f.name), kindOf(f.extensions, kind));
    }
    return;
  }
  if (isScalarType(type) && !NO_TEXT_SCALARS.has(type.name)) checkAny(value, path, kind);
}

/** Strings anywhere in a scalar's value (a JSON argument may nest them). */
function checkAny(value: unknown, path: string, kind: TextKind): void {
  if (typeof value === 'string') {
    const error = controlCharacterError(path, value, kind);
    if (error) throw error;
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkAny(v, `${path}[${i}]`, kind));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) checkAny(v, join(path, k), kind);
  }
}

function checkArgs(defs: readonly GraphQLArgument[], args: Record<string, unknown>, kind: TextKind): void {
  for (const arg of defs) {
    // The fields of an input object are named by their path inside it, as validation errors name them.
    const path = isInputObjectType(getNamedType(arg.type)) ? '' : arg.name;
    check(arg.type, args[arg.name], path, kindOf(arg.extensions, kind));
  }
}

/** Wraps every field that takes text arguments so they are checked before it resolves or subscribes. */
export function guardTextArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown, Record<string, unknown>>[]) {
      if (!field.args.some((a) => carriesText(getNamedType(a.type)))) continue;
      // A query marked as a whole (scanCode) takes scanned text in all its arguments.
      const kind = kindOf(field.extensions, 'plain');
      if (field.subscribe) {
        const subscribe = field.subscribe;
        field.subscribe = (source, args, context, info) => {
          checkArgs(field.args, args, kind);
          return subscribe(source, args, context, info);
        };
      } else {
        const resolve = field.resolve ?? defaultFieldResolver;
        field.resolve = (source, args, context, info) => {
          checkArgs(field.args, args, kind);
          return resolve(source, args, context, info);
        };
      }
    }
  }
  return schema;
}
