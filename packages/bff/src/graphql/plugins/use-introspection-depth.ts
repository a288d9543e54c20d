import type { FieldNode, FragmentDefinitionNode, SelectionSetNode, ValidationRule } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Caps the depth of introspection selections (`__schema`, `__type`),
 * counted from the operation root with fragments flattened, as graphql-armor
 * counts ordinary depth. graphql-armor's maxDepth skips `__schema`
 * subtrees, so without this a `__schema { types { fields { type { ofType … } } } }`
 * could nest as deep as the lexer allows. (graphql-js's own
 * MaxIntrospectionDepthRule only bounds the `fields`/`interfaces`/
 * `possibleTypes` cycles, not depth.)
 */
export function introspectionDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    /** The deepest field inside an introspection subtree, or 0 when there is none. */
    const deepest = (set: SelectionSetNode, depth: number, inside: boolean, visiting: Set<string>): number => {
      let max = 0;
      for (const sel of set.selections) {
        if (sel.kind === 'Field') {
          const within = inside || INTROSPECTION_ROOTS.has(sel.name.value);
          const own = within ? depth + 1 : 0;
          max = Math.max(max, own, sel.selectionSet ? deepest(sel.selectionSet, depth + 1, within, visiting) : 0);
        } else if (sel.kind === 'InlineFragment') {
          max = Math.max(max, deepest(sel.selectionSet, depth, inside, visiting));
        } else {
          // Cycles are refused by NoFragmentCyclesRule, but rules run side by side: guard anyway.
          const fragment: FragmentDefinitionNode | undefined = context.getFragment(sel.name.value) ?? undefined;
          if (!fragment || visiting.has(fragment.name.value)) continue;
          visiting.add(fragment.name.value);
          max = Math.max(max, deepest(fragment.selectionSet, depth, inside, visiting));
          visiting.delete(fragment.name.value);
        }
      }
      return max;
    };
    return {
      OperationDefinition(operation) {
        const depth = deepest(operation.selectionSet, 0, false, new Set());
        if (depth <= maxDepth) return;
        const root = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === 'Field' && INTROSPECTION_ROOTS.has(s.name.value));
        context.reportError(
          createGraphQLError(`Introspection depth limit of ${maxDepth} exceeded, found ${depth}.`, {
            nodes: root ? [root] : [operation],
            extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxIntrospectionDepth', http: { status: 400, spec: false } },
          }),
        );
      },
    };
  };
}

/** Adds the introspection depth cap to validation (see `introspectionDepthRule`). */
export function useIntrospectionDepth(maxDepth: number): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(introspectionDepthRule(maxDepth));
    },
  };
}
