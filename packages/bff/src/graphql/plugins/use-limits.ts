import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphqlConfig } from '../graphql-config.js';

/** Marks a rejected document as the caller's fault: code, limit name, HTTP 400 even for `application/json`. */
function tag(limit: string) {
  return (_ctx: unknown, error: GraphQLError) => {
    const ext = error.extensions as Record<string, unknown>;
    ext.code = 'QUERY_TOO_COMPLEX';
    ext.limit = limit;
    ext.http = { status: 400, spec: false };
  };
}

/**
 * Depth, alias, token, directive and cost limits (graphql-armor), checked
 * while parsing and validating, before any resolver runs. Field suggestions
 * ("Did you mean …") are masked so a closed schema cannot be guessed.
 */
export function useLimits(limits: GraphqlConfig['limits']): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, onReject: [tag('maxDepth')], flattenFragments: true },
    maxAliases: { n: limits.maxAliases, onReject: [tag('maxAliases')] },
    maxTokens: { n: limits.maxTokens, onReject: [tag('maxTokens')] },
    maxDirectives: { n: limits.maxDirectives, onReject: [tag('maxDirectives')] },
    costLimit: { maxCost: limits.maxCost, onReject: [tag('maxCost')] },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}
