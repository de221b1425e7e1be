import { zValidator } from '@hono/zod-validator';
import type { ZodType } from 'zod';
import { refuse } from './http-errors.js';

/**
 * A route's input checked by its zod schema; a value out of range is 400 with
 * the first field at fault (nothing is saved). Ids from the page are only
 * shapes here: whether the account may use them is the policy's question.
 */
export const valid = <T extends ZodType, Target extends 'json' | 'query' | 'param'>(target: Target, schema: T) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0];
      refuse('badInput', issue ? `${issue.path.join('.') || target}: ${issue.message}` : target);
    }
  });
